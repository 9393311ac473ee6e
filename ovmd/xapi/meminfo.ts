// data/meminfo_total and data/meminfo_free from /proc/meminfo, pure. Free is MemAvailable when
// the kernel has it (what both xe-guest-utilities and xen-guest-agent report), else MemFree.
import type { MemoryFacts } from './report-layout.js';

/** Why: kB figures as the kernel prints them; undefined when MemTotal is missing. */
export function parseMeminfo(text: string): MemoryFacts | undefined {
  const field = (name: string) => {
    const m = new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const totalKb = field('MemTotal');
  const freeKb = field('MemAvailable') ?? field('MemFree');
  return totalKb === undefined || freeKb === undefined ? undefined : { totalKb, freeKb };
}

// Benchmark of --ovf-transport-iso's read: an OVF environment ISO (Oracle's template property
// set) is built with xorriso, then read and parsed to parameters through ovfIsoSource, which
// pipes the file out of the image without mounting it or writing it anywhere. The peer is the
// usual shell recipe for the same job without a mount: `xorriso -osirrox on -extract` into a
// temporary directory, then reading the file (which also leaves the password on disk until it
// is removed). Milliseconds, median of 7 runs each.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './run.js';
import { ovfIsoSource } from '../../template.d/ovf/ovf-source.js';

const ROUNDS = 7;

const ENV = `<?xml version="1.0" encoding="UTF-8"?>
<Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">
  <ovf:ProductSection ovf:class="com.oracle.linux">
    <ovf:Property ovf:key="network.hostname" ovf:value="bench.example.com"/>
    <ovf:Property ovf:key="network.device.0" ovf:value="eth0"/>
    <ovf:Property ovf:key="network.bootproto.0" ovf:value="static"/>
    <ovf:Property ovf:key="network.ipaddr.0" ovf:value="192.0.2.10"/>
    <ovf:Property ovf:key="network.netmask.0" ovf:value="255.255.255.0"/>
    <ovf:Property ovf:key="network.gateway.0" ovf:value="192.0.2.1"/>
    <ovf:Property ovf:key="network.dns-servers.0" ovf:value="192.0.2.53"/>
    <ovf:Property ovf:key="network.dns-search-domains.0" ovf:value="example.com"/>
    <ovf:Property ovf:key="root-password" ovf:value="bench-pw" ovf:password="true"/>
  </ovf:ProductSection>
</Environment>
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

async function timed(task: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return median(times);
}

export default async function (): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ovm-bench-ovf-'));
  try {
    mkdirSync(join(dir, 'tree'));
    writeFileSync(join(dir, 'tree/ovf-env.xml'), ENV);
    const iso = join(dir, 'env.iso');
    execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-r', '-J', '-o', iso, join(dir, 'tree')], { stdio: 'pipe' });
    const source = ovfIsoSource({ path: iso });
    const context = { target: 'configure' as const, modules: [] };
    const ours = await timed(() => source.read(context));
    const peer = await timed(() => {
      const out = mkdtempSync(join(dir, 'x-'));
      execFileSync('xorriso', ['-osirrox', 'on', '-indev', iso, '-extract', '/ovf-env.xml', join(out, 'ovf-env.xml')], { stdio: 'pipe' });
      readFileSync(join(out, 'ovf-env.xml'), 'utf8');
      rmSync(out, { recursive: true, force: true });
    });
    return [{ bench: 'ovf-iso-read-and-parse', unit: 'ms', ours, peer: 'xorriso -extract to a temp dir, then read', peer_value: peer }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Edits the two files that say how the hardware clock keeps time and which zone the system uses:
// /etc/adjtime (every family) and /etc/sysconfig/clock (el6). Pure: text in, text out.
import { fromLines, toLines } from './directive-lines.js';

// adjtime(5): line 1 "drift last-adjust-time adjustment-status", line 2 the last calibration time,
// line 3 "UTC" or "LOCAL". hwclock creates the first two lines with these values when missing.
const ADJTIME_DEFAULTS = ['0.0 0 0.0', '0'];

/** Why: the third line of /etc/adjtime is what hwclock and systemd read to know the clock's mode. */
export function setAdjtimeMode(text: string | undefined, utc: boolean): string {
  const lines = toLines(text ?? '');
  const head = ADJTIME_DEFAULTS.map((fallback, i) => lines[i] ?? fallback);
  return fromLines([...head, utc ? 'UTC' : 'LOCAL', ...lines.slice(3)]);
}

/**
 * Why: el6 reads ZONE= (for tzdata-update, which re-copies /etc/localtime on tzdata updates) and
 * UTC= (for rc.sysinit and halt, which pass --utc or --localtime to hwclock) from
 * /etc/sysconfig/clock, a shell fragment. Sets one variable, keeping every other line; a new
 * variable goes at the end.
 */
export function setShellVar(text: string | undefined, name: string, value: string): string {
  const lines = toLines(text ?? '');
  const owned = new RegExp(`^\\s*${name}=`);
  const line = `${name}=${value}`;
  const at = lines.findIndex((l) => owned.test(l));
  const kept = lines.filter((l, i) => i === at || !owned.test(l));
  if (at < 0) return fromLines([...kept, line]);
  return fromLines(kept.map((l) => (owned.test(l) ? line : l)));
}

/** Why: el6's system-config-date writes the zone quoted; values are already checked to be safe. */
export function clockZoneValue(zone: string): string {
  return `"${zone}"`;
}

// Edits the two files that say how the hardware clock keeps time and which zone the system uses:
// /etc/adjtime (every family) and /etc/sysconfig/clock (el6). Pure: text in, text out.
import { fromLines, toLines } from '../lib/line-editor.js';
import { editShellVars } from '../lib/shell-vars.js';

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
 * Why: el6 reads ZONE= (tzdata-update re-copies /etc/localtime from it when tzdata changes) and
 * UTC= (rc.sysinit and halt pass --utc or --localtime to hwclock from it) in
 * /etc/sysconfig/clock, a shell fragment; every other line and the quoting style are kept.
 */
export function setClockVars(text: string | undefined, vars: { ZONE?: string; UTC?: boolean }): string {
  const updates: Record<string, string> = {};
  if (vars.ZONE !== undefined) updates.ZONE = vars.ZONE;
  if (vars.UTC !== undefined) updates.UTC = vars.UTC ? 'true' : 'false';
  return editShellVars(text ?? '', updates);
}

// Setting the clocks from the `datetime` key: the system clock, then the hardware clock from it.
// Both only make sense on the running system, so both are live-only commands.
import { checkFormat } from '../../template.d/params/formats.js';
import { InputError, type Change } from '../lib/types.js';

/** Why: Oracle's value is not zero-padded ("2011-4-7-9-2-42"); date(1) wants "2011-04-07 09:02:42". */
export function parseDatetime(key: string, value: string): string {
  const problem = checkFormat('datetime', value);
  if (problem !== undefined) throw new InputError(key, problem);
  const [y, mo, d, h, mi, s] = value.split('-').map((part) => part.padStart(2, '0'));
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/**
 * Why: the `datetime` key's effect. The time is the guest's local time in the (possibly just
 * configured) zone, which date(1) reads from /etc/localtime; the zone change comes earlier in the
 * list, so it is in place. `utc` (when given) tells hwclock which mode the hardware clock keeps;
 * without it hwclock reads the mode from /etc/adjtime.
 */
export function clockSetChanges(key: string, value: string, utc: boolean | undefined): Change[] {
  const when = parseDatetime(key, value);
  const mode = utc === undefined ? [] : [utc ? '--utc' : '--localtime'];
  const why = `${key}=${value}`;
  return [
    { kind: 'run', argv: ['date', '--set', when], live: true, why },
    { kind: 'run', argv: ['hwclock', '--systohc', ...mode], live: true, why },
  ];
}

// Reads the TAP-like lines the programs inside the VM print (guest/tap.ts) into results the
// vitest files turn into one test each, and "# key=value" lines into measurements.

export interface CheckLine {
  side: 'guest' | 'dom0';
  name: string;
  ok: boolean;
  detail: string;
}

/** Why: one parser for both sides' outputs. */
export function parseChecks(side: CheckLine['side'], out: string): CheckLine[] {
  const found: CheckLine[] = [];
  for (const line of out.split('\n')) {
    const m = line.match(/^(not )?ok - (.*?)(?: # (.*))?$/);
    if (m) found.push({ side, name: m[2]!, ok: !m[1], detail: m[3] ?? '' });
  }
  return found;
}

/** Why: figures measured inside the VM, keyed as printed. */
export function parseMeasures(out: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = line.match(/^# ([\w.-]+)=(.*)$/);
    if (m) found[m[1]!] = m[2]!;
  }
  return found;
}

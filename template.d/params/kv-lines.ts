// The `key=value` line format `ovmd -l` prints and `ovm-template-config --stdin` accepts: one
// parameter per line, the value is everything after the first `=`, and a backslash, newline or
// carriage return inside a value is written `\\`, `\n`, `\r` so a multi-line SSH key stays on
// one line.
import type { Params } from './descriptor.js';

function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Unknown escapes are kept as written, so a value that was never escaped survives. */
function unescapeValue(value: string): string {
  return value.replace(/\\([\\nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
}

/** Why: `ovmd -l` prints the parameter store in this form, sorted by key. */
export function formatKvLines(params: Params): string {
  return Object.keys(params)
    .sort()
    .map((key) => `${key}=${escapeValue(params[key]!)}\n`)
    .join('');
}

/** Why: `--stdin` accepts what `ovmd -l` printed; a line without `=` is an error naming it. */
export function parseKvLines(text: string): Params {
  const params: Params = {};
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      throw new Error(`line ${index + 1}: expected key=value, got "${line.slice(0, 40)}"`);
    }
    params[line.slice(0, eq).trim()] = unescapeValue(line.slice(eq + 1));
  });
  return params;
}

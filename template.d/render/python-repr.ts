// Python's repr() for the values `--human-readable` prints: str, int, bool, None, list, tuple
// and dict (keys sorted, as pprint sorts them). Pure. Rules follow CPython 3's unicode_repr:
// single quotes unless the text has a single quote and no double quote; \\, \t, \n, \r and
// non-printable characters escaped.

/** A Python tuple; JavaScript arrays stand for Python lists. */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

export type PyValue = string | number | boolean | null | PyValue[] | PyTuple | { [key: string]: PyValue };

// Not printable for str.isprintable(): other (C*) and separator (Z*) categories, except space.
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

function escapeChar(ch: string, quote: string): string {
  if (ch === '\\' || ch === quote) return `\\${ch}`;
  if (ch === '\t') return '\\t';
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === ' ' || !NON_PRINTABLE.test(ch)) return ch;
  const code = ch.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** Why: Python's own quoting, so the output reads like Oracle's and ast.literal_eval reads it. */
export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) out += escapeChar(ch, quote);
  return out + quote;
}

export function sortedEntries(dict: { [key: string]: PyValue }): [string, PyValue][] {
  return Object.keys(dict)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => [k, dict[k]!]);
}

/** The one-line repr of any value. */
export function repr(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return reprString(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (value instanceof PyTuple) {
    const inner = value.items.map(repr).join(', ');
    return value.items.length === 1 ? `(${inner},)` : `(${inner})`;
  }
  return `{${sortedEntries(value).map(([k, v]) => `${reprString(k)}: ${repr(v)}`).join(', ')}}`;
}

// Lays out a value the way Python's pprint.pformat does (width 80, indent 1, dicts sorted),
// for `ovm-template-config --human-readable --enumerate`. Pure. The algorithm mirrors CPython's
// Lib/pprint.py: a value whose repr fits stays on one line; otherwise lists, tuples and dicts
// put one item per line, and long strings are split at blanks into adjacent literals.
import { PyTuple, repr, reprString, sortedEntries, type PyValue } from './python-repr.js';

const WIDTH = 80;

type Out = string[];

function format(value: PyValue, out: Out, indent: number, allowance: number, level: number): void {
  const rep = repr(value);
  if (rep.length <= WIDTH - indent - allowance) {
    out.push(rep);
    return;
  }
  if (typeof value === 'string') return formatString(value, out, indent, allowance, level + 1);
  if (Array.isArray(value)) return formatSequence('[', ']', value, out, indent, allowance, level + 1);
  if (value instanceof PyTuple) {
    const end = value.items.length === 1 ? ',)' : ')';
    return formatSequence('(', end, value.items, out, indent, allowance, level + 1);
  }
  if (value !== null && typeof value === 'object') return formatDict(value, out, indent, allowance, level + 1);
  out.push(rep);
}

function formatSequence(open: string, close: string, items: PyValue[], out: Out, indent: number, allowance: number, level: number): void {
  out.push(open);
  const inner = indent + 1;
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    if (i > 0) out.push(`,\n${' '.repeat(inner)}`);
    format(item, out, inner, last ? allowance + close.length : 1, level);
  });
  out.push(close);
}

function formatDict(dict: { [key: string]: PyValue }, out: Out, indent: number, allowance: number, level: number): void {
  out.push('{');
  const inner = indent + 1;
  const entries = sortedEntries(dict);
  entries.forEach(([key, value], i) => {
    const last = i === entries.length - 1;
    if (i > 0) out.push(`,\n${' '.repeat(inner)}`);
    const keyRep = reprString(key);
    out.push(`${keyRep}: `);
    format(value, out, inner + keyRep.length + 2, last ? allowance + 1 : 1, level);
  });
  out.push('}');
}

/** Python's str.splitlines(keepends=True) for the common line breaks. */
function splitLinesKeep(text: string): string[] {
  return text.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g)!.filter((l) => l !== '');
}

function chunksOf(line: string, maxWidth: number, lastAllowance: number, isLastLine: boolean): string[] {
  const parts = line.match(/\S*\s*/g)!.filter((p) => p !== '');
  const chunks: string[] = [];
  let current = '';
  let max = maxWidth;
  parts.forEach((part, j) => {
    const candidate = current + part;
    if (j === parts.length - 1 && isLastLine) max -= lastAllowance;
    if (reprString(candidate).length > max) {
      if (current) chunks.push(reprString(current));
      current = part;
    } else current = candidate;
  });
  if (current) chunks.push(reprString(current));
  return chunks;
}

function formatString(text: string, out: Out, indent: number, allowance: number, level: number): void {
  const lines = splitLinesKeep(text);
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const maxWidth = WIDTH - indent;
  const chunks: string[] = [];
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    const rep = reprString(line);
    if (rep.length <= (last ? maxWidth - allowance : maxWidth)) chunks.push(rep);
    else chunks.push(...chunksOf(line, maxWidth, allowance, last));
  });
  if (chunks.length <= 1) {
    out.push(reprString(text));
    return;
  }
  const joined = chunks.join(`\n${' '.repeat(indent)}`);
  out.push(level === 1 ? `(${joined})` : joined);
}

/** Why: Oracle's documented way to list variables printed pprint output; people read it. */
export function pformat(value: PyValue): string {
  const out: Out = [];
  format(value, out, 0, 0, 0);
  return out.join('');
}

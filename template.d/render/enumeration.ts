// The `--enumerate` output: a list of (priority, name, [descriptor, ...]) sorted by priority then
// name, as JSON arrays or, with --human-readable, as the Python literal Oracle's tool printed
// (shared spec template-config.md, "--human-readable"). Pure.
import type { EnumerationEntry } from '../runner/types.js';
import { pformat } from './pprint.js';
import { PyTuple, type PyValue } from './python-repr.js';

/** Oracle's order: by priority, then by name (code-unit order). */
function sorted(entries: EnumerationEntry[]): EnumerationEntry[] {
  return [...entries].sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Why: one structure, two spellings: JSON arrays or Python tuples. */
export function renderEnumeration(entries: EnumerationEntry[], humanReadable: boolean): string {
  const list = sorted(entries);
  if (!humanReadable) return `${JSON.stringify(list.map((e) => [e.priority, e.name, e.descriptors]), null, 2)}\n`;
  const value = list.map((e) => new PyTuple([e.priority, e.name, e.descriptors as unknown as PyValue[]]));
  return `${pformat(value)}\n`;
}

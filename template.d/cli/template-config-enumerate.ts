// `ovm-template-config --enumerate <target>`: the parameters of every enabled module, as JSON or,
// with --human-readable, as the Python literal Oracle's tool printed.
import type { EnumerationEntry } from '../runner/types.js';
import { enumerateTarget } from '../runner/enumerate.js';
import { pformat } from '../render/pprint.js';
import { PyTuple, type PyValue } from '../render/python-repr.js';
import type { TemplateConfigOptions } from './template-config-options.js';
import { EXIT } from './exit-codes.js';

/** Oracle's order: by priority, then by name. */
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

export async function enumerateCommand(options: TemplateConfigOptions): Promise<number> {
  const entries = await enumerateTarget(options);
  const bad = entries.filter((e) => e.error);
  process.stdout.write(renderEnumeration(entries.filter((e) => !e.error), options.humanReadable));
  for (const e of bad) process.stderr.write(`ovm-template-config: module ${e.name}: ${e.error}; its parameters are not listed\n`);
  return bad.length ? EXIT.moduleFailed : EXIT.ok;
}

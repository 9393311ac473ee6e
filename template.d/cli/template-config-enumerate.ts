// `ovm-template-config --enumerate <target>`: the parameters of every enabled module. A module
// whose enumeration fails is named on stderr and the exit status says so.
import { enumerateTarget } from '../runner/enumerate.js';
import { renderEnumeration } from '../render/enumeration.js';
import type { TemplateConfigOptions } from './template-config-options.js';
import { EXIT } from './exit-codes.js';

/** Why: Oracle's documented way to list the variables a target accepts. */
export async function enumerateCommand(options: TemplateConfigOptions): Promise<number> {
  const entries = await enumerateTarget(options);
  const bad = entries.filter((e) => e.error);
  process.stdout.write(renderEnumeration(entries.filter((e) => !e.error), options.humanReadable));
  for (const e of bad) process.stderr.write(`ovm-template-config: module ${e.name}: ${e.error}; its parameters are not listed\n`);
  return bad.length ? EXIT.moduleFailed : EXIT.ok;
}

// `ovm-template-config --enumerate <target>`: the parameters of every enabled module. A module
// whose enumeration fails is named on stderr and the exit status says so.
import { askedAgainNote, enumerateTarget } from '../runner/enumerate.js';
import { renderEnumeration } from '../render/enumeration.js';
import type { TemplateConfigOptions } from './template-config-options.js';
import { EXIT } from './exit-codes.js';

/** Options that only matter to a run; --enumerate reads no parameters and runs nothing. */
function ignoredOptions(options: TemplateConfigOptions): string[] {
  const given: [boolean, string][] = [
    [options.stdin, '--stdin'],
    [options.input !== undefined, '--input'],
    [options.consoleInput, '--console-input'],
    [options.ovfIso !== undefined, '--ovf-transport-iso'],
    [options.output !== undefined, '--output'],
    [options.dryRun, '--dry-run'],
    [options.json, '--json'],
  ];
  return given.filter(([on]) => on).map(([, name]) => name);
}

/** Why: Oracle's documented way to list the variables a target accepts. */
export async function enumerateCommand(options: TemplateConfigOptions): Promise<number> {
  // A warning, not a refusal: Oracle's tool accepted these beside -e, and scripts may pass them.
  const ignored = ignoredOptions(options);
  if (ignored.length) {
    process.stderr.write(
      `ovm-template-config: warning: ${ignored.join(', ')} ignored: --enumerate only lists the parameters the modules accept; it reads none and runs nothing\n`,
    );
  }
  const entries = await enumerateTarget(options);
  const bad = entries.filter((e) => e.error);
  process.stdout.write(renderEnumeration(entries.filter((e) => !e.error), options.humanReadable));
  for (const e of bad) process.stderr.write(`ovm-template-config: module ${e.name}: ${e.error}; its parameters are not listed\n`);
  for (const e of entries.filter((x) => x.askedAgain)) process.stderr.write(`ovm-template-config: warning: ${askedAgainNote(e)}\n`);
  return bad.length ? EXIT.moduleFailed : EXIT.ok;
}

// Turns a CommandSpec into yargs options, so every CLI declares its options once.
import type { Argv, Options } from 'yargs';
import type { CommandSpec, OptionSpec } from './command-spec.js';

/** yargs 18 has usageConfiguration (`hide-types`); @types/yargs 17 does not declare it yet. */
type WithUsageConfig<T> = Argv<T> & { usageConfiguration(config: { 'hide-types': boolean }): Argv<T> };

function toYargsOption(option: OptionSpec): Options {
  const out: Options = {
    type: option.type,
    describe: option.describe,
  };
  if (option.short) out.alias = option.short;
  if (option.default !== undefined) out.default = option.default;
  // One value per use (`-s a -s b`): a greedy array would swallow a following positional.
  if (option.repeatable) {
    out.array = true;
    out.nargs = 1;
  }
  if (option.type !== 'boolean') {
    out.requiresArg = true;
    if (option.metavar) out.describe = `${option.describe} [${option.metavar}]`;
  }
  // The type tags are hidden (they clutter the help), and the default with them: say it in words.
  if (option.default !== undefined && option.type !== 'boolean') out.describe = `${out.describe} (default: ${option.default})`;
  return out;
}

/** Examples as their own lines (command, then what it does), so no command is wrapped mid-way. */
function examplesEpilog(spec: CommandSpec): string {
  const lines = (spec.examples ?? []).map(([cmd, what]) => `  ${cmd}\n      ${what}`);
  return lines.length ? `Examples:\n${lines.join('\n')}\n` : '';
}

/** Adds every option of the spec to the parser; returns the same parser for chaining. */
export function applySpec<T>(parser: Argv<T>, spec: CommandSpec): Argv<T> {
  let p = parser.scriptName(spec.name).usage(spec.synopsis.map((s) => `$0 ${s}`).join('\n'));
  p = (p as WithUsageConfig<T>).usageConfiguration({ 'hide-types': true });
  for (const option of spec.options) p = p.option(option.name, toYargsOption(option));
  const examples = examplesEpilog(spec);
  if (examples) p = p.epilog(examples);
  return p;
}

// Turns a CommandSpec into yargs options, so every CLI declares its options once. yargs only
// parses: --help, --version and the error messages are ours (help-text.ts, usage-errors.ts).
import type { Argv, Options } from 'yargs';
import type { CommandSpec, OptionSpec } from './command-spec.js';

function toYargsOption(option: OptionSpec): Options {
  const out: Options = { type: option.type };
  if (option.short) out.alias = option.short;
  if (option.default !== undefined) out.default = option.default;
  // One value per use (`-s a -s b`): a greedy array would swallow a following positional.
  if (option.repeatable) {
    out.array = true;
    out.nargs = 1;
  }
  if (option.type !== 'boolean') out.requiresArg = true;
  return out;
}

/** Adds every option of the spec to the parser; returns the same parser for chaining. */
export function applySpec<T>(parser: Argv<T>, spec: CommandSpec): Argv<T> {
  let p = parser.scriptName(spec.name);
  for (const option of spec.options) p = p.option(option.name, toYargsOption(option));
  return p;
}

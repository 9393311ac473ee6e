// Our wording for the command-line mistakes the parser (yargs) detects, the same in all four
// commands: an option named as it was typed, a missing value shown with its placeholder, and a
// near miss suggested. Pure: the spec and yargs' message in, one line out.
import type { CommandSpec, OptionSpec } from './command-spec.js';
import { nearestName } from '../render/nearest-name.js';

/** The declared long option closest to a mistyped one, when it is close enough to be meant. */
export function nearestOption(spec: CommandSpec, typed: string): string | undefined {
  const word = typed.replace(/^-+/, '');
  if (word.length < 3) return undefined;
  const name = nearestName(word, spec.options.map((o) => o.name), { allowed: Math.max(1, Math.floor(word.length / 4)), prefixes: true });
  return name === undefined ? undefined : `--${name}`;
}

/** yargs names an unknown option without its dashes ("Unknown argument: bogus"); show it as typed. */
function unknownOptions(spec: CommandSpec, list: string): string {
  const given = list.split(', ');
  // yargs also lists the camelCase copy it made of a dashed name (no-such -> noSuch): drop it.
  const kebab = (n: string) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const typed = given.filter((n) => n === kebab(n) || !given.includes(kebab(n)));
  const names = typed.map((n) => (n.length === 1 ? `-${n}` : `--${n}`));
  const hint = names.length === 1 ? nearestOption(spec, names[0]!) : undefined;
  return `unknown option${names.length > 1 ? 's' : ''}: ${names.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`;
}

function findOption(spec: CommandSpec, key: string): OptionSpec | undefined {
  return spec.options.find((o) => o.name === key || o.short === key);
}

/** "Not enough arguments following: s" -> "-s needs a value: -s NAME". */
function missingValue(spec: CommandSpec, key: string): string {
  const option = findOption(spec, key);
  const metavar = option?.metavar ?? 'VALUE';
  if (key.length === 1) return `-${key} needs a value: -${key} ${metavar}`;
  return `--${key} needs a value: --${key}=${metavar}`;
}

/** Why: users see one style whichever command they mistype, never the parser's own phrases. */
export function explainParseError(spec: CommandSpec, message: string): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown) return unknownOptions(spec, unknown[1]!);
  const missing = /^Not enough arguments following: (.+)$/.exec(message);
  if (missing) return missingValue(spec, missing[1]!);
  return message.charAt(0).toLowerCase() + message.slice(1);
}

// Our wording for the command-line mistakes the parser (yargs) detects, the same in all four
// commands: an option named as it was typed, a missing value shown with its placeholder, and a
// near miss suggested. Pure: the spec and yargs' message in, one line out.
import type { CommandSpec, OptionSpec } from './command-spec.js';

/** Edit distance (insert, delete, substitute, swap two neighbours), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The declared long option closest to a mistyped one, when it is close enough to be meant. */
export function nearestOption(spec: CommandSpec, typed: string): string | undefined {
  const word = typed.replace(/^-+/, '');
  if (word.length < 3) return undefined;
  const scored = spec.options.map((o) => ({ name: o.name, d: o.name.startsWith(word) ? 0 : distance(word, o.name) }));
  const best = scored.sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(1, Math.floor(word.length / 4)) ? `--${best.name}` : undefined;
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

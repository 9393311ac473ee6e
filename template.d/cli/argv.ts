// Builds a yargs parser from a CommandSpec with the behaviour both commands share: --version,
// -h/--help, unknown options refused, and usage errors turned into a UsageError (exit 2).
import yargs, { type Argv } from 'yargs';
import type { CommandSpec } from '../options/command-spec.js';
import { applySpec } from '../options/to-yargs.js';
import { VERSION } from './version.js';

/** A wrong command line; the CLI prints the message and a hint, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Parsed = Record<string, unknown> & { _: (string | number)[] };

/** Why: one place decides how both commands parse, so their conventions cannot drift. */
export function parseArgs(spec: CommandSpec, args: string[]): Parsed | 'exit' {
  let exitRequested = false;
  const parser: Argv = applySpec(yargs(args), spec)
    .version(`${spec.name} ${VERSION}`)
    .help('help')
    .alias('help', 'h')
    .strictOptions()
    .exitProcess(false)
    .parserConfiguration({ 'boolean-negation': false })
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      throw new UsageError(withDashes(message ?? error?.message ?? 'invalid command line'));
    });
  // A repeatable option takes exactly one value per occurrence, so `-s name target` keeps the
  // target as a positional (yargs arrays would swallow it).
  for (const option of spec.options) if (option.repeatable) parser.option(option.name, { nargs: 1 });
  parser.epilog(exitEpilog(spec));
  const argv = parser.parseSync() as Parsed;
  if (argv.help || argv.version) exitRequested = true;
  return exitRequested ? 'exit' : argv;
}

/** yargs names an unknown option without its dashes ("Unknown argument: bogus"); show it as typed. */
export function withDashes(message: string): string {
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (!match) return message;
  const given = match[1]!.split(', ');
  // yargs also lists the camelCase copy it made of a dashed name (no-such -> noSuch): drop it.
  const kebab = (n: string) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const typed = given.filter((n) => n === kebab(n) || !given.includes(kebab(n)));
  const names = typed.map((n) => (n.length === 1 ? `-${n}` : `--${n}`));
  return `unknown option${names.length > 1 ? 's' : ''}: ${names.join(', ')}`;
}

function exitEpilog(spec: CommandSpec): string {
  const lines = (spec.exitStatus ?? []).map((s) => `  ${s}`);
  return lines.length ? `Exit status:\n${lines.join('\n')}` : '';
}

/** Why: the usage-error text always says how to get help. */
export function usageMessage(spec: CommandSpec, message: string): string {
  return `${spec.name}: ${message}\nTry '${spec.name} --help' for more information.\n`;
}

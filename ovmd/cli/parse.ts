// Command-line parsing shared by ovmd and ovm-vmmessage: the parser comes from the command's
// CommandSpec, unknown options are refused, and -h/-v are handled here so both commands print
// help and version the same way. Usage errors become UsageError (exit status 2).
import yargs, { type Argv } from 'yargs';
import type { CommandSpec } from '../../template.d/options/command-spec.js';
import { applySpec } from '../../template.d/options/to-yargs.js';
import { VERSION } from '../../template.d/cli/version.js';

/** A wrong command line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Parsed = Record<string, unknown> & { _: (string | number)[] };

/** Parses argv; returns a string (print it and exit 0) for --help / --version. */
export async function parseCommandLine(spec: CommandSpec, args: string[]): Promise<Parsed | string> {
  const parser: Argv = applySpec(yargs(args), spec)
    .version(false)
    .help(false)
    .strict()
    .exitProcess(false)
    .parserConfiguration({ 'boolean-negation': false })
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      throw new UsageError(message ?? error?.message ?? 'invalid command line');
    });
  const exit = (spec.exitStatus ?? []).join(' ');
  if (exit) parser.epilog(`Exit status: ${exit}`);
  const argv = (await parser.parseAsync()) as Parsed;
  if (argv.help) return `${spec.summary}\n\n${await parser.getHelp()}\n`;
  if (argv.version) return `${spec.name} ${VERSION}\n`;
  return argv;
}

/** The text printed for a usage error: the problem and where to find help. */
export function usageText(spec: CommandSpec, message: string): string {
  return `${spec.name}: ${message}\nTry '${spec.name} --help' for more information.\n`;
}

/** Options given on the command line among `names` (booleans only when true). */
export function givenOptions(argv: Parsed, names: string[]): string[] {
  return names.filter((n) => argv[n] !== undefined && argv[n] !== false);
}

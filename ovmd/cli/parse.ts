// Command-line parsing shared by ovmd and ovm-vmmessage: the parser comes from the command's
// CommandSpec, unknown options are refused, and --help/--version (with the short letters a spec
// declares for them) use yargs' own help and version. Usage errors become UsageError (exit status 2).
import yargs, { type Argv } from 'yargs';
import type { CommandSpec } from '../../template.d/options/command-spec.js';
import { applySpec } from '../../template.d/options/to-yargs.js';
import { VERSION } from '../../template.d/cli/version.js';

/** A wrong command line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The parsed command line: option values by long name, plus positionals. */
export type Parsed = Record<string, unknown> & { _: (string | number)[] };

const BUILT_IN = new Set(['help', 'version']);

/** Parses argv; returns 'exit' after yargs printed --help or --version. */
export async function parseCommandLine(spec: CommandSpec, args: string[]): Promise<Parsed | 'exit'> {
  const own = { ...spec, options: spec.options.filter((o) => !BUILT_IN.has(o.name)) };
  let printed = false;
  let parser: Argv = applySpec(yargs(args), own).version(`${spec.name} ${VERSION}`).help('help');
  // Short letters only where the command declares them (ovmd: -v/-h, Oracle's; ovm-vmmessage: none).
  for (const name of BUILT_IN) {
    const short = spec.options.find((o) => o.name === name)?.short;
    if (short) parser = parser.alias(name, short);
  }
  parser = parser
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
  if (argv.help || argv.version) printed = true;
  return printed ? 'exit' : argv;
}

/** The text printed for a usage error: the problem and where to find help. */
export function usageText(spec: CommandSpec, message: string): string {
  return `${spec.name}: ${message}\nTry '${spec.name} --help' for more information.\n`;
}

/** Options given on the command line among `names` (booleans only when true). */
export function givenOptions(argv: Parsed, names: string[]): string[] {
  return names.filter((n) => argv[n] !== undefined && argv[n] !== false);
}

// The one command-line parser of the four commands (ovmd, ovm-vmmessage, ovm-template-config,
// ovm-chkconfig), built from the command's CommandSpec: unknown options refused, --help and
// --version printed from the spec (help-text.ts), and every parser complaint reworded
// (usage-errors.ts) into a UsageError, which the CLI prints with a pointer to --help (exit 2).
import yargs, { type Argv } from 'yargs';
import type { CommandSpec } from '../options/command-spec.js';
import { renderHelp } from '../options/help-text.js';
import { applySpec } from '../options/to-yargs.js';
import { explainParseError } from '../options/usage-errors.js';
import { VERSION } from './version.js';

/** A wrong command line; the CLI prints the message and a hint, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Parsed = Record<string, unknown> & { _: (string | number)[] };

/** The words that ask for help or the version, as this command declares them. */
function flagWords(spec: CommandSpec, name: 'help' | 'version'): string[] {
  const option = spec.options.find((o) => o.name === name);
  if (!option) return [];
  return [`--${name}`, ...(option.short ? [`-${option.short}`] : [])];
}

/**
 * Why: yargs reads `--dry-run=yes` as false, so a switch given a value could silently do the
 * opposite of what was typed (here: a real run). A switch takes no value at all.
 */
function refuseSwitchValues(spec: CommandSpec, args: string[]): void {
  for (const arg of args) {
    const match = /^--([^=]+)=/.exec(arg);
    const option = match && spec.options.find((o) => o.name === match[1]);
    if (option?.type === 'boolean') throw new UsageError(`--${option.name} is a switch and takes no value (got "${arg}"): write --${option.name} alone`);
  }
}

/** The terminal's width for --help (80 when the output is not a terminal). */
function helpWidth(): number {
  return process.stdout.columns || Number(process.env.COLUMNS) || 80;
}

/**
 * Why: one place decides how all four commands parse, so their conventions cannot drift.
 * Returns 'exit' after printing --help or --version.
 */
export function parseArgs(spec: CommandSpec, args: string[]): Parsed | 'exit' {
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  // Help wins over any other mistake on the same line, as in most tools.
  if (flagWords(spec, 'help').some((w) => options.includes(w))) {
    process.stdout.write(renderHelp(spec, helpWidth()));
    return 'exit';
  }
  refuseSwitchValues(spec, options);
  // yargs' own --help and --version are switched off before the spec declares ours.
  const parser: Argv = applySpec(yargs(args).help(false).version(false), spec)
    .strictOptions()
    .exitProcess(false)
    .parserConfiguration({ 'boolean-negation': false })
    .fail((message, error) => {
      throw new UsageError(explainParseError(spec, message ?? error?.message ?? 'invalid command line'));
    });
  const argv = parser.parseSync() as Parsed;
  if (flagWords(spec, 'version').length && argv.version === true) {
    process.stdout.write(`${spec.name} ${VERSION}\n`);
    return 'exit';
  }
  return argv;
}

/** Why: the usage-error text always says how to get help. */
export function usageMessage(spec: CommandSpec, message: string): string {
  return `${spec.name}: ${message}\nTry '${spec.name} --help' for more information.\n`;
}

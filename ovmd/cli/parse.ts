// Command-line parsing for ovmd and ovm-vmmessage: the parser all four commands share
// (template.d/cli/argv.ts), with the names these CLIs use. Usage errors are UsageError (exit 2).
import type { CommandSpec } from '../../template.d/options/command-spec.js';
import { parseArgs, usageMessage, UsageError, type Parsed } from '../../template.d/cli/argv.js';

export { UsageError, type Parsed };

/** Parses argv; returns 'exit' after --help or --version was printed. */
export async function parseCommandLine(spec: CommandSpec, args: string[]): Promise<Parsed | 'exit'> {
  return parseArgs(spec, args);
}

/** The text printed for a usage error: the problem and where to find help. */
export function usageText(spec: CommandSpec, message: string): string {
  return usageMessage(spec, message);
}

/** Options given on the command line among `names` (booleans only when true). */
export function givenOptions(argv: Parsed, names: string[]): string[] {
  return names.filter((n) => argv[n] !== undefined && argv[n] !== false);
}

// The ovm-template-config command: parses the command line, then either lists the parameters
// (--enumerate) or runs the target. Usage: shared spec template-config.md, "ovm-template-config".
import { ovmTemplateConfigSpec as spec } from '../options/ovm-template-config.js';
import { ParamInputError } from '../params/sources.js';
import { RunnerError } from '../runner/errors.js';
import { parseArgs, usageMessage, UsageError } from './argv.js';
import { permissionMessage } from './permission.js';
import { EXIT } from './exit-codes.js';
import { enumerateCommand } from './template-config-enumerate.js';
import { toOptions } from './template-config-options.js';
import { runCommand } from './template-config-run.js';
import { checkCommand } from './template-config-check.js';
import { rootRefusal } from './root-required.js';
import { requireTerminal } from '../console/terminal.js';

function report(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(usageMessage(spec, error.message));
    return EXIT.usage;
  }
  if (error instanceof ParamInputError) {
    process.stderr.write(`${spec.name}: ${error.message}; nothing was run\n`);
    return EXIT.invalidParams;
  }
  if (error instanceof RunnerError) {
    process.stderr.write(`${spec.name}: ${error.message}; nothing was run\n`);
    return error.code === 'busy' || error.code === 'no-lock' ? EXIT.busy : EXIT.notFound;
  }
  const denied = permissionMessage(error, spec.name);
  process.stderr.write(`${spec.name}: ${denied ?? `unexpected error: ${(error as Error).message}`}\n`);
  return EXIT.moduleFailed;
}

async function main(): Promise<number> {
  // A reader that goes away (`| head`) must not stop a run halfway through its modules.
  process.stdout.on('error', () => undefined);
  try {
    // --ovf-transport-iso alone means "search the devices": only the = form carries a path, so
    // the bare option never takes the target as its value.
    const args = process.argv.slice(2).map((a) => (a === '--ovf-transport-iso' ? '--ovf-transport-iso=' : a));
    const argv = parseArgs(spec, args);
    if (argv === 'exit') return EXIT.ok;
    const options = toOptions(argv);
    const notRoot = rootRefusal(options);
    if (notRoot) return (process.stderr.write(`${spec.name}: ${notRoot}\n`), EXIT.notFound);
    if (options.consoleInput && !options.enumerate) requireTerminal();
    if (options.check) return await checkCommand(options);
    return options.enumerate ? await enumerateCommand(options) : await runCommand(options);
  } catch (error) {
    return report(error);
  }
}

void main().then((code) => {
  process.exitCode = code;
});

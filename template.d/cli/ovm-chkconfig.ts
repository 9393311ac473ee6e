// The ovm-chkconfig command: parses the command line and calls the chkconfig library. Usage:
// shared spec template-config.md, "ovm-chkconfig" (including Oracle's space form
// `--target configure name off`).
import { isTarget, TARGETS, type Target } from '../params/descriptor.js';
import { ovmChkconfigSpec as spec } from '../options/ovm-chkconfig.js';
import { addModule, ChkconfigError, deleteModule, listModules, setModule } from '../chkconfig/engine.js';
import { parseArgs, usageMessage, UsageError, type Parsed } from './argv.js';
import { permissionMessage } from './permission.js';

function parseTargets(value: string): Target[] {
  const targets = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (targets.length === 0) throw new UsageError('--target needs at least one target');
  for (const t of targets) {
    if (!isTarget(t)) throw new UsageError(`unknown target "${t}" (targets: ${TARGETS.join(', ')})`);
  }
  return [...new Set(targets)] as Target[];
}

function positionals(argv: Parsed): string[] {
  return argv._.map(String);
}

function runTargetSwitch(root: string, argv: Parsed): string[] {
  const targets = parseTargets(String(argv.target));
  const rest = positionals(argv);
  if (rest.length === 2 && !['on', 'off'].includes(rest[1]!)) {
    throw new UsageError(`--target: expected on or off after the module name, got "${rest[1]}"`);
  }
  if (rest.length !== 2) {
    throw new UsageError('--target needs a module name and on or off, e.g. --target=configure network off');
  }
  return setModule(root, rest[0]!, targets, rest[1] === 'on');
}

/**
 * `ovm-chkconfig network off` is chkconfig's form (service, then on or off, for its runlevels);
 * here on and off are per target: say which forms do what the user meant.
 */
function chkconfigHabit(rest: string[]): string | undefined {
  const [name, state] = rest;
  if (!name) return undefined;
  if (rest.length === 2 && (state === 'on' || state === 'off')) {
    const all = state === 'on'
      ? `--add ${name} turns it on for every target its header declares`
      : `--del ${name} turns it off for every target`;
    return `"${name} ${state}" needs the targets: ovm-chkconfig --target=configure ${name} ${state} (comma-separate several targets), or ${all}`;
  }
  if (rest.length === 1) return `to see where ${name} is on, use ovm-chkconfig --list ${name}`;
  return undefined;
}

/** Picks the one action the command line asks for. */
function dispatch(argv: Parsed): string {
  const root = String(argv.root);
  const actions = ['list', 'add', 'del', 'target'].filter((a) => argv[a] !== undefined && argv[a] !== false);
  if (actions.length > 1) throw new UsageError(`choose one of --${actions.join(', --')}`);
  const rest = positionals(argv);
  switch (actions[0]) {
    case 'list':
      if (rest.length > 1) throw new UsageError('--list takes at most one module name');
      return listModules(root, rest[0]);
    case 'add':
    case 'del': {
      if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
      const name = String(argv[actions[0]]);
      const lines = actions[0] === 'add' ? addModule(root, name) : deleteModule(root, name);
      return lines.map((l) => `${l}\n`).join('');
    }
    case 'target':
      return runTargetSwitch(root, argv).map((l) => `${l}\n`).join('');
    default:
      throw new UsageError(chkconfigHabit(rest) ?? 'nothing to do: give --list, --add, --del or --target');
  }
}

/**
 * `--list` is a switch whose module name normally follows as a word (`--list network`); the
 * `--list=network` spelling is split into that form, since a switch would drop the `=` value.
 */
function splitListValue(args: string[]): string[] {
  return args.flatMap((a) => (a.startsWith('--list=') ? ['--list', ...(a.length > 7 ? [a.slice(7)] : [])] : [a]));
}

function main(): number {
  try {
    const argv = parseArgs(spec, splitListValue(process.argv.slice(2)));
    if (argv === 'exit') return 0;
    process.stdout.write(dispatch(argv));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(usageMessage(spec, error.message));
      return 2;
    }
    if (error instanceof ChkconfigError) {
      process.stderr.write(`${spec.name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`${spec.name}: ${permissionMessage(error, spec.name) ?? (error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main();

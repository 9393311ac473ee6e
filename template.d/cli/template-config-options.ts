// Turns parsed ovm-template-config arguments into checked, typed options.
import { resolve } from 'node:path';
import { isTarget, TARGETS, type Target } from '../params/descriptor.js';
import { UsageError, type Parsed } from './argv.js';

export interface TemplateConfigOptions {
  target: Target;
  root: string;
  scripts?: string[];
  enumerate: boolean;
  humanReadable: boolean;
  stdin: boolean;
  input?: number;
  output?: number;
  json: boolean;
  dryRun: boolean;
  /** --check: validate and plan the batch, change nothing, warn about keys and values ignored. */
  check: boolean;
  timeoutSec: number;
  /** --wait-lock: how long a real run waits for another run on the same root. */
  waitLockSec: number;
  /** --console-input: ask on the terminal. */
  consoleInput: boolean;
  /** --ovf-transport-iso: present when given; `path` unset means "search the attached devices". */
  ovfIso?: { path?: string };
}

function fd(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new UsageError(`--${option} needs an open file descriptor number, e.g. --${option} 3`);
  }
  return value;
}

function target(argv: Parsed): Target {
  const rest = argv._.map(String);
  if (rest.length === 0) throw new UsageError(`missing the target (targets: ${TARGETS.join(', ')})`);
  // `--ovf-transport-iso /dev/sr0 configure`: the bare option never takes a value (so it cannot swallow the target).
  if (rest.length > 1 && argv['ovf-transport-iso'] === '') {
    throw new UsageError(`one target only, got: ${rest.join(' ')}; to give the ISO's path, write --ovf-transport-iso=${rest[0]}`);
  }
  if (rest.length > 1) throw new UsageError(`one target only, got: ${rest.join(' ')}`);
  if (!isTarget(rest[0]!)) throw new UsageError(`unknown target "${rest[0]}" (targets: ${TARGETS.join(', ')})`);
  return rest[0];
}

/** `--ovf-transport-iso` alone arrives as "" (ovm-template-config.ts adds the "="). */
function ovfOption(value: unknown): { ovfIso?: { path?: string } } {
  if (value === undefined) return {};
  const path = String(value);
  return { ovfIso: path === '' ? {} : { path: resolve(path) } };
}

/** Why: every option is checked before anything is read or run. */
export function toOptions(argv: Parsed): TemplateConfigOptions {
  const timeout = argv.timeout as number;
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout needs a number of seconds greater than 0');
  const waitLock = argv['wait-lock'] as number;
  if (!Number.isFinite(waitLock) || waitLock < 0) throw new UsageError('--wait-lock needs a number of seconds, 0 or more');
  const scripts = (argv.script as string[] | undefined)?.map(String);
  if (argv['human-readable'] && !argv.enumerate) throw new UsageError('--human-readable only goes with --enumerate');
  if (argv.check && (argv.enumerate || argv['dry-run'] || argv.output !== undefined)) throw new UsageError('--check goes with neither --enumerate, --dry-run nor --output: it only checks the batch');
  if (argv['console-input'] && argv.stdin) throw new UsageError('--console-input and --stdin both need standard input; use --input FD for preset values');
  return {
    target: target(argv),
    root: resolve(String(argv.root)),
    ...(scripts && scripts.length ? { scripts } : {}),
    enumerate: Boolean(argv.enumerate),
    humanReadable: Boolean(argv['human-readable']),
    stdin: Boolean(argv.stdin),
    input: fd(argv.input, 'input'),
    output: fd(argv.output, 'output'),
    json: Boolean(argv.json),
    dryRun: Boolean(argv['dry-run']),
    check: Boolean(argv.check),
    timeoutSec: timeout,
    waitLockSec: waitLock,
    consoleInput: Boolean(argv['console-input']),
    ...ovfOption(argv['ovf-transport-iso']),
  };
}

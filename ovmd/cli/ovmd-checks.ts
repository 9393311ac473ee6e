// Command-line checks of the ovmd command that need more than the parser: which options go with
// which mode, number-valued options shown as typed, and a --root that really is a directory.
// They all run before the store is opened, so a refused command line changes nothing.
import { statSync } from 'node:fs';
import { UsageError, type Parsed } from './parse.js';

/** Options that only the daemon (or first-boot mode) uses; an action given with them ignores them. */
const DAEMON_ONLY = ['debug', 'pid-file', 'time-period', 'first-boot', 'first-boot-timeout'];

/** The long option as typed on a command line, with its short letter when it has one. */
function shown(name: string): string {
  const short: Record<string, string> = { debug: '-d', 'pid-file': '-f', 'time-period': '-t' };
  return short[name] ? `${short[name]}/--${name}` : `--${name}`;
}

/** Why: an option that silently does nothing misleads; refuse daemon options next to an action. */
export function checkModeOptions(argv: Parsed, action: string | undefined): void {
  const given = DAEMON_ONLY.filter((n) => argv[n] !== undefined && argv[n] !== false);
  if (action && given.length) {
    throw new UsageError(`${given.map(shown).join(', ')} only ${given.length > 1 ? 'apply' : 'applies'} to the daemon, not to --${action}`);
  }
  if (argv['first-boot-timeout'] !== undefined && !argv['first-boot']) {
    throw new UsageError('--first-boot-timeout goes with --first-boot');
  }
  if (argv.json && action !== 'list-params' && action !== 'status') throw new UsageError('--json goes with --list-params or --status');
}

/** Why: yargs turns "abc" into NaN; read the option as text and name what was typed when it is wrong. */
export function numberOption(argv: Parsed, name: string, fallback: number, accept: (n: number) => boolean, rule: string): number {
  const raw = argv[name];
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || !accept(value)) throw new UsageError(`${shown(name)} must be ${rule}, got "${String(raw)}"`);
  return value;
}

/** Why: a mistyped --root must not create a stray /nonexistent/var/lib/ovmd or report success on nothing. */
export function checkRoot(root: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new RootError(`--root ${root} does not exist: give the guest's top directory (default /); nothing was changed`);
    }
    throw error;
  }
  if (!isDir) throw new RootError(`--root ${root} is not a directory: give the guest's top directory (default /); nothing was changed`);
}

/** A --root that cannot be the guest's top directory (exit status 1, like ovm-chkconfig). */
export class RootError extends Error {
  override name = 'RootError';
}

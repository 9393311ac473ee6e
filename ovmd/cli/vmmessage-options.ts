// Command-line rules of ovm-vmmessage beyond the parser: which one action was asked for, which
// options go with -q, and the query options turned into a QuerySpec. Number options are read as
// text so that a mistyped value is shown as typed instead of as NaN.
import { givenOptions, UsageError, type Parsed } from './parse.js';
import { acceptFor, type QuerySpec } from './vmmessage-query.js';

const ACTIONS = ['key', 'file', 'query', 'status', 'list', 'follow', 'setup', 'clear'];
const QUERY_ONLY = ['wait', 'until', 'final', 'new'];

/**
 * Oracle's ovm_vmmessage talks to Oracle VM Manager: -u USER -p PASSWORD -h MANAGER -v VM. Here
 * -h and -v are not help and version, so a ported script cannot mistake printed help for success.
 */
const MANAGER_LETTERS = new Set(['u', 'p', 'h', 'v']);

/** Why: a ported `ovm_vmmessage -u admin -p PW -h manager -v vm1 ...` must fail (exit 2), not print help and exit 0. */
export function refuseManagerOptions(args: string[], takesValue: (arg: string) => boolean): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return;
    const letter = /^-([a-zA-Z])/.exec(arg)?.[1];
    if (letter !== undefined && MANAGER_LETTERS.has(letter)) {
      // The value after -p may be a password: only the letter is named.
      throw new UsageError(`-${letter} is an option of Oracle's ovm_vmmessage, which talks to Oracle VM Manager (-u USER -p PASSWORD -h MANAGER -v VM); ` +
        'this command runs on dom0 itself: name the guest with --domid N or --name NAME and leave out -u, -p and -h (help is --help, the version --version)');
    }
    if (takesValue(arg)) i++;
  }
}

/** Why: exactly one thing to do, except that -q may follow a send (-k/-V or --file) and --clear a --list. */
export function chooseAction(argv: Parsed): string {
  const sending = argv.key !== undefined || argv.file !== undefined;
  const actions = givenOptions(argv, ACTIONS)
    .filter((a) => !(a === 'clear' && argv.list))
    .filter((a) => !(a === 'query' && sending));
  if (actions.length !== 1) {
    throw new UsageError(actions.length ? `choose one of --${actions.join(', --')}` : 'nothing to do: give -k/-V, --file, -q, --status, --list, --follow or --setup');
  }
  if (argv.value !== undefined && actions[0] !== 'key') throw new UsageError('-V goes with -k');
  return actions[0]!;
}

/** Why: --vm-data changes where a batch goes (XAPI's vm-data instead of Oracle's channel); it sends nothing by itself. */
export function checkVmDataOption(argv: Parsed, action: string): void {
  if (argv['vm-data'] && action !== 'key' && action !== 'file') throw new UsageError('--vm-data goes with -k/-V or --file');
}

/** Why: --wait abc used to be accepted and not wait; options of -q are refused anywhere else (--wait also goes with --status). */
export function checkQueryOptions(argv: Parsed, action: string): void {
  const stray = givenOptions(argv, QUERY_ONLY).filter((o) => !(o === 'wait' && action === 'status'));
  if (argv.query === undefined && stray.length) throw new UsageError(`--${stray.join(', --')} ${stray.length > 1 ? 'go' : 'goes'} with -q/--query${action === 'status' ? ' (--status takes only --wait)' : ''}`);
  if (argv.new && action !== 'query') throw new UsageError('--new is implied after a send: -q then counts only what the guest sends after the batch');
  waitSeconds(argv);
  untilPattern(argv);
}

/** --wait as a number of seconds (0 when absent). */
export function waitSeconds(argv: Parsed): number {
  if (argv.wait === undefined) return 0;
  const text = String(argv.wait).trim();
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new UsageError(`--wait must be a number of seconds (0 or more), got "${String(argv.wait)}"`);
  return value;
}

function untilPattern(argv: Parsed): RegExp | undefined {
  if (argv.until === undefined) return undefined;
  try {
    return new RegExp(String(argv.until));
  } catch (error) {
    throw new UsageError(`--until "${String(argv.until)}" is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Why: one place turns -q, --until, --final and --wait into what the query waits for. */
export function querySpec(argv: Parsed, after: number): QuerySpec {
  const key = String(argv.query);
  const until = untilPattern(argv);
  const final = Boolean(argv.final);
  const parts = [after ? `a new ${key}` : key];
  if (final) parts.push('with a final state');
  if (until) parts.push(`matching ${until.source}`);
  return { key, after, accept: acceptFor(until, final), waitSec: waitSeconds(argv), wanted: parts.join(' '), final };
}

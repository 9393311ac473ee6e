// The ovm-vmmessage command (dom0 side): send messages to a guest, read what it sent back.
// Options: ovmd/options/ovm-vmmessage.ts; layout: shared spec vmapi-channel.md, "Host side".
import { readFileSync } from 'node:fs';
import { connect, type XenstoreClient } from '../client/index.js';
import { ovmVmmessageSpec as spec } from '../options/ovm-vmmessage.js';
import { describeXsError } from './xs-error.js';
import { formatKvLine } from '../../template.d/params/kv-lines.js';
import { parseBatch } from '../vmapi/batch.js';
import { LAST_WRITE, nodePath } from '../vmapi/layout.js';
import { checkMessage, MessageError, type Message } from '../vmapi/message.js';
import {
  checkDomain, clearFromGuest, findDomainByName, fromGuestDir, readFromGuest, sendToGuest, setupChannel,
  type GuestMessage,
} from '../vmapi/host.js';
import { parseCommandLine, usageText, UsageError, type Parsed } from './parse.js';
import { statusCode, STATUS_EXIT } from './run-status.js';
import { chooseAction, checkQueryOptions, checkVmDataOption, querySpec, refuseManagerOptions, waitSeconds } from './vmmessage-options.js';
import { newestNumber, waitForAnswer, type QuerySpec } from './vmmessage-query.js';
import { showStatus } from './vmmessage-status.js';
import { checkVmDataBatch, writeVmData } from '../xapi/vm-data.js';
import { counted } from '../../template.d/render/plural.js';

function readInput(name: string, what = 'batch file'): string {
  try {
    return readFileSync(name === '-' ? 0 : name, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' }[code ?? ''];
    throw new Error(`cannot read ${what} ${name}: ${why ?? (error as Error).message}; nothing was sent`);
  }
}

/** A bad batch says which formats are accepted (ovmd/vmapi/batch.ts reads both). */
function batchFrom(name: string): Message[] {
  try {
    return parseBatch(readInput(name));
  } catch (error) {
    if (!(error instanceof MessageError)) throw error;
    throw new MessageError(`${error.message} (a batch is one JSON object of "key": "value" pairs, or key=value lines); nothing was sent`);
  }
}

function messagesFrom(argv: Parsed): Message[] {
  if (argv.file !== undefined) return batchFrom(String(argv.file));
  if (argv.value === undefined) throw new UsageError('-k KEY needs -V VALUE');
  const raw = String(argv.value);
  const message = { key: String(argv.key), value: raw === '-' ? readInput('-', 'the value from').replace(/\n$/, '') : raw };
  checkMessage(message);
  return [message];
}

async function domidOf(xs: XenstoreClient, argv: Parsed): Promise<number> {
  if (argv.domid !== undefined && argv.name !== undefined) throw new UsageError('give --domid or --name, not both');
  if (argv.name !== undefined) return findDomainByName(xs, String(argv.name));
  if (argv.domid === undefined) throw new UsageError('say which guest: --domid N or --name NAME');
  const text = String(argv.domid).trim();
  const domid = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(domid) || domid <= 0) throw new UsageError(`--domid must be a guest domain id (1 or more), got "${String(argv.domid)}"`);
  await checkDomain(xs, domid);
  return domid;
}

/** A guest is not trusted with the host's terminal: its key and value are quoted when plain text would not be safe. */
function show(m: GuestMessage): string {
  return `${m.n} ${formatKvLine(m.key, m.value)}`;
}

/** Prints each new guest message as it arrives until SIGINT/SIGTERM. */
async function follow(xs: XenstoreClient, domid: number): Promise<number> {
  let seen = Math.max(0, ...(await readFromGuest(xs, domid)).map((m) => m.n));
  let busy = Promise.resolve();
  await xs.watch(nodePath(fromGuestDir(domid), LAST_WRITE), () => {
    busy = busy.then(async () => {
      for (const m of await readFromGuest(xs, domid, seen)) {
        process.stdout.write(show(m));
        seen = Math.max(seen, m.n);
      }
    }).catch((e: Error) => void process.stderr.write(`ovm-vmmessage: ${describeXsError(e, 'ovm-vmmessage')}\n`));
  });
  process.stderr.write(`following messages from domain ${domid} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return 0;
}

/**
 * -q: prints the value that counts, or says what it did not get (and how long it waited). With
 * --final the exit status is --status's: 0 the run succeeded, 1 it did not, 3 no final result yet.
 */
async function query(xs: XenstoreClient, domid: number, spec: QuerySpec): Promise<number> {
  const note = () => void process.stderr.write(`waiting up to ${spec.waitSec} s for ${spec.wanted} from domain ${domid}\n`);
  const value = await waitForAnswer(xs, domid, spec, note);
  if (value === undefined) {
    const within = spec.waitSec > 0 ? ` within ${spec.waitSec} s` : ' (use --wait SECS to wait for it)';
    process.stderr.write(`ovm-vmmessage: the guest has not sent ${spec.wanted}${within}\n`);
    return spec.final ? STATUS_EXIT.pending : 1;
  }
  process.stdout.write(`${value}\n`);
  return spec.final ? statusCode(value) : 0;
}

/** Sends -k/-V or the batch (as vm-data keys with --vm-data); returns after printing where each message went. */
async function send(xs: XenstoreClient, domid: number, messages: Message[], vmData: boolean): Promise<void> {
  if (vmData) {
    const paths = await writeVmData(xs, domid, messages);
    for (const [i, m] of messages.entries()) process.stdout.write(`wrote ${m.key} (${paths[i]})\n`);
    return;
  }
  const numbers = await sendToGuest(xs, domid, messages);
  for (const [i, m] of messages.entries()) process.stdout.write(`sent ${m.key} (to-guest/${numbers[i]})\n`);
}

async function dispatch(xs: XenstoreClient, argv: Parsed, action: string, messages: Message[]): Promise<number> {
  const domid = await domidOf(xs, argv);
  if (action === 'setup') {
    await setupChannel(xs, domid);
    process.stdout.write(`channel ready for domain ${domid}\n`);
  } else if (action === 'query') {
    const after = argv.new ? await newestNumber(xs, domid) : 0;
    return query(xs, domid, querySpec(argv, after));
  } else if (action === 'status') {
    return showStatus(xs, domid, waitSeconds(argv), (l) => void process.stderr.write(l), (t) => void process.stdout.write(t));
  } else if (action === 'list') {
    const all = await readFromGuest(xs, domid);
    process.stdout.write(argv.json ? `${JSON.stringify(all, null, 2)}\n` : all.map(show).join(''));
    if (argv.clear) await clearFromGuest(xs, domid, Math.max(0, ...all.map((m) => m.n)));
  } else if (action === 'clear') {
    process.stdout.write(`deleted ${counted(await clearFromGuest(xs, domid), 'guest message')}\n`);
  } else if (action === 'follow') {
    return follow(xs, domid);
  } else {
    // A query in the same command counts only what the guest sends after this batch.
    const after = argv.query !== undefined ? await newestNumber(xs, domid) : 0;
    await send(xs, domid, messages, argv['vm-data'] === true);
    if (argv.query !== undefined) return query(xs, domid, querySpec(argv, after));
  }
  return 0;
}

/** Options written `-x VALUE` or `--name VALUE`, whose next argument is a value, not an option. */
const VALUED = new Set(spec.options.filter((o) => o.type !== 'boolean').flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]));

async function main(): Promise<number> {
  let xs: XenstoreClient | undefined;
  let statusCodes = false;
  try {
    const args = process.argv.slice(2);
    refuseManagerOptions(args, (arg) => VALUED.has(arg));
    const argv = await parseCommandLine(spec, args);
    if (argv === 'exit') return 0;
    if (argv._.length) throw new UsageError(`unexpected argument "${argv._[0]}"`);
    const action = chooseAction(argv);
    checkQueryOptions(argv, action);
    statusCodes = action === 'status' || argv.final === true;
    // The whole batch is read and checked before xenstore is even asked.
    const messages = action === 'key' || action === 'file' ? messagesFrom(argv) : [];
    checkVmDataOption(argv, action);
    if (argv['vm-data']) checkVmDataBatch(messages);
    xs = await connect({ env: process.env });
    return await dispatch(xs, argv, action, messages);
  } catch (error) {
    if (error instanceof UsageError) return (process.stderr.write(usageText(spec, error.message)), 2);
    const prefix = error instanceof MessageError ? 'refused: ' : '';
    process.stderr.write(`ovm-vmmessage: ${prefix}${describeXsError(error, 'ovm-vmmessage')}\n`);
    // --status and --final keep 1 for "the run failed"; not being able to ask is another answer.
    return statusCodes ? STATUS_EXIT.unknown : 1;
  } finally {
    await xs?.close().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
});

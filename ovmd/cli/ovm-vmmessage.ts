// The ovm-vmmessage command (dom0 side): send messages to a guest, read what it sent back.
// Options: ovmd/options/ovm-vmmessage.ts; layout: shared spec vmapi-channel.md, "Host side".
import { readFileSync } from 'node:fs';
import { connect, type XenstoreClient } from '../client/index.js';
import { ovmVmmessageSpec as spec } from '../options/ovm-vmmessage.js';
import { describeXsError } from './xs-error.js';
import { parseBatch } from '../vmapi/batch.js';
import { LAST_WRITE, nodePath } from '../vmapi/layout.js';
import { checkMessage, MessageError, type Message } from '../vmapi/message.js';
import {
  checkDomain, clearFromGuest, findDomainByName, fromGuestDir, queryFromGuest, readFromGuest, sendToGuest, setupChannel,
  type GuestMessage,
} from '../vmapi/host.js';
import { givenOptions, parseCommandLine, usageText, UsageError, type Parsed } from './parse.js';

const ACTIONS = ['key', 'file', 'query', 'list', 'follow', 'setup', 'clear'];

function readInput(name: string): string {
  return readFileSync(name === '-' ? 0 : name, 'utf8');
}

function messagesFrom(argv: Parsed): Message[] {
  if (argv.file !== undefined) return parseBatch(readInput(String(argv.file)));
  if (argv.value === undefined) throw new UsageError('-k KEY needs -V VALUE');
  const raw = String(argv.value);
  const message = { key: String(argv.key), value: raw === '-' ? readInput('-').replace(/\n$/, '') : raw };
  checkMessage(message);
  return [message];
}

async function domidOf(xs: XenstoreClient, argv: Parsed): Promise<number> {
  if (argv.domid !== undefined && argv.name !== undefined) throw new UsageError('give --domid or --name, not both');
  if (argv.name !== undefined) return findDomainByName(xs, String(argv.name));
  const domid = Number(argv.domid);
  if (argv.domid === undefined) throw new UsageError('say which guest: --domid N or --name NAME');
  if (!Number.isInteger(domid) || domid <= 0) throw new UsageError(`--domid must be a guest domain id (1 or more), got ${argv.domid}`);
  await checkDomain(xs, domid);
  return domid;
}

function show(m: GuestMessage): string {
  return `${m.n} ${m.key}=${m.value}\n`;
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

/** -q with --wait: polls on every from-guest change until the key shows up or time runs out. */
async function query(xs: XenstoreClient, domid: number, key: string, waitSec: number): Promise<number> {
  const deadline = Date.now() + waitSec * 1000;
  let value = await queryFromGuest(xs, domid, key);
  if (value === undefined && waitSec > 0) {
    value = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
      void xs.watch(nodePath(fromGuestDir(domid), LAST_WRITE), () => {
        void queryFromGuest(xs, domid, key).then((v) => {
          if (v !== undefined) (clearTimeout(timer), resolve(v));
        });
      });
    });
  }
  if (value === undefined) {
    process.stderr.write(`ovm-vmmessage: the guest has not sent ${key}${waitSec > 0 ? ` within ${waitSec} s` : ''}\n`);
    return 1;
  }
  process.stdout.write(`${value}\n`);
  return 0;
}

async function dispatch(xs: XenstoreClient, argv: Parsed, action: string): Promise<number> {
  const domid = await domidOf(xs, argv);
  if (action === 'setup') {
    await setupChannel(xs, domid);
    process.stdout.write(`channel ready for domain ${domid}\n`);
  } else if (action === 'query') {
    return query(xs, domid, String(argv.query), Number(argv.wait ?? 0));
  } else if (action === 'list') {
    const all = await readFromGuest(xs, domid);
    process.stdout.write(argv.json ? `${JSON.stringify(all, null, 2)}\n` : all.map(show).join(''));
    if (argv.clear) await clearFromGuest(xs, domid, Math.max(0, ...all.map((m) => m.n)));
  } else if (action === 'clear') {
    process.stdout.write(`deleted ${await clearFromGuest(xs, domid)} guest message(s)\n`);
  } else if (action === 'follow') {
    return follow(xs, domid);
  } else {
    const messages = messagesFrom(argv);
    const numbers = await sendToGuest(xs, domid, messages);
    for (const [i, m] of messages.entries()) process.stdout.write(`sent ${m.key} (to-guest/${numbers[i]})\n`);
  }
  return 0;
}

async function main(): Promise<number> {
  let xs: XenstoreClient | undefined;
  try {
    const argv = await parseCommandLine(spec, process.argv.slice(2));
    if (argv === 'exit') return 0;
    if (argv._.length) throw new UsageError(`unexpected argument "${argv._[0]}"`);
    const actions = givenOptions(argv, ACTIONS).filter((a) => !(a === 'clear' && argv.list));
    if (actions.length !== 1) throw new UsageError(actions.length ? `choose one of --${actions.join(', --')}` : 'nothing to do: give -k/-V, --file, -q, --list, --follow or --setup');
    if (argv.value !== undefined && actions[0] !== 'key') throw new UsageError('-V goes with -k');
    xs = await connect({ env: process.env });
    return await dispatch(xs, argv, actions[0]!);
  } catch (error) {
    if (error instanceof UsageError) return (process.stderr.write(usageText(spec, error.message)), 2);
    const prefix = error instanceof MessageError ? 'refused: ' : '';
    process.stderr.write(`ovm-vmmessage: ${prefix}${describeXsError(error, 'ovm-vmmessage')}\n`);
    return 1;
  } finally {
    await xs?.close().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
});

// dom0's side of the VM tests, next to the guest's (test/xen-vm/guest/ovmd-flow.ts): playing
// the manager with ovm-vmmessage, then with nothing but the C xenstore tools, checking what
// comes back and that no secret is anywhere dom0 can read.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { benchDom0 } from './bench.js';
import { awaitSignal as awaitAny, check, guarded, measure, signal, sleep, tool } from '../guest/tap.js';

// The guest's domain; xl restore gives it a new id and home (saveRestore below).
let DOMID = process.env.DOMID!;
let HOME = `/local/domain/${DOMID}`;
let TO = `${HOME}/control/oracle-vmapi/to-guest`;
const SAVE_FILE = '/tmp/domu.save';
const SECRETS = readFileSync('/harness/secrets', 'utf8').trim().split('\n');
const BATCH = readFileSync('/harness/batch.json', 'utf8');
const GUEST_LOG = '/var/log/xen/console/guest-domu.log';

/** The guest's program has ended (its /init printed the exit line): stop waiting for it. */
const guestGone = () => existsSync(GUEST_LOG) && readFileSync(GUEST_LOG, 'utf8').includes('@@GUEST-EXIT');
const awaitSignal = (home: string, name: string, timeoutMs = 60_000) => awaitAny(home, name, timeoutMs, guestGone);
const vm = (...args: string[]) => tool('ovm-vmmessage', ['--domid', DOMID, ...args]);

function checkNoSecret(label: string): void {
  const tree = tool('xenstore-ls', ['-f', '/']) ?? '';
  const seen = tree.includes(`${HOME}/control/oracle-vmapi/from-guest/`); // not vacuous: the guest's replies are there
  check(`${label}: no secret anywhere in xenstore-ls -f / (${tree.split('\n').length} lines)`, seen && SECRETS.every((s) => !tree.includes(s)), seen ? '' : 'the guest home is missing');
}

function checkResult(label: string): void {
  const raw = vm('-q', 'ovmd.run-result') ?? '';
  let state = '';
  try {
    state = (JSON.parse(raw) as { state: string }).state;
  } catch { /* reported below */ }
  check(`${label}: dom0 reads the run result (ovm-vmmessage -q ovmd.run-result)`, ['configured', 'completed'].includes(state), raw.slice(0, 300));
}

async function batchFlow(): Promise<void> {
  check('dom0: ovm-vmmessage --setup creates the channel', vm('--setup') !== undefined);
  signal(HOME, 'setup');
  await awaitSignal(HOME, 'ovmd-up', 200_000); // ovmd's start under TCG: up to a minute or more
  check('dom0: ovm-vmmessage --domid sends the first-boot batch', tool('ovm-vmmessage', ['--domid', DOMID, '--file', '-'], BATCH) !== undefined);
  await awaitSignal(HOME, 'configured', 200_000);
  checkResult('device flow');
  const big = Array.from({ length: 800 }, (_, i) => `${i % 10}abcdefgh`).join('');
  check('chunking: dom0 reads back the 7200-byte value the guest sent in chunks', vm('-q', 'com.example.big')?.replace(/\n$/, '') === big);
  checkNoSecret('device flow');
}

/** Numbers of the to-guest messages still present (not yet picked up). */
const waiting = () => (tool('xenstore-list', [TO]) ?? '').split('\n').filter((n) => /^\d+$/.test(n));

async function lifecycle(): Promise<void> {
  vm('-k', 'com.example.k1', '-V', 'v1');
  signal(HOME, 'k1-sent');
  await awaitSignal(HOME, 'killed');
  vm('-k', 'com.example.k2', '-V', 'v2');
  signal(HOME, 'k2-sent');
  await awaitSignal(HOME, 'restarted', 200_000);
  check('pause: xl pause', tool('xl', ['pause', DOMID]) !== undefined);
  vm('-k', 'com.example.k3', '-V', 'v3');
  await sleep(1500);
  check('pause: the message waits while the domain is paused', waiting().length === 1, waiting().join());
  check('pause: xl unpause', tool('xl', ['unpause', DOMID]) !== undefined);
  let end = Date.now() + 20_000;
  while (waiting().length && Date.now() < end) await sleep(100);
  check('pause: the guest picks it up after unpause', waiting().length === 0);
  signal(HOME, 'unpaused');
  await saveRestore();
}

/** Why: the newest run result the guest sent, once it is for `target` (or the last one seen). */
async function awaitRunResult(target: string, timeoutMs: number): Promise<string> {
  const end = Date.now() + timeoutMs;
  let raw = '';
  while (Date.now() < end) {
    raw = vm('-q', 'ovmd.run-result') ?? '';
    if (raw.includes(`"target":"${target}"`)) break;
    await sleep(500);
  }
  return raw;
}

/**
 * The manager's part of a suspend/resume (the path a migration takes): xl save writes the running
 * guest to a file in dom0 and destroys it; xl restore -p brings it back paused, under a new domain
 * id with a home libxl builds afresh (the channel is gone with the old one); ovm-vmmessage sets the
 * channel up again and sends a message and the resume and migrate events before the guest runs.
 */
async function saveRestore(): Promise<void> {
  await awaitSignal(HOME, 'ready-save');
  const old = DOMID;
  let t0 = Date.now();
  const saved = tool('xl', ['save', 'domu', SAVE_FILE]) !== undefined;
  measure('save_ms', Date.now() - t0);
  check('save/restore: xl save writes the running domain to a file in dom0 and removes the domain', saved && !/^domu /m.test(tool('xl', ['list']) ?? ''));
  t0 = Date.now();
  const restored = tool('xl', ['restore', '-p', SAVE_FILE]) !== undefined;
  measure('restore_ms', Date.now() - t0);
  rmSync(SAVE_FILE, { force: true });
  const id = tool('xl', ['domid', 'domu'])?.trim() ?? '';
  check('save/restore: xl restore -p brings it back, paused, under a new domain id', restored && /^\d+$/.test(id) && id !== old, `${old} -> ${id}`);
  DOMID = id;
  HOME = `/local/domain/${DOMID}`;
  TO = `${HOME}/control/oracle-vmapi/to-guest`;
  check('save/restore: the old channel is gone with the old home', tool('xenstore-exists', [`${HOME}/control/oracle-vmapi`]) === undefined);
  const sent = [['com.example.k4', 'v4'], ['VMAPIEvent', 'resume'], ['VMAPIEvent', 'migrate']].every(([k, v]) => vm('-k', k!, '-V', v!) !== undefined);
  check('save/restore: ovm-vmmessage sets the channel up again and sends k4, resume and migrate while the domain is paused', sent);
  check('save/restore: xl unpause', tool('xl', ['unpause', DOMID]) !== undefined);
  await awaitSignal(HOME, 'restored', 120_000);
  vm('-k', 'com.example.k5', '-V', 'v5');
  const raw = await awaitRunResult('migrate', 30_000);
  check('save/restore: dom0 reads the migrate run result from the new home', /"state":"completed"/.test(raw) && raw.includes('"target":"migrate"'), raw.slice(0, 300));
}

/** The channel as xl gives a guest its control nodes (owner dom0, guest may read and write). */
function recreateChannel(): boolean {
  const dir = `${HOME}/control/oracle-vmapi`;
  tool('xenstore-rm', [dir]);
  const ok = tool('xenstore-write', [`${dir}/to-guest/last-write`, '0', `${dir}/from-guest/last-write`, '0']) !== undefined;
  return ok && tool('xenstore-chmod', ['-r', dir, 'n0', `b${DOMID}`]) !== undefined;
}

/** The Oracle layout by hand: key node, chunks of at most 2048, then last-write. */
function writeLayout(batch: Record<string, string>): boolean {
  const args: string[] = [];
  let n = 0;
  for (const [key, value] of Object.entries(batch)) {
    n++;
    args.push(`${TO}/${n}`, key);
    for (let i = 0, c = 0; i < Math.max(1, value.length); i += 2048, c++) args.push(`${TO}/${n}/${c}`, value.slice(i, i + 2048));
  }
  args.push(`${TO}/last-write`, String(n));
  return tool('xenstore-write', args) !== undefined;
}

/** The newest ovmd.run-result in from-guest, read with xenstore-read alone. */
function runResultByTools(): string {
  const dir = `${HOME}/control/oracle-vmapi/from-guest`;
  for (let n = Number(tool('xenstore-read', [`${dir}/last-write`]) ?? 0); n > 0; n--) {
    if (tool('xenstore-read', [`${dir}/${n}`])?.trim() !== 'ovmd.run-result') continue;
    const chunks = (tool('xenstore-list', [`${dir}/${n}`]) ?? '').split('\n').filter(Boolean).sort((a, b) => Number(a) - Number(b));
    return chunks.map((c) => (tool('xenstore-read', [`${dir}/${n}/${c}`]) ?? '').replace(/\n$/, '')).join('');
  }
  return '';
}

async function plainToolsFlow(): Promise<void> {
  await awaitSignal(HOME, 'stopped', 120_000);
  check('permissions: dom0 recreates the channel with xenstore-write and xl-style permissions (n0 b<domid>)', recreateChannel());
  signal(HOME, 'channel2');
  await awaitSignal(HOME, 'ovmd2-up', 200_000);
  check('dom0: the batch written with nothing but xenstore-write', writeLayout(JSON.parse(BATCH) as Record<string, string>));
  await awaitSignal(HOME, 'configured2', 200_000);
  const raw = runResultByTools();
  const listing = tool('xenstore-ls', [`${HOME}/control/oracle-vmapi`]) ?? 'unreadable';
  check('procfs flow: dom0 reads the run result with xenstore-read', /"state":"(configured|completed)"/.test(raw), `${raw.slice(0, 300)} channel: ${listing.slice(0, 1500)}`);
  checkNoSecret('procfs flow');
  signal(HOME, 'dom0-done');
}

async function main(): Promise<void> {
  const sections = process.argv.slice(2);
  if (sections.includes('ovmd') || sections.includes('ovmd-device')) {
    await guarded('dom0 batch flow', batchFlow);
    await guarded('dom0 lifecycle', lifecycle);
    if (sections.includes('ovmd')) await guarded('dom0 plain-tools flow', plainToolsFlow);
    else signal(HOME, 'dom0-done');
  }
  if (sections.includes('bench')) {
    check('dom0: ovm-vmmessage --setup creates the channel', vm('--setup') !== undefined);
    await guarded('dom0 bench', () => benchDom0(DOMID));
  }
}

void main().then(() => process.exit(0), (err) => {
  console.log(`not ok - dom0 main # ${(err as Error).stack}`);
  process.exit(1);
});

// Crash safety of the built ovmd: the test hook OVMD_TEST_CRASH_AT=<step>:<n> makes the daemon
// SIGKILL itself at a named point (ovmd/daemon/crash-hook.ts), 21 points across receiving a
// batch and the configure run that follows, plus two around a VMAPIEvent. After a restart every
// message is stored, the configuration completes, and no module ran twice.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ovmdPaths } from '../../ovmd/daemon/paths.js';
import { liveStateDir } from '../../ovmd/daemon/seal.js';
import { listMessages } from '../../ovmd/vmapi/channel.js';
import { queryFromGuest, sendToGuest, setupChannel } from '../../ovmd/vmapi/host.js';
import { startGuest } from '../xenstored/testbed.js';
import { OvmdProcess } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const PW = 'com.oracle.linux.root-password';
const BATCH = [
  { key: 'com.oracle.linux.network.hostname', value: 'crash-vm' },
  { key: 'com.example.one', value: '1' },
  { key: 'com.example.two', value: 'x'.repeat(5000) },
  { key: 'com.example.three', value: '3' },
  { key: PW, value: 'Crash-CANARY-11' },
];
const POINTS = [
  ...['message-read', 'message-stored', 'message-deleted'].flatMap((s) => [1, 2, 3, 4, 5].map((n) => `${s}:${n}`)),
  'journal-applied:1', 'run-started:1', 'run-finished:1', 'secrets-wiped:1', 'disarmed:1', 'reported:1',
];
const scene = ovmdScene({ host: true });
let nextDomid = 30;

/** Resolves with the guest's run result once it reports `state` for `target`. */
async function resultReported(domid: number, target: string, state: string): Promise<void> {
  const matches = async () => {
    const raw = await queryFromGuest(scene.host, domid, 'ovmd.run-result');
    const r = raw ? JSON.parse(raw) : undefined;
    return r?.target === target && r?.state === state;
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${target} ${state} result from domain ${domid}`)), 40_000);
    void scene.host.watch(`/local/domain/${domid}/control/oracle-vmapi/from-guest/last-write`, () => {
      void matches().then((ok) => ok && (clearTimeout(timer), resolve()));
    });
  });
}

/** Nothing left to do when the daemon stopped: no queued event, no run in progress. */
function settled(root: string): void {
  // After a cleanup run the records live under /run/ovmd, out of the sealed template (seal.ts).
  const state = liveStateDir(ovmdPaths(root));
  const events = join(state, 'events.json');
  if (existsSync(events)) expect(JSON.parse(readFileSync(events, 'utf8')).queue).toEqual([]);
  expect(JSON.parse(readFileSync(join(state, 'run.json'), 'utf8')).phase).toBe('done');
}

function count(root: string, line: string): number {
  const file = join(root, 'var/log/fixture-runs.log');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith(line)).length : 0;
}

async function crashThenRecover(point: string, batch: { key: string; value: string }[], target: string) {
  const domid = nextDomid++;
  const guest = await startGuest(scene.xsd, domid);
  const fixture = scene.fixtureRoot();
  writeFileSync(join(fixture.root, 'etc/sysconfig/ovm-template-initial-config'), 'INITIAL_CONFIG=yes\n');
  await setupChannel(scene.host, domid);
  await sendToGuest(scene.host, domid, batch);
  const first = new OvmdProcess(scene.inst, fixture.root, guest.env, { OVMD_TEST_CRASH_AT: point });
  const exit = await first.exited;
  expect(exit.signal, `the hook at ${point} did not fire:\n${first.output}`).toBe('SIGKILL');
  const done = resultReported(domid, target, target === 'configure' ? 'configured' : 'completed');
  const second = new OvmdProcess(scene.inst, fixture.root, guest.env);
  try {
    await done.catch((error: Error) => {
      throw new Error(`${error.message}\n--- first ovmd:\n${first.output.slice(-1500)}\n--- second ovmd:\n${second.output.slice(-2500)}`);
    });
  } finally {
    await second.stop();
    await guest.stop();
  }
  const left = await listMessages(scene.host, `/local/domain/${domid}/control/oracle-vmapi/to-guest`);
  return { root: fixture.root, left: left.numbers, output: first.output + second.output };
}

describe('kill -9 at every step', () => {
  it.each(POINTS)('crash at %s: everything stored, configured once', { timeout: 60_000 }, async (point) => {
    const { root, left, output } = await crashThenRecover(point, BATCH, 'configure');
    expect(left).toEqual([]);
    settled(root);
    expect(count(root, 'auth configure')).toBe(1);
    expect(count(root, 'net configure')).toBe(1);
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('crash-vm\n');
    const stored = readdirSync(join(root, 'var/lib/ovmd/params')).length;
    expect(stored).toBe(5); // four batch keys plus the one the fixture sent back
    expect(readdirSync(join(root, 'run/ovmd/secrets'))).toEqual([]);
    expect(readFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), 'utf8')).toBe('INITIAL_CONFIG=no\n');
    expect(output).not.toContain('Crash-CANARY-11');
  });

  it.each(['event-queued:1', 'run-started:1', 'message-deleted:1'])('crash at %s around a VMAPIEvent: the event runs once', { timeout: 60_000 }, async (point) => {
    const { root, left } = await crashThenRecover(point, [{ key: 'VMAPIEvent', value: 'CLEANUP' }], 'cleanup');
    expect(left).toEqual([]);
    settled(root);
    expect(count(root, 'auth cleanup')).toBe(1);
    expect(liveStateDir(ovmdPaths(root))).toBe(join(root, 'run/ovmd/after-cleanup'));
  });
});

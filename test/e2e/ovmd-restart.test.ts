// The built ovmd keeps working when xenstored restarts under it (an empty store, the host sets
// the channel up again, numbering starts over at 1, so last-write goes backwards): it
// reconnects by itself and processes the next batch completely.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuest, startXenstored, type GuestEndpoint, type Xenstored } from '../xenstored/testbed.js';
import { makeFixtureRoot } from '../ovmd/daemon/fixture-root.js';
import { install, OvmdProcess, run, type Install } from './ovmd-harness.js';

const DOMID = 61;
let xsd: Xenstored;
let guest: GuestEndpoint;
let inst: Install;
let fixture: { root: string; cleanup: () => void };
let ovmd: OvmdProcess;

beforeAll(async () => {
  inst = install();
  xsd = await startXenstored();
  guest = await startGuest(xsd, DOMID);
  fixture = makeFixtureRoot();
  ovmd = new OvmdProcess(inst, fixture.root, guest.env);
}, 240_000);

afterAll(async () => {
  await ovmd?.stop();
  await xsd?.stop();
  inst?.remove();
  fixture?.cleanup();
});

async function send(batch: string): Promise<void> {
  const sent = await run(inst.bin('ovm-vmmessage'), ['--domid', String(DOMID), '--file', '-'], { env: xsd.env, input: batch });
  expect(sent.code, sent.stderr).toBe(0);
}

describe('xenstored restart under a running ovmd', () => {
  it('reconnects and configures from a batch sent after the restart', async () => {
    await ovmd.waitFor(/connected to xenstore/);
    await send('com.oracle.linux.network.hostname=before\ncom.oracle.linux.root-password=Restart-CANARY\n');
    await ovmd.waitFor(/target configure: configured/);
    const mark = ovmd.output.length;
    await guest.stop();
    await xsd.restart();
    guest = await startGuest(xsd, DOMID);
    await ovmd.waitFor(/reconnected to xenstore/, 60_000, mark);
    // One message first: the counter is then 1, below the 2 processed before the restart.
    await send('com.oracle.linux.network.hostname=after\n');
    await ovmd.waitFor(/stored com\.oracle\.linux\.network\.hostname/, 60_000, mark);
    await send('com.oracle.linux.root-password=Restart-CANARY\n');
    await ovmd.waitFor(/target configure: configured/, 60_000, mark);
    expect(readFileSync(join(fixture.root, 'etc/hostname'), 'utf8')).toBe('after\n');
    expect(ovmd.output.slice(mark)).toMatch(/last-write went back from 2 to 1/);
    expect(ovmd.running).toBe(true);
  });
});

/** Waits (bounded) until no process runs a module of this root: there is no event to await. */
async function noModuleProcesses(root: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await run('pgrep', ['-f', root])).stdout.trim();
    if (found === '' || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(['SIGTERM', 'SIGKILL'] as const)('%s during a configure run', (signal) => {
  it('no helper or module goes on by itself, and the run is redone after the restart', async () => {
    const domid = DOMID + (signal === 'SIGTERM' ? 1 : 2);
    const other = await startGuest(xsd, domid);
    const f = makeFixtureRoot();
    const first = new OvmdProcess(inst, f.root, other.env);
    try {
      await first.waitFor(/connected to xenstore/);
      const batch = 'com.oracle.linux.network.hostname=sleep-20\ncom.oracle.linux.root-password=Term-CANARY\n';
      const sent = await run(inst.bin('ovm-vmmessage'), ['--domid', String(domid), '--file', '-'], { env: xsd.env, input: batch });
      expect(sent.code, sent.stderr).toBe(0);
      await first.waitFor(/running +\d\d fixture-net/);
      if (signal === 'SIGTERM') {
        await first.stop();
        expect((await first.exited).code).toBe(0);
      } else {
        process.kill(first.pid, 'SIGKILL');
        await first.exited;
      }
      const left = await noModuleProcesses(f.root);
      expect(left, (await run('ps', ['-o', 'pid,pgid,ppid,args', '-p', left.split('\n').join(',') || '1'])).stdout).toBe('');
      const runs = join(f.root, 'var/log/fixture-runs.log');
      if (existsSync(runs)) expect(readFileSync(runs, 'utf8')).not.toMatch(/auth configure/);
      // The interrupted run is redone; this time the module is told not to sleep.
      const fix = await run(inst.bin('ovmd'), ['--root', f.root, '-p', 'com.oracle.linux.network.hostname=after-stop'], { env: other.env });
      expect(fix.code, fix.stderr).toBe(0);
      const second = new OvmdProcess(inst, f.root, other.env);
      try {
        await second.waitFor(/the last configure run was interrupted; it will run again/);
        await second.waitFor(/target configure: configured/, 60_000);
        expect(readFileSync(join(f.root, 'etc/hostname'), 'utf8')).toBe('after-stop\n');
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
      await other.stop();
      f.cleanup();
    }
  });
});

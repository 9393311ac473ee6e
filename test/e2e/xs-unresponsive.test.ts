// A xenstored that stops answering (SIGSTOP) must not hang ovm-vmmessage: the client's request
// timeout ends the command with exit 1 and a message that says what happened and what to do.
// A guest endpoint that stops answering for longer than that timeout must not wedge the daemon:
// it connects again and picks up what the host sent meanwhile.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../ovmd/client/index.js';
import { sendToGuest, setupChannel } from '../../ovmd/vmapi/host.js';
import { cleanupRoots } from '../helpers/roots.js';
import { startGuest, startXenstored, type Xenstored } from '../xenstored/testbed.js';
import { install, OvmdProcess, realGuestRoot, run, type Install } from './ovmd-harness.js';

/** The pid of the guest bridge serving `socket` (its argument list names the socket). */
function bridgePid(socket: string): number {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.endsWith('xs-guest-bridge.py')) && args.includes(socket)) return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no guest bridge serves ${socket}`);
}

let xsd: Xenstored;
let inst: Install;

beforeAll(async () => {
  inst = install();
  xsd = await startXenstored();
}, 240_000);

afterAll(async () => {
  if (xsd) process.kill(xsd.pid, 'SIGCONT');
  await xsd?.stop();
  inst?.remove();
  cleanupRoots();
});

describe('xenstored not answering', () => {
  it('ovm-vmmessage gives up after the request timeout with a clear message', async () => {
    process.kill(xsd.pid, 'SIGSTOP');
    try {
      const r = await run(inst.bin('ovm-vmmessage'), ['--domid', '5', '--list'], { env: xsd.env });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^ovm-vmmessage: xenstore .* got no answer within 30 s/);
      expect(r.stderr).toMatch(/Check that xenstored runs and answers .* then run ovm-vmmessage again/);
    } finally {
      process.kill(xsd.pid, 'SIGCONT');
    }
  }, 120_000);

  it('the daemon connects again after its endpoint stopped answering, and misses nothing', async () => {
    const guest = await startGuest(xsd, 9);
    const host = await connect({ endpoint: xsd.socket });
    const ovmd = new OvmdProcess(inst, realGuestRoot(inst), guest.env, {}, ['-t', '5']);
    try {
      await setupChannel(host, 9);
      await ovmd.waitFor(/connected to xenstore/);
      const bridge = bridgePid(guest.socket);
      process.kill(bridge, 'SIGSTOP');
      try {
        await sendToGuest(host, 9, [{ key: 'com.example.during', value: 'stopped' }]);
        await ovmd.waitFor(/got no answer within 30 s.*connecting to xenstore again/, 90_000);
      } finally {
        process.kill(bridge, 'SIGCONT');
      }
      await ovmd.waitFor(/stored com\.example\.during/, 90_000);
      const mark = ovmd.output.length;
      await sendToGuest(host, 9, [{ key: 'com.example.after', value: 'resumed' }]);
      await ovmd.waitFor(/stored com\.example\.after/, 60_000, mark);
    } finally {
      await ovmd.stop();
      await host.close();
      await guest.stop();
    }
  }, 240_000);
});

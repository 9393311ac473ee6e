// A xenstored that stops answering (SIGSTOP) must not hang ovm-vmmessage: the client's request
// timeout ends the command with exit 1 and a message that says what happened and what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXenstored, type Xenstored } from '../xenstored/testbed.js';
import { install, run, type Install } from './ovmd-harness.js';

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
});

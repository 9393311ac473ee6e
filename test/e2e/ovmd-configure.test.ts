// End to end with the real built commands: ovmd as unprivileged domU through the bridge on an
// el9 scratch root with every built-in module, the real C xenstored, ovm-vmmessage as the host.
// The demo batch configures the root; the result is readable with ovm-vmmessage -q and with
// plain xenstore-ls; secrets never reach logs, /var/lib/ovmd, argv or from-guest. A host that
// only uses xenstore-write gets the same result.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGuest } from '../xenstored/testbed.js';
import { batchJson, demoBatch, freshPublicKey } from './demo-batch.js';
import { OvmdProcess, realGuestRoot, run, textUnder } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const ROOT_PW = 'Root-CANARY-5b21';
const USER_PW = 'User-CANARY-93aa';
const daemons: OvmdProcess[] = [];
const scene = ovmdScene({ after: async () => { for (const d of daemons) await d.stop(); } });
const { vmmessage } = scene;

/** Every process's argument list right now, joined. */
function allArgv(): string {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'latin1');
      } catch {
        return '';
      }
    })
    .join('\n');
}

function xenstoreLs(path: string): Promise<string> {
  return run('xenstore-ls', [path], { env: scene.xsd.env }).then((r) => r.stdout);
}

async function configuredGuest(domid: number, send: (domid: number, batch: [string, string][]) => Promise<void>) {
  const guest = await startGuest(scene.xsd, domid);
  const root = realGuestRoot(scene.inst, { 'etc/sysconfig/ovm-template-initial-config': 'INITIAL_CONFIG=yes\n' });
  const ovmd = new OvmdProcess(scene.inst, root, guest.env);
  daemons.push(ovmd);
  await ovmd.waitFor(/ovmd started/);
  let argvSeen = '';
  const sampler = setInterval(() => (argvSeen += allArgv()), 25);
  try {
    await send(domid, demoBatch(ROOT_PW, USER_PW, freshPublicKey()));
    await ovmd.waitFor(/target configure: (configured|failed)[\s\S]*sent ovmd\.run-result/, 120_000);
  } finally {
    clearInterval(sampler);
  }
  return { root, ovmd, argvSeen };
}

describe('ovmd end to end', () => {
  it('configures an el9 root from the demo batch sent by ovm-vmmessage, and reports back', async () => {
    const { root, ovmd, argvSeen } = await configuredGuest(11, async (domid, batch) => {
      const sent = await vmmessage(['--domid', String(domid), '--file', '-'], batchJson(batch));
      expect(sent.code, sent.stderr).toBe(0);
    });
    expect(ovmd.output).toMatch(/target configure: configured/);
    const q = await vmmessage(['--domid', '11', '-q', 'ovmd.run-result']);
    expect(q.code).toBe(0);
    const result = JSON.parse(q.stdout);
    expect(result.state).toBe('configured');
    expect(result.modules.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['network', 'authentication', 'user', 'ssh', 'datetime']));
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toMatch(/demo-vm/);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toMatch(/^alice:/m);
    expect(readFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), 'utf8')).toMatch(/INITIAL_CONFIG=no/);
    const ls = await xenstoreLs('/local/domain/11/control/oracle-vmapi/from-guest');
    expect(ls).toMatch(/= "ovmd.run-result"/);
    expect(ls).toMatch(/\\"state\\":\\"configured\\"|"state":"configured"/);
    for (const secret of [ROOT_PW, USER_PW]) {
      expect(ovmd.output).not.toContain(secret);
      expect(textUnder(join(root, 'var/lib/ovmd'))).not.toContain(secret);
      expect(textUnder(join(root, 'run/ovmd'))).not.toContain(secret); // wiped after success
      expect(textUnder(join(root, 'var/log'))).not.toContain(secret);
      expect(argvSeen).not.toContain(secret);
      expect(ls).not.toContain(secret);
      expect((await vmmessage(['--domid', '11', '--list'])).stdout).not.toContain(secret);
    }
  });

  it('processes a batch written with plain xenstore-write and xenstore-chmod the same way', async () => {
    const { root, ovmd } = await configuredGuest(12, async (domid, batch) => {
      const base = `/local/domain/${domid}/control/oracle-vmapi`;
      const env = scene.xsd.env;
      for (const dir of ['to-guest', 'from-guest']) {
        expect((await run('xenstore-write', [`${base}/${dir}`, ''], { env })).code).toBe(0);
        expect((await run('xenstore-chmod', [`${base}/${dir}`, `n${domid}`], { env })).code).toBe(0);
      }
      for (const [i, [key, value]] of batch.entries()) {
        const n = i + 1;
        const w = await run('xenstore-write', [`${base}/to-guest/${n}`, key, `${base}/to-guest/${n}/0`, value, `${base}/to-guest/last-write`, String(n)], { env });
        expect(w.code, w.stderr).toBe(0);
      }
    });
    expect(ovmd.output).toMatch(/target configure: configured/);
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toMatch(/demo-vm/);
    const ls = await xenstoreLs('/local/domain/12/control/oracle-vmapi');
    expect(ls).toMatch(/configured/);
    expect(ls).not.toContain(ROOT_PW);
  });
});

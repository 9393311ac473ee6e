// End to end through the real C xenstored: a first-boot batch that every descriptor format
// accepts but three modules' own checks refuse (a time zone that does not exist, a gateway off
// the address's network, a truncated SSH key). The guest changes nothing (its root is
// byte-identical, ovmd's own state and the run log aside), reports state "invalid" with every
// reason in ovmd.run-result and `ovmd --status` (exit 1), keeps first boot armed and never
// sends or shows the root password.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotTree } from '../helpers/roots.js';
import { startGuest } from '../xenstored/testbed.js';
import { batchJson, demoBatch, freshPublicKey } from './demo-batch.js';
import { OvmdProcess, realGuestRoot, run } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const ROOT_PW = 'Refused-Root-CANARY-e2e';
const USER_PW = 'Refused-User-CANARY-e2e';
const L = 'com.oracle.linux.';
const daemons: OvmdProcess[] = [];
const scene = ovmdScene({ after: async () => { for (const d of daemons) await d.stop(); } });

/** The guest's tree, without what ovmd and the runner keep on purpose (state, the run log). */
function guestTree(root: string) {
  return snapshotTree(root, (path) => /^\/(var\/lib\/ovmd|run\/ovmd)$/.test(path) || path === '/var/log/ovm-template-config.log');
}

/** The demo batch with three values only a module's own checks refuse. */
function refusedBatch(): [string, string][] {
  const bad: Record<string, string> = {
    [`${L}datetime.timezone`]: 'Mars/Olympus',
    [`${L}network.gateway.0`]: '198.51.100.1',
    [`${L}ssh.authorized-keys.0`]: freshPublicKey('alice@demo').slice(0, 40),
  };
  return demoBatch(ROOT_PW, USER_PW, 'unused').map(([k, v]) => [k, bad[k] ?? v]);
}

/** A guest with first boot armed and ovmd started on it, as domain `domid`. */
async function armedGuest(domid: number): Promise<{ root: string; ovmd: OvmdProcess }> {
  const guest = await startGuest(scene.xsd, domid);
  const root = realGuestRoot(scene.inst, { 'etc/sysconfig/ovm-template-initial-config': 'INITIAL_CONFIG=yes\n' });
  const ovmd = new OvmdProcess(scene.inst, root, guest.env);
  daemons.push(ovmd);
  await ovmd.waitFor(/ovmd started/);
  return { root, ovmd };
}

describe('ovmd: a refused first-boot batch', () => {
  it('changes nothing, reports invalid with every reason, and stays armed', async () => {
    const { root, ovmd } = await armedGuest(31);
    const before = guestTree(root);
    const sent = await scene.vmmessage(['--domid', '31', '--file', '-'], batchJson(refusedBatch()));
    expect(sent.code, sent.stderr).toBe(0);
    await ovmd.waitFor(/target configure: invalid[\s\S]*sent ovmd\.run-result/, 120_000);
    const q = await scene.vmmessage(['--domid', '31', '-q', 'ovmd.run-result']);
    expect(q.code).toBe(0);
    const result = JSON.parse(q.stdout);
    expect(result.state).toBe('invalid');
    expect(result.error).toMatch(/^refused, nothing was changed: .* \(and 2 more, see errors\)$/);
    expect(result.errors).toEqual([
      { key: `${L}datetime.timezone`, module: 'datetime', reason: expect.stringMatching(/Mars\/Olympus.*not a time zone/) },
      { key: `${L}network.gateway.0`, module: 'network', reason: expect.stringMatching(/not on the network/) },
      { key: `${L}ssh.authorized-keys.0`, module: 'ssh', reason: expect.stringMatching(/ssh-keygen refused it/) },
    ]);
    expect(result.modules.every((m: { status: string }) => m.status === 'not run')).toBe(true);
    expect(guestTree(root)).toEqual(before);
    expect(readFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), 'utf8')).toBe('INITIAL_CONFIG=yes\n');
    const status = await run(scene.inst.bin('ovmd'), ['--root', root, '--status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^status: invalid: the last batch was refused, nothing was changed$/m);
    expect(status.stdout).toMatch(/^errors \(3\):\n  com\.oracle\.linux\.datetime\.timezone: .*\(module "datetime"\)$/m);
    const log = readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8');
    expect(log.match(/refused: /g)).toHaveLength(3);
    for (const secret of [ROOT_PW, USER_PW]) {
      expect(q.stdout).not.toContain(secret);
      expect(status.stdout).not.toContain(secret);
      expect(ovmd.output).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
  }, 180_000);

  it('takes corrections sent in two calls as one batch: one run, configured, no second refusal', async () => {
    const { ovmd } = await armedGuest(32);
    const bad = refusedBatch().filter(([k]) => k !== `${L}ssh.authorized-keys.0`); // two bad values
    expect((await scene.vmmessage(['--domid', '32', '--file', '-'], batchJson(bad))).code).toBe(0);
    await ovmd.waitFor(/target configure: invalid/, 120_000);
    // A host script fixing one key per call: the first fix alone would still be refused.
    const fix = (k: string, v: string) => scene.vmmessage(['--domid', '32', '-k', `${L}${k}`, '-V', v]);
    expect((await fix('datetime.timezone', 'Europe/London')).code).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect((await fix('network.gateway.0', demoBatch(ROOT_PW, USER_PW, 'unused').find(([k]) => k === `${L}network.gateway.0`)![1])).code).toBe(0);
    await ovmd.waitFor(/target configure: configured/, 180_000);
    expect(ovmd.output.match(/running target configure/g)).toHaveLength(2);
    expect(ovmd.output.match(/target configure: invalid/g)).toHaveLength(1);
    expect(ovmd.output).toMatch(/corrections to the refused batch are arriving/);
    expect(ovmd.output).not.toContain(ROOT_PW);
  }, 240_000);
});

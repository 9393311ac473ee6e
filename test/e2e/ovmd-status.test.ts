// `ovmd --status` on the guest in each state, with the built ovmd and the real C xenstored:
// never ran and waiting (3), running (3, and --wait until it is done), done (0), failed (1);
// the refused batch (invalid, 1) is in ovmd-refused.test.ts. --json carries the same facts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendToGuest, setupChannel } from '../../ovmd/vmapi/host.js';
import { startGuest } from '../xenstored/testbed.js';
import { OvmdProcess, run } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const daemons: OvmdProcess[] = [];
const scene = ovmdScene({ host: true, after: async () => { for (const d of daemons) await d.stop(); } });
const PW = 'Status-CANARY-3141';

function status(root: string, args: string[] = []) {
  return run(scene.inst.bin('ovmd'), ['--root', root, '--status', ...args]);
}

/** An armed fixture root with its daemon running as guest `domid`. */
async function armedGuest(domid: number) {
  const guest = await startGuest(scene.xsd, domid);
  await setupChannel(scene.host, domid);
  const { root } = scene.fixtureRoot();
  writeFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), 'INITIAL_CONFIG=yes\n');
  const ovmd = new OvmdProcess(scene.inst, root, guest.env);
  daemons.push(ovmd);
  await ovmd.waitFor(/ovmd started/);
  return { root, ovmd };
}

const send = (domid: number, hostname: string) =>
  sendToGuest(scene.host, domid, [{ key: 'com.oracle.linux.network.hostname', value: hostname }, { key: 'com.oracle.linux.root-password', value: PW }]);

describe('ovmd --status', () => {
  it('never ran: exit 3, and --json says so', async () => {
    const { root } = scene.fixtureRoot();
    const text = await status(root);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^status: never ran/m);
    expect(text.stdout).toMatch(/^first boot: not armed$/m);
    expect(text.stdout).toContain(`log: ${root}/var/log/ovm-template-config.log`);
    const json = await status(root, ['--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ state: 'never ran', firstBootArmed: false, daemon: { running: false } });
  });

  it('waiting, running (--wait follows it to the end), then done with the modules and their durations', async () => {
    const { root, ovmd } = await armedGuest(41);
    const waiting = await status(root, ['--long']);
    expect(waiting.code).toBe(3);
    expect(waiting.stdout).toMatch(/^status: waiting/m);
    expect(waiting.stdout).toMatch(/^first boot: armed/m);
    expect(waiting.stdout).toMatch(/^daemon: running \(pid \d+\)$/m);
    expect(waiting.stdout).toMatch(/^waiting for: com\.oracle\.linux\.root-password$/m);
    await send(41, 'sleep-4');
    await ovmd.waitFor(/running target configure/);
    const running = await status(root);
    expect(running.code).toBe(3);
    expect(running.stdout).toMatch(/^status: running/m);
    const waited = await status(root, ['--wait', '60', '--long']);
    expect(waited.code, waited.stdout).toBe(0);
    expect(waited.stdout).toMatch(/^status: done/m);
    expect(waited.stdout).toMatch(/^first boot: not armed$/m);
    expect(waited.stdout).toMatch(/^last run: configure configured, started \S+, took \d+\.\d\d s$/m);
    expect(waited.stdout).toMatch(/^  ok +fixture-net +\d+\.\d\d s$/m);
    const json = JSON.parse((await status(root, ['--json'])).stdout);
    expect(json).toMatchObject({ state: 'done', lastRun: { target: 'configure', state: 'configured' } });
    for (const out of [waiting.stdout, waited.stdout, JSON.stringify(json)]) expect(out).not.toContain(PW);
  });

  it('failed: exit 1 with the module\'s reason; first boot stays armed', async () => {
    const { root, ovmd } = await armedGuest(42);
    await send(42, 'fail');
    await ovmd.waitFor(/target configure: failed/);
    const result = await status(root, ['--wait', '30']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^status: failed/m);
    expect(result.stdout).toMatch(/^first boot: armed/m);
    expect(result.stdout).toMatch(/^error: .*refused by the fixture/m);
  });

  it('refuses --long or --wait without --status, and a bad --wait', async () => {
    const { root } = scene.fixtureRoot();
    const long = await run(scene.inst.bin('ovmd'), ['--root', root, '-l', '--long']);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('--long goes with --status');
    const wait = await status(root, ['--wait', 'soon']);
    expect(wait.code).toBe(2);
    expect(wait.stderr).toContain('--wait must be a number of seconds');
  });
});

// First-boot mode of the built ovmd without a terminal (the console dialog is then not
// offered): it says what it waits for, configures from the host's batch, disarms and exits 0;
// a time budget that runs out leaves it armed and exits 1; when not armed it exits at once.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendToGuest, setupChannel } from '../../ovmd/vmapi/host.js';
import { startGuest } from '../xenstored/testbed.js';
import { OvmdProcess } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const scene = ovmdScene({ host: true });

async function armedRoot(file: string): Promise<string> {
  const f = scene.fixtureRoot();
  writeFileSync(join(f.root, file), '# first boot\nINITIAL_CONFIG=yes\nOTHER=kept\n');
  return f.root;
}

describe('ovmd --first-boot', () => {
  it('waits for the trigger from the host, configures, disarms and exits 0 (SysV layout file)', async () => {
    const guest = await startGuest(scene.xsd, 51);
    await setupChannel(scene.host, 51);
    const root = await armedRoot('etc/sysconfig/ovmd');
    const ovmd = new OvmdProcess(scene.inst, root, guest.env, {}, ['--first-boot', '--first-boot-timeout', '120']);
    await ovmd.waitFor(/waiting up to 120 s for com\.oracle\.linux\.root-password from the host \(xenstore\)/);
    await sendToGuest(scene.host, 51, [{ key: 'com.oracle.linux.network.hostname', value: 'first' }, { key: 'com.oracle.linux.root-password', value: 'FB-CANARY' }]);
    expect((await ovmd.exited).code).toBe(0);
    expect(ovmd.output).toMatch(/first-boot configuration complete/);
    // Per-module progress reaches the console (stdout), not only the log, in ovm-template-config's words.
    expect(ovmd.stdout).toMatch(/^ {2}running {2}\d\d fixture-net +\(\d+\/\d+\)$/m);
    expect(ovmd.stdout).toMatch(/^ {2}ok {7}\d\d fixture-net +\d+\.\d\d s$/m);
    expect(readFileSync(join(root, 'etc/sysconfig/ovmd'), 'utf8')).toBe('# first boot\nINITIAL_CONFIG=no\nOTHER=kept\n');
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('first\n');
    await guest.stop();
  });

  it('gives up after its time budget, stays armed and exits 1; creates /run/ovmd (0700) itself', async () => {
    const guest = await startGuest(scene.xsd, 52);
    const root = await armedRoot('etc/sysconfig/ovm-template-initial-config');
    rmSync(join(root, 'run'), { recursive: true, force: true }); // started before tmpfiles ran
    const ovmd = new OvmdProcess(scene.inst, root, guest.env, {}, ['--first-boot', '--first-boot-timeout', '1']);
    expect((await ovmd.exited).code).toBe(1);
    expect(ovmd.output).toMatch(/did not complete within 1 s; it stays armed/);
    expect(readFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), 'utf8')).toMatch(/INITIAL_CONFIG=yes/);
    expect(statSync(join(root, 'run/ovmd')).mode & 0o777).toBe(0o700);
    await guest.stop();
  });

  it('exits at once when first boot is not armed', async () => {
    const f = scene.fixtureRoot();
    const ovmd = new OvmdProcess(scene.inst, f.root, { XENSTORED_PATH: '/nonexistent' }, {}, ['--first-boot']);
    expect((await ovmd.exited).code).toBe(0);
    expect(ovmd.output).toMatch(/not armed/);
  });
});

// Plain xl, end to end with the built commands and the real C xenstored: `ovm-vmmessage
// --vm-data` writes a first-boot batch as vm-data keys of a domain that has not started yet
// (xl create -p), then the guest's ovmd starts (xl unpause) and configures itself from them,
// deleting the secret's node, which it may because vm-data was given to the guest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OvmdProcess, run, textUnder } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const DOMID = 14;
const HOME = `/local/domain/${DOMID}`;
const CANARY = 'CANARY-xl-vmdata-93';
const daemons: OvmdProcess[] = [];
const scene = ovmdScene({ guest: DOMID, fixtureRoot: true, after: () => Promise.all(daemons.map((d) => d.stop())) });
const ls = async (path: string) => (await run('xenstore-ls', ['-p', path], { env: scene.xsd.env })).stdout;

describe('ovm-vmmessage --vm-data', () => {
  it('refuses a key that cannot be a xenstore path, and writes nothing', async () => {
    const r = await scene.vmmessage(['--domid', String(DOMID), '--vm-data', '--file', '-'], 'com.example.fine=1\ncom.example.bad:key=2\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused: key "com\.example\.bad:key" cannot be sent as vm-data: xenstore node names allow only letters, digits, "-", "_" and "@"/);
    expect(await ls(`${HOME}/vm-data`)).toBe('');
    const usage = await scene.vmmessage(['--domid', String(DOMID), '--vm-data', '--list']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--vm-data goes with -k\/-V or --file/);
  });

  it('writes the batch like XAPI (guest-owned vm-data), and the guest configures from it at start', async () => {
    const batch = `com.oracle.linux.network.hostname=vm14.example.com\ncom.oracle.linux.root-password=${CANARY}\n`;
    const r = await scene.vmmessage(['--domid', String(DOMID), '--vm-data', '--file', '-'], batch);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote com.oracle.linux.network.hostname (${HOME}/vm-data/com/oracle/linux/network/hostname)`);
    expect(r.stdout).not.toContain(CANARY);
    const tree = await ls(`${HOME}/vm-data`);
    expect(tree).toMatch(/hostname = "vm14\.example\.com"[ .]+\(n14\)/); // inherited from vm-data: the guest owns it
    expect(tree).toMatch(/root-password = "CANARY-xl-vmdata-93"[ .]+\(n14\)/);
    writeFileSync(join(scene.root, 'etc/sysconfig/ovm-template-initial-config'), 'INITIAL_CONFIG=yes\n');
    const ovmd = new OvmdProcess(scene.inst, scene.root, scene.guest.env);
    daemons.push(ovmd);
    await ovmd.waitFor(/target configure: configured/);
    const after = await ls(`${HOME}/vm-data`);
    expect(after).toContain('vm14.example.com');
    expect(after).not.toContain('root-password');
    expect(ovmd.output).not.toContain(CANARY);
    expect(textUnder(join(scene.root, 'var'))).not.toContain(CANARY);
    // Plain xl is neither Oracle VM nor XAPI: the XAPI layout is published (XAPI_REPORT=auto).
    expect(ovmd.output).toMatch(/host: XAPI host \(unique-domain-id or vm-data present\)/);
  });
});

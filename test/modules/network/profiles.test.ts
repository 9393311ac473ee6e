// An interface that already has a profile keeps it, whatever its format or file name; only a
// device with no profile gets a new file in the family's format.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import network from '../../../modules/network.js';
import { runTestTarget } from '../../../modules/lib/test-context.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../../helpers/roots.js';
import { STATIC, batch } from './batches.js';

afterAll(cleanupRoots);
const NM = 'etc/NetworkManager/system-connections';
const SCRIPTS = 'etc/sysconfig/network-scripts';

async function changedPaths(root: string): Promise<string[]> {
  const before = snapshotTree(root);
  await runTestTarget(network, 'configure', STATIC, { root });
  const after = snapshotTree(root);
  return [...after.keys()].filter((p) => !after.get(p)!.dir && JSON.stringify(before.get(p)) !== JSON.stringify(after.get(p))).sort();
}

describe('which profile configures a device', () => {
  it('el9 upgraded from el8 with only ifcfg-eth0: edits it, adds no keyfile', async () => {
    const root = makeRoot('el9');
    rmSync(join(root, NM, 'eth0.nmconnection'));
    writeFileSync(join(root, SCRIPTS, 'ifcfg-eth0'), 'DEVICE=eth0\nBOOTPROTO=dhcp\nONBOOT=yes\n');
    expect(await changedPaths(root)).toEqual(['/etc/hostname', '/etc/hosts', `/${SCRIPTS}/ifcfg-eth0`]);
    expect(existsSync(join(root, NM, 'eth0.nmconnection'))).toBe(false);
    expect(readFileSync(join(root, SCRIPTS, 'ifcfg-eth0'), 'utf8')).toContain('IPADDR=192.0.2.10');
  });

  it('el9 profile not named after its device: edited in place', async () => {
    const root = makeRoot('el9');
    renameSync(join(root, NM, 'eth0.nmconnection'), join(root, NM, 'Wired connection 1.nmconnection'));
    expect(await changedPaths(root)).toContain(`/${NM}/Wired connection 1.nmconnection`);
    expect(existsSync(join(root, NM, 'eth0.nmconnection'))).toBe(false);
  });

  it('el8 device configured by a keyfile (nmcli-made) and no ifcfg: the keyfile is edited', async () => {
    const root = makeRoot('el8');
    rmSync(join(root, SCRIPTS, 'ifcfg-eth0'));
    writeFileSync(join(root, NM, 'uplink.nmconnection'), '[connection]\nid=uplink\ntype=ethernet\ninterface-name=eth0\n\n[ipv4]\nmethod=auto\n', { mode: 0o600 });
    expect(await changedPaths(root)).toContain(`/${NM}/uplink.nmconnection`);
    expect(existsSync(join(root, SCRIPTS, 'ifcfg-eth0'))).toBe(false);
  });

  it('el6 file named ifcfg-System_eth0 with DEVICE=eth0: edited, no second file', async () => {
    const root = makeRoot('el6');
    renameSync(join(root, SCRIPTS, 'ifcfg-eth0'), join(root, SCRIPTS, 'ifcfg-System_eth0'));
    expect(await changedPaths(root)).toContain(`/${SCRIPTS}/ifcfg-System_eth0`);
    expect(existsSync(join(root, SCRIPTS, 'ifcfg-eth0'))).toBe(false);
  });

  it('a new device gets a new file in the family format (el9: keyfile, mode 0600)', async () => {
    const root = makeRoot('el9');
    const paths = await changedPaths(root);
    expect(paths).toContain(`/${NM}/eth0.nmconnection`);
    const r2 = makeRoot('el9');
    await runTestTarget(network, 'configure', { 'com.oracle.linux.network.device.0': 'ens3', 'com.oracle.linux.network.bootproto.0': 'dhcp' }, { root: r2 });
    expect(snapshotTree(r2).get(`/${NM}/ens3.nmconnection`)?.mode).toBe(0o600);
  });
});

describe('hardware address pinned by an uncleaned template', () => {
  it('is reported when the card (under /sys) has another address and the batch does not fix it', async () => {
    const root = makeRoot('el6', { '/sys/class/net/eth0/address': '00:16:3e:aa:bb:cc\n' });
    const run = await runTestTarget(network, 'configure', STATIC, { root });
    expect(run.logs.join('\n')).toMatch(/pins eth0 to 00:16:3E:5A:1B:06, but the card is 00:16:3E:AA:BB:CC.*hwaddr\.0/);
  });

  it('is not reported when the batch sends hwaddr.0 or the addresses agree', async () => {
    const root = makeRoot('el6', { '/sys/class/net/eth0/address': '00:16:3e:5a:1b:06\n' });
    const run = await runTestTarget(network, 'configure', STATIC, { root });
    expect(run.logs.join('\n')).not.toMatch(/pins eth0/);
  });
});

describe('a new interface with only a device name', () => {
  it.each(['el7', 'el9'] as const)('%s: gets DHCP', async (family) => {
    const root = makeRoot(family);
    await runTestTarget(network, 'configure', { 'com.oracle.linux.network.device.1': 'eth1' }, { root });
    const file = family === 'el9' ? `${NM}/eth1.nmconnection` : `${SCRIPTS}/ifcfg-eth1`;
    expect(readFileSync(join(root, file), 'utf8')).toMatch(family === 'el9' ? /\[ipv4\]\nmethod=auto\n/ : /^BOOTPROTO=dhcp$/m);
  });
});

describe('a new static address without a gateway', () => {
  const moved = batch({ 'device.0': 'eth0', 'bootproto.0': 'static', 'ipaddr.0': '198.51.100.20', 'netmask.0': '24' });
  const renumbered = batch({ 'device.0': 'eth0', 'bootproto.0': 'static', 'ipaddr.0': '192.0.2.20', 'netmask.0': '24' });

  it.each([
    ['el6', `${SCRIPTS}/ifcfg-eth0`, /^GATEWAY=/m],
    ['el9', `${NM}/eth0.nmconnection`, /^address1=.*,/m],
  ] as const)('%s: drops the old gateway when it is off the new network, and says so', async (family, file, gatewayLine) => {
    const root = makeRoot(family);
    await runTestTarget(network, 'configure', STATIC, { root });
    expect(readFileSync(join(root, file), 'utf8')).toMatch(gatewayLine);
    const run = await runTestTarget(network, 'configure', moved, { root });
    const text = readFileSync(join(root, file), 'utf8');
    expect(text).not.toMatch(gatewayLine);
    expect(text).not.toContain('192.0.2.1');
    expect(run.logs.join('\n')).toContain('its gateway 192.0.2.1 is not on the new network 198.51.100.20/24');
  });

  it.each([
    ['el6', `${SCRIPTS}/ifcfg-eth0`, 'GATEWAY=192.0.2.1'],
    ['el9', `${NM}/eth0.nmconnection`, 'address1=192.0.2.20/24,192.0.2.1'],
  ] as const)('%s: keeps the old gateway when it is still on the network', async (family, file, expected) => {
    const root = makeRoot(family);
    await runTestTarget(network, 'configure', STATIC, { root });
    const run = await runTestTarget(network, 'configure', renumbered, { root });
    expect(readFileSync(join(root, file), 'utf8')).toContain(expected);
    expect(run.logs.join('\n')).not.toContain('is not on the new network');
  });
});

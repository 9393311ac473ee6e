// The network module's current values (the console dialog's defaults), read from the root a
// run configures: the host name, and the first interface profile in either format.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../modules/lib/test-context.js';
import { currentNetwork } from '../../../modules/network/current.js';
import { cleanupRoots, makeRoot } from '../../helpers/roots.js';

afterAll(cleanupRoots);
const N = 'com.oracle.linux.network.';
const NM = 'etc/NetworkManager/system-connections';
const SCRIPTS = 'etc/sysconfig/network-scripts';

function current(root: string) {
  const { ctx, commands } = createTestContext({ root });
  const values = currentNetwork(ctx);
  expect(commands).toEqual([]);
  return values;
}

describe('the network module\'s current values', () => {
  it('el9: the host name and the DHCP keyfile of eth0', () => {
    const root = makeRoot('el9');
    expect(current(root)).toEqual({ [`${N}hostname`]: 'localhost.localdomain', [`${N}device.0`]: 'eth0', [`${N}onboot.0`]: 'yes', [`${N}bootproto.0`]: 'dhcp' });
  });

  it('a static keyfile: address, prefix, gateway, DNS; autoconnect=false is "no"', () => {
    const root = makeRoot('el9', { 'etc/hostname': 'tmpl.example.com\n' });
    const text = '[connection]\nid=ens3\ninterface-name=ens3\nautoconnect=false\n\n[ipv4]\nmethod=manual\naddress1=192.0.2.9/24,192.0.2.1\ndns=192.0.2.53;192.0.2.54;\n';
    rmSync(join(root, NM, 'eth0.nmconnection'));
    writeFileSync(join(root, NM, 'Wired connection 1.nmconnection'), text);
    expect(current(root)).toEqual({
      [`${N}hostname`]: 'tmpl.example.com', [`${N}device.0`]: 'ens3', [`${N}onboot.0`]: 'no', [`${N}bootproto.0`]: 'static',
      [`${N}ipaddr.0`]: '192.0.2.9', [`${N}netmask.0`]: '24', [`${N}gateway.0`]: '192.0.2.1', [`${N}dns-servers.0`]: '192.0.2.53,192.0.2.54',
    });
  });

  it('el7: an ifcfg file (ifcfg-lo and backups passed over), HOSTNAME= on el6', () => {
    const root = makeRoot('el7', { [`${SCRIPTS}/ifcfg-eth1`]: 'DEVICE=eth1\nONBOOT=no\nBOOTPROTO=none\nIPADDR=10.0.0.5\nNETMASK=255.255.255.0\nGATEWAY=10.0.0.1\nDNS1=10.0.0.53\n', [`${SCRIPTS}/ifcfg-eth0.bak`]: 'DEVICE=eth0\n', [`${SCRIPTS}/ifcfg-lo`]: 'DEVICE=lo\n' });
    for (const name of ['ifcfg-eth0']) rmSync(join(root, SCRIPTS, name), { force: true });
    expect(current(root)).toMatchObject({ [`${N}device.0`]: 'eth1', [`${N}onboot.0`]: 'no', [`${N}bootproto.0`]: 'none', [`${N}ipaddr.0`]: '10.0.0.5', [`${N}netmask.0`]: '255.255.255.0', [`${N}gateway.0`]: '10.0.0.1', [`${N}dns-servers.0`]: '10.0.0.53' });
    const el6 = makeRoot('el6', { 'etc/sysconfig/network': 'NETWORKING=yes\nHOSTNAME=old6.example.com\n' });
    expect(current(el6)[`${N}hostname`]).toBe('old6.example.com');
  });

  it('reads only the given root, never the live host', () => {
    const root = makeRoot('el9', { 'etc/hostname': 'inside-root.example.com\n' });
    expect(current(root)[`${N}hostname`]).toBe('inside-root.example.com');
  });
});

// Hostile and malformed values: each one is refused with an InputError naming the key at fault,
// and the root is byte-identical afterwards (nothing is written when anything is invalid).
import { afterAll, describe, expect, it } from 'vitest';
import network from '../../../modules/network.js';
import { runTestTarget } from '../../../modules/lib/test-context.js';
import { InputError } from '../../../modules/lib/types.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';
import { STATIC, batch } from './batches.js';

afterAll(cleanupRoots);

// [key at fault (short form), overrides of the common static batch]
const CASES: [string, Record<string, string>][] = [
  ['device.0', { 'device.0': 'eth0\nONBOOT=yes' }],
  ['device.0', { 'device.0': 'eth0\r' }],
  ['device.0', { 'device.0': '../../etc/passwd' }],
  ['device.0', { 'device.0': 'eth0;rm -rf /' }],
  ['device.0', { 'device.0': '$(reboot)' }],
  ['device.0', { 'device.0': '`reboot`' }],
  ['device.0', { 'device.0': 'eth0 eth1' }],
  ['device.0', { 'device.0': 'averyveryverylongname0' }],
  ['device.0', { 'device.0': 'lo' }],
  ['device.0', { 'device.0': '..' }],
  ['device.0', { 'device.0': 'eth0/1' }],
  ['device.1', { 'device.1': 'eth0' }],
  ['ipaddr.0', { 'ipaddr.0': '999.1.1.1' }],
  ['ipaddr.0', { 'ipaddr.0': '192.0.2.10\nGATEWAY=198.51.100.1' }],
  ['ipaddr.0', { 'ipaddr.0': '192.0.2' }],
  ['ipaddr.0', { 'ipaddr.0': '0.0.0.0' }],
  ['ipaddr.0', { 'ipaddr.0': '224.0.0.1' }],
  ['ipaddr.0', { 'ipaddr.0': '127.0.0.1' }],
  ['ipaddr.0', { 'ipaddr.0': '2001:db8::10' }],
  ['ipaddr.0', { 'ipaddr.0': '' }],
  ['ipaddr.5', { 'device.5': 'eth5', 'bootproto.5': 'static', 'ipaddr.5': 'abc', 'netmask.5': '24' }],
  ['netmask.0', { 'netmask.0': '255.0.255.0' }],
  ['netmask.0', { 'netmask.0': '33' }],
  ['netmask.0', { 'netmask.0': '0' }],
  ['netmask.0', { 'netmask.0': '' }],
  ['gateway.0', { 'gateway.0': '10.9.9.9' }],
  ['gateway.0', { 'gateway.0': '192.0.2.10' }],
  ['gateway.0', { 'gateway.0': '192.0.2.1; reboot' }],
  ['mtu.0', { 'mtu.0': '0' }],
  ['mtu.0', { 'mtu.0': '65536' }],
  ['mtu.0', { 'mtu.0': '1500abc' }],
  ['mtu.0', { 'mtu.0': '-1' }],
  ['hwaddr.0', { 'hwaddr.0': '00:16:3E:28:0F:4E:11' }],
  ['hwaddr.0', { 'hwaddr.0': '00-16-3E-28-0F-4E' }],
  ['hwaddr.0', { 'hwaddr.0': 'zz:16:3E:28:0F:4E' }],
  ['hostname', { hostname: `${'a'.repeat(60)}.`.repeat(5) + 'example.com' }],
  ['hostname', { hostname: '$(reboot)' }],
  ['hostname', { hostname: `${'h'.repeat(40)}.${'d'.repeat(30)}.example` }],
  ['hostname', { hostname: 'vm1.example.com\n127.0.0.1 evil' }],
  ['hostname', { hostname: '-bad.example.com' }],
  ['hostname', { hostname: 'vm_1.example.com' }],
  ['dns-servers.0', { 'dns-servers.0': '8.8.8.8;reboot' }],
  ['dns-servers.0', { 'dns-servers.0': '8.8.8.8,,8.8.4.4' }],
  ['dns-servers.0', { 'dns-servers.0': '8.8.8.8 8.8.4.4' }],
  ['dns-search-domains.0', { 'dns-search-domains.0': 'example.com\nnameserver 203.0.113.66' }],
  ['dns-search-domains.0', { 'dns-search-domains.0': 'exa mple.com' }],
  ['host.0', { 'host.0': '192.0.2.10' }],
  ['host.0', { 'host.0': '999.0.0.1 vm1' }],
  ['host.0', { 'host.0': '192.0.2.10 vm1\n203.0.113.66 evil' }],
  ['host.0', { 'host.0': '192.0.2.10 vm1 $(reboot)' }],
  ['onboot.0', { 'onboot.0': 'maybe' }],
  ['bootproto.0', { 'bootproto.0': 'bootp' }],
];

async function refusal(family: Family, overrides: Record<string, string>) {
  const root = makeRoot(family);
  const before = snapshotTree(root);
  const params = { ...STATIC, ...batch(overrides) };
  const error = await runTestTarget(network, 'configure', params, { root }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, unchanged: JSON.stringify([...snapshotTree(root)]) === JSON.stringify([...before]) };
}

describe('hostile values are refused, naming the key, and change nothing', () => {
  it('has enough cases to mean something', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES.map(([k, o], i) => [i, k, o] as const))('case %i: %s', async (i, short, overrides) => {
    // Alternate families so both file styles see every kind of refusal.
    const family = (['el6', 'el7', 'el8', 'el9'] as const)[i % 4]!;
    const { error, unchanged } = await refusal(family, overrides);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).key).toBe(`com.oracle.linux.network.${short}`);
    expect((error as InputError).message.length).toBeGreaterThan(5);
    expect((error as InputError).message).not.toMatch(/\n/);
    expect(unchanged).toBe(true);
  });
});

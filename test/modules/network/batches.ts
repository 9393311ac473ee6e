// The parameter sets the network tests share: the most common real-world batch (shared spec
// modules.md), a DHCP batch and a two-interface batch.
import type { Params } from '../../../modules/lib/types.js';

const N = 'com.oracle.linux.network.';

/** Why: builds a set from short names ("ipaddr.0") so the tests read like the batches people send. */
export function batch(short: Record<string, string>): Params {
  return Object.fromEntries(Object.entries(short).map(([k, v]) => [`${N}${k}`, v]));
}

export const STATIC = batch({
  hostname: 'vm1.example.com',
  'device.0': 'eth0',
  'onboot.0': 'yes',
  'bootproto.0': 'static',
  'ipaddr.0': '192.0.2.10',
  'netmask.0': '255.255.255.0',
  'gateway.0': '192.0.2.1',
  'dns-servers.0': '192.0.2.53,198.51.100.53',
  'dns-search-domains.0': 'example.com,corp.example.com',
  'host.0': '192.0.2.10 vm1.example.com vm1',
});

export const DHCP = batch({
  hostname: 'vm2.example.com',
  'device.0': 'eth0',
  'onboot.0': 'yes',
  'bootproto.0': 'dhcp',
});

export const TWO_INTERFACES = batch({
  hostname: 'db1.example.com',
  'device.0': 'eth0',
  'onboot.0': 'yes',
  'bootproto.0': 'none',
  'ipaddr.0': '10.0.0.21',
  'netmask.0': '24',
  'gateway.0': '10.0.0.1',
  'dns-servers.0': '10.0.0.2',
  'device.1': 'eth1',
  'hwaddr.1': '00:16:3e:28:0f:4e',
  'mtu.1': '9000',
  'onboot.1': 'no',
  'bootproto.1': 'static',
  'ipaddr.1': '172.16.5.21',
  'netmask.1': '255.255.0.0',
  'dns-search-domains.1': 'storage.example.com',
  'host.0': '10.0.0.21 db1.example.com db1',
  'host.1': '172.16.5.21 db1-storage.example.com',
});

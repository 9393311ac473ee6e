// The declaration (Oracle's flags) and how the parameter set is read: which keys take effect.
import { describe, expect, it } from 'vitest';
import network from '../../../modules/network.js';
import { configureDescriptors, parseKey } from '../../../modules/network/keys.js';
import { readRequest } from '../../../modules/network/request.js';
import { batch } from './batches.js';

const N = 'com.oracle.linux.network.';
const byKey = new Map(configureDescriptors().map((d) => [d.key.slice(N.length), d]));

describe('declaration', () => {
  it('has Oracle priorities and the indexes 0 and 1', () => {
    expect(network.priorities).toEqual({ configure: 50, cleanup: 50 });
    expect(configureDescriptors()).toHaveLength(2 + 2 * 10);
    expect(network.parameters.cleanup).toEqual([]);
  });

  it('carries the published flags', () => {
    expect(byKey.get('hostname')).not.toHaveProperty('hidden');
    expect(byKey.get('host.0')?.hidden).toBe(true);
    expect(byKey.get('device.0')?.hidden).toBeUndefined();
    expect(byKey.get('hwaddr.0')).toMatchObject({ hidden: true, depends: `${N}device.0`, format: 'mac' });
    expect(byKey.get('mtu.0')).toMatchObject({ hidden: true, depends: `${N}device.0` });
    expect(byKey.get('onboot.0')).toMatchObject({ choices: ['yes', 'no'], depends: `${N}device.0` });
    expect(byKey.get('onboot.0')?.hidden).toBeUndefined();
    expect(byKey.get('bootproto.0')?.choices).toEqual(['dhcp', 'static', 'none']);
    for (const stem of ['ipaddr', 'netmask', 'gateway', 'dns-servers']) {
      expect(byKey.get(`${stem}.0`)).toMatchObject({ depends: `${N}bootproto.0`, requires: [`${N}bootproto.0`, ['static', 'none', null]] });
      expect(byKey.get(`${stem}.0`)?.hidden).toBeUndefined();
    }
    expect(byKey.get('dns-search-domains.0')?.hidden).toBe(true);
    for (const [k, d] of byKey) if (k.endsWith('.1')) expect(d.hidden, k).toBe(true);
  });

  it('recognises any index but not look-alikes or other modules\' keys', () => {
    expect(parseKey(`${N}ipaddr.12`)).toEqual({ stem: 'ipaddr', index: 12 });
    expect(parseKey(`${N}ipaddr.01`)).toBeUndefined();
    expect(parseKey(`${N}firewall`)).toBeUndefined();
    expect(parseKey('com.example.linux.network.device.0')).toBeUndefined();
  });
});

describe('reading a parameter set', () => {
  it('takes "none" and a bare address as static', () => {
    const a = readRequest(batch({ 'device.0': 'eth0', 'bootproto.0': 'none', 'ipaddr.0': '192.0.2.5', 'netmask.0': '24' }));
    expect(a.ifaces[0]).toMatchObject({ mode: 'static', prefix: 24 });
    const b = readRequest(batch({ 'device.0': 'eth0', 'ipaddr.0': '192.0.2.5', 'netmask.0': '255.255.255.128' }));
    expect(b.ifaces[0]).toMatchObject({ mode: 'static', prefix: 25 });
  });

  it('ignores addressing under DHCP and keys without a device, and says so', () => {
    const r = readRequest(batch({ 'device.0': 'eth0', 'bootproto.0': 'dhcp', 'ipaddr.0': '192.0.2.5', 'mtu.3': '9000' }));
    expect(r.ifaces).toHaveLength(1);
    expect(r.ifaces[0]!.ipaddr).toBeUndefined();
    expect(r.ignored.join('\n')).toMatch(/ipaddr\.0 is ignored/);
    expect(r.ignored.join('\n')).toMatch(/device\.3 is not set/);
  });

  it('treats an empty value as unset and passes other modules\' keys by', () => {
    const r = readRequest({ ...batch({ hostname: '', 'device.0': 'eth0', 'mtu.0': '' }), [`${N}firewall`]: 'True', 'com.mycompany.x': '$(x)' });
    expect(r.hostname).toBeUndefined();
    expect(r.ifaces[0]!.mtu).toBeUndefined();
  });

  it('says which look-alike keys it ignores (leading zero, index too large) instead of dropping them silently', () => {
    const r = readRequest(batch({ 'device.01': 'eth1', 'ipaddr.12345': '192.0.2.5', 'device.0': 'eth0' }));
    expect(r.ifaces.map((f) => f.device)).toEqual(['eth0']);
    expect(r.ignored).toContain(`${N}device.01 is ignored: an index is a number 0-9999 without leading zeros; did you mean ${N}device.1?`);
    expect(r.ignored.join('\n')).toMatch(/ipaddr\.12345 is ignored/);
  });

  it('orders interfaces by index and accepts indexes beyond 1', () => {
    const r = readRequest(batch({ 'device.10': 'eth10', 'device.2': 'eth2', 'onboot.10': 'no' }));
    expect(r.ifaces.map((f) => [f.device, f.onboot])).toEqual([['eth2', undefined], ['eth10', false]]);
  });
});

// The pure editors: what they manage changes, every line they do not own survives.
import { describe, expect, it } from 'vitest';
import { editIfcfg, resetIfcfg, staticAddresses as ifcfgAddresses } from '../../../modules/network/ifcfg.js';
import { editKeyfile } from '../../../modules/network/keyfile.js';
import { forgetHost, putHostLines } from '../../../modules/network/hosts-file.js';
import { editNmConnection, resetNmConnection, stableUuid, staticAddresses as profileAddresses } from '../../../modules/network/nmconnection.js';
import { editResolvConf, mergeLists } from '../../../modules/network/resolv-conf.js';
import type { IfaceRequest } from '../../../modules/network/request.js';

const STATIC: IfaceRequest = {
  index: 0,
  device: 'eth0',
  mode: 'static',
  ipaddr: '192.0.2.10',
  prefix: 24,
  netmask: '255.255.255.0',
  gateway: '192.0.2.1',
  dns: ['192.0.2.53', '192.0.2.54'],
  search: ['example.com', 'corp.example.com'],
};

const ADMIN_IFCFG = `# eth0 on the storage VLAN -- ask the network team before changing
DEVICE=eth0
ETHTOOL_OPTS="-K eth0 tso off"   # offload bug, see ticket 4711
ZONE=internal
BOOTPROTO=dhcp
DNS1=10.1.1.1
DNS2=10.1.1.2
DNS3=10.1.1.3
USERCTL=no
`;

describe('ifcfg', () => {
  it('keeps comments, unknown keys and trailing comments; sets the managed keys', () => {
    const out = editIfcfg(ADMIN_IFCFG, STATIC);
    for (const line of ['# eth0 on the storage VLAN -- ask the network team before changing', 'ETHTOOL_OPTS="-K eth0 tso off"   # offload bug, see ticket 4711', 'ZONE=internal', 'USERCTL=no']) {
      expect(out.split('\n')).toContain(line);
    }
    expect(out).toContain('BOOTPROTO=none\n');
    expect(out).toContain('IPADDR=192.0.2.10\nNETMASK=255.255.255.0\nGATEWAY=192.0.2.1\n');
    expect(out).toContain('DNS1=192.0.2.53\nDNS2=192.0.2.54\n');
    expect(out).not.toContain('DNS3');
    expect(out).toContain('DOMAIN="example.com corp.example.com"');
  });

  it('writes PREFIX for a prefix length and drops a NETMASK that could disagree', () => {
    const out = editIfcfg('DEVICE=eth0\nNETMASK=255.0.0.0\n', { ...STATIC, netmask: '24', dns: undefined, search: undefined });
    expect(out).toContain('PREFIX=24');
    expect(out).not.toContain('NETMASK');
  });

  it('drops static addressing when switching to DHCP, and keeps the rest', () => {
    const out = editIfcfg('DEVICE=eth0\nBOOTPROTO=none\nIPADDR=10.0.0.5\nPREFIX=8\nGATEWAY=10.0.0.1\nIPADDR1=10.0.0.6\nMTU=9000\n', { index: 0, device: 'eth0', mode: 'dhcp' });
    expect(out).toBe('DEVICE=eth0\nBOOTPROTO=dhcp\nMTU=9000\n');
    // Static name servers go with the static address; search domains stay (they apply to DHCP too).
    const dns = editIfcfg('DEVICE=eth0\nBOOTPROTO=none\nDNS1=10.0.0.2\nDNS2=10.0.0.3\nDOMAIN=corp.example\n', { index: 0, device: 'eth0', mode: 'dhcp' });
    expect(dns).toBe('DEVICE=eth0\nBOOTPROTO=dhcp\nDOMAIN=corp.example\n');
    const nm = editNmConnection('[ipv4]\nmethod=manual\naddress1=10.0.0.5/8\ndns=10.0.0.2;\ndns-search=corp.example;\n', { index: 0, device: 'eth0', mode: 'dhcp' });
    expect(nm).toContain('[ipv4]\nmethod=auto\ndns-search=corp.example;\n');
  });

  it('cleanup returns to DHCP without hardware address, addresses or resolvers', () => {
    const out = resetIfcfg(editIfcfg(ADMIN_IFCFG, { ...STATIC, hwaddr: '00:16:3E:28:0F:4E' }));
    expect(out).toMatch(/BOOTPROTO=dhcp/);
    expect(out).not.toMatch(/HWADDR|IPADDR|NETMASK|GATEWAY|DNS\d|DOMAIN/);
    expect(out).toContain('ZONE=internal');
  });

  it('reads the static addresses cleanup must forget (IPADDR, IPADDR1...)', () => {
    expect(ifcfgAddresses('DEVICE=eth0\nIPADDR=192.0.2.10\nIPADDR1="192.0.2.11"\nGATEWAY=192.0.2.1\n')).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(ifcfgAddresses(ADMIN_IFCFG)).toEqual([]);
  });
});

describe('NetworkManager keyfiles', () => {
  const ADMIN = `# managed by the platform team
[connection]
id=uplink
uuid=0b4b2c1e-6d0a-4c1e-9f0a-5b3c2d1e0f99
type=ethernet
interface-name=eth0

[ethernet]
# jumbo frames on the storage network
mtu=9000

[ethtool]
feature-tso=false

[ipv4]
method=auto
route1=10.20.0.0/16,192.0.2.254

[ipv6]
method=disabled
`;

  it('keeps comments, unknown groups, routes and the profile identity', () => {
    const out = editNmConnection(ADMIN, STATIC);
    for (const kept of ['# managed by the platform team', 'id=uplink', 'uuid=0b4b2c1e-6d0a-4c1e-9f0a-5b3c2d1e0f99', '# jumbo frames on the storage network', 'mtu=9000', '[ethtool]', 'feature-tso=false', 'route1=10.20.0.0/16,192.0.2.254', 'method=disabled']) {
      expect(out.split('\n')).toContain(kept);
    }
    expect(out).toContain('method=manual\n');
    expect(out).toContain('address1=192.0.2.10/24,192.0.2.1\n');
    expect(out).toContain('dns=192.0.2.53;192.0.2.54;\ndns-search=example.com;corp.example.com;\n');
    expect(editNmConnection(out, STATIC)).toBe(out);
  });

  it('a new profile gets a uuid derived from the device: the same on every run', () => {
    const a = editNmConnection(undefined, { index: 1, device: 'eth1', mode: 'dhcp' });
    expect(a).toBe(editNmConnection(undefined, { index: 1, device: 'eth1', mode: 'dhcp' }));
    expect(a).toContain(`uuid=${stableUuid('eth1')}\n`);
    expect(stableUuid('eth1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('eth1')).not.toBe(stableUuid('eth2'));
  });

  it('cleanup removes the MAC, addresses and DNS and goes back to DHCP', () => {
    const configured = editNmConnection(ADMIN, { ...STATIC, hwaddr: '00:16:3E:28:0F:4E' });
    const out = resetNmConnection(configured);
    expect(out).not.toMatch(/mac-address|address1|^dns/m);
    expect(out).toContain('[ipv4]\nmethod=auto\nroute1=10.20.0.0/16,192.0.2.254\n');
  });

  it('adds a missing group at the end and a missing key after the group\'s last key', () => {
    const out = editKeyfile('[a]\nx=1\n\n[b]\ny=2\n', [
      { group: 'a', key: 'z', value: '3' },
      { group: 'c', key: 'w', value: '4' },
    ]);
    expect(out).toBe('[a]\nx=1\nz=3\n\n[b]\ny=2\n\n[c]\nw=4\n');
  });

  it('reads the static addresses cleanup must forget, in both keyfile spellings', () => {
    const text = '[ipv4]\nmethod=manual\naddress1=192.0.2.10/24,192.0.2.1\naddress2=192.0.2.11/24\naddresses3=198.51.100.9;24;198.51.100.1;\ngateway=192.0.2.1\n';
    expect(profileAddresses(text)).toEqual(['192.0.2.10', '192.0.2.11', '198.51.100.9']);
    expect(profileAddresses('[ipv4]\nmethod=auto\n')).toEqual([]);
  });
});

describe('/etc/hosts', () => {
  const HOSTS = '# local names\n127.0.0.1   localhost localhost.localdomain\n192.0.2.10\told-name\n10.0.0.1 gw # router\n';

  it('replaces the line for the same address, keeps everything else', () => {
    expect(putHostLines(HOSTS, ['192.0.2.10 vm1.example.com vm1'])).toBe(
      '# local names\n127.0.0.1   localhost localhost.localdomain\n192.0.2.10 vm1.example.com vm1\n10.0.0.1 gw # router\n',
    );
  });

  it('appends a new address, matches IPv6 however it is written, and is idempotent', () => {
    const once = putHostLines(HOSTS, ['2001:db8::10 vm1.example.com', '198.51.100.7 other']);
    expect(once.endsWith('2001:db8::10 vm1.example.com\n198.51.100.7 other\n')).toBe(true);
    expect(putHostLines(once, ['2001:DB8:0:0::10 vm1.example.com'])).toBe(putHostLines(once, ['2001:DB8:0:0::10 vm1.example.com']));
    expect(putHostLines(once, ['2001:db8::10 vm1.example.com', '198.51.100.7 other'])).toBe(once);
    expect(putHostLines('192.0.2.10\tvm1  vm\n', ['192.0.2.10 vm1 vm'])).toBe('192.0.2.10\tvm1  vm\n');
  });

  it('cleanup forgets the old hostname but keeps localhost entries', () => {
    const text = '127.0.0.1 localhost vm1.example.com # added\n192.0.2.10 vm1.example.com vm1\n10.0.0.1 gw\n';
    expect(forgetHost(text, 'vm1.example.com')).toBe('127.0.0.1 localhost # added\n10.0.0.1 gw\n');
  });

  it("cleanup forgets the lines of the template's own static addresses, however written, and only those", () => {
    const text = '127.0.0.1 localhost\n172.16.5.21 db1-storage.example.com\n2001:DB8:0::5 db1-v6\n10.0.0.1 gw # router\n';
    expect(forgetHost(text, undefined, ['172.16.5.21', '2001:db8::5', '127.0.0.1', 'not-an-ip'])).toBe('127.0.0.1 localhost\n10.0.0.1 gw # router\n');
    expect(forgetHost(text, undefined, [])).toBe(text);
  });
});

describe('/etc/resolv.conf', () => {
  it('replaces search and nameserver lines where they were, keeping options and comments', () => {
    const text = '# written by hand\nsearch old.example\nnameserver 10.0.0.1\nnameserver 10.0.0.2\noptions rotate timeout:1\n';
    expect(editResolvConf(text, ['192.0.2.53'], ['example.com'])).toBe(
      '# written by hand\nsearch example.com\nnameserver 192.0.2.53\noptions rotate timeout:1\n',
    );
  });

  it('keeps at most three servers (MAXNS) and leaves a list alone when not given', () => {
    const out = editResolvConf('search keep.example\n', ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'], undefined);
    expect(out).toBe('search keep.example\nnameserver 192.0.2.1\nnameserver 192.0.2.2\nnameserver 192.0.2.3\n');
  });

  it('cleanup (both lists empty) drops the template\'s servers and search domains, keeping comments and options', () => {
    const text = '; generated by /sbin/dhclient-script\nsearch example.com\nnameserver 192.0.2.53\noptions rotate\n';
    expect(editResolvConf(text, [], [])).toBe('; generated by /sbin/dhclient-script\noptions rotate\n');
  });

  it('merges interface lists in index order without repeats', () => {
    expect(mergeLists([['a', 'b'], undefined, ['b', 'c']])).toEqual(['a', 'b', 'c']);
    expect(mergeLists([undefined])).toBeUndefined();
  });
});

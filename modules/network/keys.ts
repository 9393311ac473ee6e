// The network module's keys (shared spec modules.md, "network"): names, flags and the
// descriptors `--enumerate` prints. Key names and flags are Oracle's published interface.
import type { Descriptor } from '../lib/types.js';

/** Oracle's namespace for the network keys; the firewall module shares it (network.firewall). */
export const PREFIX = 'com.oracle.linux.network.';
export const HOSTNAME_KEY = `${PREFIX}hostname`;

/** The per-index key stems, in the order Oracle's enumeration lists them. */
export const INDEXED = [
  'device',
  'hwaddr',
  'mtu',
  'onboot',
  'bootproto',
  'ipaddr',
  'netmask',
  'gateway',
  'dns-servers',
  'dns-search-domains',
] as const;
/** A key's name without namespace and index: "ipaddr" in com.oracle.linux.network.ipaddr.0. */
export type Stem = (typeof INDEXED)[number] | 'host';

/** Why: every per-index key is spelled in one place. */
export function key(stem: Stem, index: number): string {
  return `${PREFIX}${stem}.${index}`;
}

// Oracle's interface lists bootproto choices dhcp and static, but its own `requires` lists
// accept 'none' too (initscripts' word for a static address). The runner checks `choices`
// before any module runs, so 'none' is listed here, or a batch that worked with Oracle's
// module would be refused.
export const BOOTPROTO_CHOICES = ['dhcp', 'static', 'none'];

const TEXT: Record<Stem, string> = {
  device: 'Network interface name, e.g. eth0',
  hwaddr: 'Hardware (MAC) address of the interface, e.g. 00:16:3E:28:0F:4E',
  mtu: 'MTU of the interface, e.g. 1500',
  onboot: 'Bring the interface up at boot (yes or no)',
  bootproto: 'How the interface gets its address: dhcp or static (none also means static)',
  ipaddr: 'Static IPv4 address of the interface, e.g. 192.0.2.10',
  netmask: 'Netmask of the static address, e.g. 255.255.255.0',
  gateway: 'Default gateway, e.g. 192.0.2.1',
  'dns-servers': 'DNS servers, comma-separated, e.g. 8.8.8.8,8.8.4.4',
  'dns-search-domains': 'DNS search domains, comma-separated, e.g. us.example.com,cn.example.com',
  host: 'A line for /etc/hosts: address, fully qualified name, aliases, e.g. "192.0.2.10 vm1.example.com vm1"',
};

const FORMAT: Partial<Record<Stem, string>> = {
  device: 'ifname',
  hwaddr: 'mac',
  mtu: 'mtu',
  ipaddr: 'ipv4',
  netmask: 'netmask',
  gateway: 'ipv4',
  'dns-servers': 'ipv4-list',
  'dns-search-domains': 'domain-list',
  host: 'hosts-line',
};

/** The descriptor of one indexed key, with Oracle's flags for that stem and index. */
function describe(stem: (typeof INDEXED)[number], n: number): Descriptor {
  const d: Descriptor = { key: key(stem, n), description: TEXT[stem] };
  const visibleAtZero = ['device', 'onboot', 'bootproto', 'ipaddr', 'netmask', 'gateway', 'dns-servers'];
  if (n > 0 || !visibleAtZero.includes(stem)) d.hidden = true;
  if (['hwaddr', 'mtu', 'onboot', 'bootproto'].includes(stem)) d.depends = key('device', n);
  if (stem === 'onboot') d.choices = ['yes', 'no'];
  if (stem === 'bootproto') d.choices = [...BOOTPROTO_CHOICES];
  if (['ipaddr', 'netmask', 'gateway', 'dns-servers'].includes(stem)) {
    d.depends = key('bootproto', n);
    d.requires = [key('bootproto', n), ['static', 'none', null]];
  }
  if (FORMAT[stem]) d.format = FORMAT[stem];
  return d;
}

/** Why: the configure enumeration, indexes 0 and 1 like Oracle's (index 1 all hidden). */
export function configureDescriptors(): Descriptor[] {
  const out: Descriptor[] = [
    { key: HOSTNAME_KEY, description: 'Host name of the system, e.g. vm1.example.com', format: 'hostname' },
    { key: key('host', 0), description: TEXT.host, hidden: true, format: 'hosts-line' },
  ];
  for (const n of [0, 1]) for (const stem of INDEXED) out.push(describe(stem, n));
  return out;
}

/** Why: the format each key is checked with, for any index (the enumeration stops at 1). */
export function formatOf(stem: Stem): string | undefined {
  return FORMAT[stem];
}

/** Why: splits "com.oracle.linux.network.ipaddr.3" into its stem and index; others → undefined. */
export function parseKey(name: string): { stem: Stem; index: number } | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const m = /^([a-z-]+)\.(0|[1-9][0-9]{0,3})$/.exec(name.slice(PREFIX.length));
  if (!m) return undefined;
  const stem = m[1] as Stem;
  if (stem !== 'host' && !(INDEXED as readonly string[]).includes(stem)) return undefined;
  return { stem, index: Number(m[2]) };
}

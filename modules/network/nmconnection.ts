// NetworkManager connection profiles in keyfile format (el9+:
// /etc/NetworkManager/system-connections/<dev>.nmconnection, mode 0600; keys as documented in
// nm-settings-nmcli(5) and nm-settings-keyfile(5)). Pure: text in, text out.
import { createHash } from 'node:crypto';
import { editKeyfile, readKey, readMatching, type KeyEdit } from './keyfile.js';
import type { IfaceRequest } from './request.js';

/** Where NetworkManager's keyfile plugin keeps system-wide profiles. */
export const NM_DIR = '/etc/NetworkManager/system-connections';
// NetworkManager ignores keyfiles that others can read or that root does not own.
export const NM_MODE = 0o600;

/** Why: the one place a profile's default path is built (the device was validated first). */
export function nmPath(device: string): string {
  return `${NM_DIR}/${device}.nmconnection`;
}

/**
 * Why: a new profile needs a uuid; deriving it from the device name (an RFC 4122 name-based,
 * version 5 layout over SHA-1) makes a re-run write the very same file.
 */
export function stableUuid(device: string): string {
  const h = createHash('sha1').update(`ovm-guest-toolkit/NetworkManager/${device}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// Static IPv4 addresses; routes stay (they are the administrator's, not an address's).
const ADDRESSES = /^(address|addresses)[0-9]*$/;
// The same minus address1, which a static setup rewrites in place (so a re-run keeps the order).
const OTHER_ADDRESSES = /^(address|addresses)([02-9]|[0-9]{2,})?$|^addresses1$/;

/** The [connection] identity of a new profile; an existing profile keeps its own id and uuid. */
function identity(text: string | undefined, device: string): KeyEdit[] {
  if (text !== undefined) return [{ group: 'connection', key: 'interface-name', value: device }];
  return [
    { group: 'connection', key: 'id', value: device },
    { group: 'connection', key: 'uuid', value: stableUuid(device) },
    { group: 'connection', key: 'type', value: 'ethernet' },
    { group: 'connection', key: 'interface-name', value: device },
  ];
}

/**
 * Why: maps one interface request onto a profile; keys not asked for keep their values.
 * Lists in keyfiles end with ";" (dns=8.8.8.8;8.8.4.4;), as NetworkManager writes them.
 */
export function editNmConnection(text: string | undefined, f: IfaceRequest): string {
  const edits: KeyEdit[] = identity(text, f.device);
  const set = (group: string, key: string, value: string | null) => edits.push({ group, key, value });
  if (f.onboot !== undefined) set('connection', 'autoconnect', f.onboot ? 'true' : 'false');
  if (f.hwaddr !== undefined) set('ethernet', 'mac-address', f.hwaddr);
  if (f.mtu !== undefined) set('ethernet', 'mtu', f.mtu);
  if (f.mode !== undefined) {
    edits.push({ group: 'ipv4', match: f.mode === 'static' ? OTHER_ADDRESSES : ADDRESSES });
    edits.push({ group: 'ipv4', key: 'gateway', value: null });
  }
  if (f.mode === 'dhcp' || (f.mode === undefined && text === undefined)) set('ipv4', 'method', 'auto');
  // As in ifcfg: static name servers belong to a static address (dns-servers.N requires it).
  if (f.mode === 'dhcp') set('ipv4', 'dns', null);
  if (f.mode === 'static') {
    set('ipv4', 'method', 'manual');
    const gw = f.gateway ?? (f.dropGateway ? undefined : gatewayOf(text));
    set('ipv4', 'address1', `${f.ipaddr}/${f.prefix}${gw !== undefined ? `,${gw}` : ''}`);
  }
  if (f.dns !== undefined) set('ipv4', 'dns', `${f.dns.join(';')};`);
  if (f.search !== undefined) set('ipv4', 'dns-search', `${f.search.join(';')};`);
  const groups = text === undefined ? ['connection', 'ethernet', 'ipv4', 'ipv6', 'proxy'] : [];
  if (text === undefined) edits.push({ group: 'ipv6', key: 'addr-gen-mode', value: 'default' }, { group: 'ipv6', key: 'method', value: 'auto' });
  return editKeyfile(text, edits, groups);
}

/** Why: the gateway an existing static profile has (address1=ip/prefix,gw or gateway=gw). */
export function gatewayOf(text: string | undefined): string | undefined {
  const address = readKey(text, 'ipv4', 'address1')?.split(',')[1];
  return address ?? readKey(text, 'ipv4', 'gateway');
}

/** Why: `cleanup` leaves a profile that works on any clone: DHCP, no MAC, no addresses or DNS. */
export function resetNmConnection(text: string): string {
  return editKeyfile(text, [
    { group: 'ethernet', key: 'mac-address', value: null },
    { group: 'ipv4', match: ADDRESSES },
    { group: 'ipv4', key: 'gateway', value: null },
    { group: 'ipv4', key: 'dns', value: null },
    { group: 'ipv4', key: 'dns-search', value: null },
    { group: 'ipv4', key: 'method', value: 'auto' },
  ]);
}

/** Why: finds which profile binds a device when it is not named after it. */
export function bindsDevice(text: string, device: string): boolean {
  return readKey(text, 'connection', 'interface-name') === device;
}

/** Why: cleanup forgets the template's own static addresses ("address1=ip/prefix,gw" → ip). */
export function staticAddresses(text: string): string[] {
  // One address per key: "ip/prefix[,gateway]", or the legacy "ip;prefix;gateway;".
  return readMatching(text, 'ipv4', ADDRESSES).map((v) => v.split(/[;,]/)[0]!.split('/')[0]!.trim()).filter((a) => a !== '');
}

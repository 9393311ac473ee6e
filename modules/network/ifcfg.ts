// The initscripts interface file, /etc/sysconfig/network-scripts/ifcfg-<dev> (el6, el7, el8;
// variables as documented in initscripts' sysconfig.txt and read by NetworkManager's ifcfg-rh
// plugin). Only the variables below are managed; every other line is kept. Pure.
import type { IfaceRequest } from './request.js';
import { editShellVars, parseShellVars } from '../lib/shell-vars.js';

/** Where initscripts (and NetworkManager's ifcfg-rh plugin) read interface files. */
export const IFCFG_DIR = '/etc/sysconfig/network-scripts';

/** Why: the one place the interface file's path is built (the device was validated first). */
export function ifcfgPath(device: string): string {
  return `${IFCFG_DIR}/ifcfg-${device}`;
}

// Addressing variables a static setup writes and DHCP or cleanup must drop (a leftover IPADDR
// under BOOTPROTO=dhcp becomes an extra address with NetworkManager's ifcfg-rh plugin).
const STATIC_VARS = /^(IPADDR|NETMASK|PREFIX|GATEWAY)[0-9]*$/;
const DNS_VARS = /^DNS[0-9]+$/;

/**
 * Why: maps one interface request onto the file. A static address is written as
 * BOOTPROTO=none, the value anaconda, NetworkManager and Oracle's own documentation write for a
 * manual address (initscripts treat "static" the same); NETMASK or PREFIX is written as the
 * user gave it, and the other is removed so the two can never disagree.
 */
export function editIfcfg(text: string | undefined, f: IfaceRequest): string {
  const edits: Edits = [['DEVICE', f.device]];
  if (text === undefined) edits.push(['TYPE', 'Ethernet']);
  if (f.hwaddr !== undefined) edits.push(['HWADDR', f.hwaddr]);
  if (f.mtu !== undefined) edits.push(['MTU', f.mtu]);
  if (f.onboot !== undefined) edits.push(['ONBOOT', f.onboot ? 'yes' : 'no']);
  // A new interface with no boot protocol asked for gets DHCP, as a new NetworkManager profile does.
  if (f.mode === 'dhcp' || (f.mode === undefined && text === undefined)) edits.push(['BOOTPROTO', 'dhcp']);
  // Under DHCP the static addresses go, and so do static name servers (dns-servers.N only
  // applies to a static address; left behind, they would outrank the DHCP server's).
  let drop: RegExp | undefined = f.mode === 'dhcp' ? combine(STATIC_VARS, DNS_VARS) : undefined;
  if (f.mode === 'static') {
    const dotted = f.netmask!.includes('.');
    edits.push(['BOOTPROTO', 'none'], ['IPADDR', f.ipaddr!]);
    edits.push(dotted ? ['NETMASK', f.netmask!] : ['PREFIX', String(f.prefix)]);
    edits.push(dotted ? ['PREFIX', null] : ['NETMASK', null]);
    if (f.gateway !== undefined) edits.push(['GATEWAY', f.gateway]);
    else if (f.dropGateway) edits.push(['GATEWAY', null]);
  }
  if (f.dns !== undefined) {
    f.dns.forEach((server, i) => edits.push([`DNS${i + 1}`, server]));
    drop = combine(drop, DNS_VARS);
  }
  if (f.search !== undefined) edits.push(['DOMAIN', f.search.join(' ')]);
  return applyEdits(text ?? '', edits, drop);
}

type Edits = [name: string, value: string | null][];

/** Sets the edits in order; variables matching `drop` and not set by an edit are removed. */
function applyEdits(text: string, edits: Edits, drop: RegExp | undefined): string {
  const updates: Record<string, string | null> = {};
  for (const name of Object.keys(parseShellVars(text))) if (drop?.test(name)) updates[name] = null;
  for (const [name, value] of edits) updates[name] = value;
  return editShellVars(text, updates);
}

function combine(a: RegExp | undefined, b: RegExp): RegExp {
  return a === undefined ? b : new RegExp(`${a.source}|${b.source}`);
}

/**
 * Why: `cleanup` leaves an interface that will work on any clone: DHCP, no MAC pinning, no
 * addresses or resolvers of the machine the template was made from.
 */
export function resetIfcfg(text: string): string {
  const edits: Edits = [
    ['BOOTPROTO', 'dhcp'],
    ['HWADDR', null],
    ['MACADDR', null],
    ['DOMAIN', null],
  ];
  return applyEdits(text, edits, combine(STATIC_VARS, DNS_VARS));
}

/** Why: cleanup forgets the template's own static addresses (IPADDR, IPADDR1, IPADDR2...). */
export function staticAddresses(text: string): string[] {
  return Object.entries(parseShellVars(text))
    .filter(([name, value]) => /^IPADDR[0-9]*$/.test(name) && value !== '')
    .map(([, value]) => value);
}

// Turns the flat parameter set into what the module will do: the hostname, the /etc/hosts
// lines, and one request per interface index. Cross-key rules live here (a static address
// needs a netmask, the gateway is on the address's network...). Pure; throws InputError.
import ipaddr from 'ipaddr.js';
import { splitList } from '../../template.d/params/formats.js';
import { InputError, type Params } from '../lib/types.js';
import { HOSTNAME_KEY, INDEXED, PREFIX, key, parseKey, type Stem } from './keys.js';
import { checkAll } from './validate.js';

/** Why: what one interface index asks for, validated and normalized. */
export interface IfaceRequest {
  index: number;
  device: string;
  hwaddr?: string;
  mtu?: string;
  onboot?: boolean;
  /** undefined: leave the interface's boot protocol as it is. */
  mode?: 'dhcp' | 'static';
  ipaddr?: string;
  /** Set together with ipaddr: the prefix length, and the netmask as the user wrote it. */
  prefix?: number;
  netmask?: string;
  gateway?: string;
  /** No gateway was sent and the profile's own one is off the new network: remove it. */
  dropGateway?: boolean;
  dns?: string[];
  search?: string[];
}

/** Why: the whole batch as the handlers consume it. */
export interface NetworkRequest {
  hostname?: string;
  hosts: string[];
  ifaces: IfaceRequest[];
  /** Keys that were set but have no effect, with the reason (logged, not an error). */
  ignored: string[];
}

/** Why: an empty string is how a skipped console answer arrives; it means "not set". */
function get(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Why: the one entry point: validate every value, then assemble and cross-check. */
export function readRequest(params: Params): NetworkRequest {
  checkAll(params);
  const indexes = new Map<Stem, number[]>();
  const ignored: string[] = lookAlikes(params);
  for (const name of Object.keys(params)) {
    const parsed = parseKey(name);
    if (parsed && get(params, name) !== undefined) indexes.set(parsed.stem, [...(indexes.get(parsed.stem) ?? []), parsed.index]);
  }
  const hosts = (indexes.get('host') ?? []).sort((a, b) => a - b).map((n) => normalizeHostLine(get(params, key('host', n))!));
  const ifaces: IfaceRequest[] = [];
  const all = new Set([...indexes.entries()].filter(([stem]) => stem !== 'host').flatMap(([, list]) => list));
  for (const n of [...all].sort((a, b) => a - b)) {
    const device = get(params, key('device', n));
    if (device === undefined) {
      ignored.push(`index ${n}: ${key('device', n)} is not set, so the other .${n} keys are ignored`);
      continue;
    }
    ifaces.push(readIface(params, n, device, ignored));
  }
  checkDistinctDevices(ifaces);
  return { hostname: get(params, HOSTNAME_KEY), hosts, ifaces, ignored };
}

/**
 * A key of this module's shape whose index is not one (`device.01`, `ipaddr.12345`): silently
 * skipping it would leave the sender wondering why nothing happened.
 */
function lookAlikes(params: Params): string[] {
  const shape = new RegExp(`^${PREFIX.replace(/\./g, '\\.')}(${[...INDEXED, 'host'].join('|')})\\.[0-9]+$`);
  return Object.keys(params)
    .filter((name) => shape.test(name) && parseKey(name) === undefined)
    .map((name) => {
      const n = Number(/[0-9]+$/.exec(name)![0]);
      const hint = n <= 9999 ? `; did you mean ${name.replace(/[0-9]+$/, String(n))}?` : '';
      return `${name} is ignored: an index is a number 0-9999 without leading zeros${hint}`;
    });
}

function readIface(params: Params, n: number, device: string, ignored: string[]): IfaceRequest {
  const v = (stem: Stem) => get(params, key(stem, n));
  const proto = v('bootproto');
  const iface: IfaceRequest = { index: n, device };
  if (v('hwaddr')) iface.hwaddr = v('hwaddr')!.toUpperCase();
  if (v('mtu')) iface.mtu = v('mtu');
  if (v('onboot')) iface.onboot = v('onboot') === 'yes';
  const addressing = (['ipaddr', 'netmask', 'gateway', 'dns-servers'] as const).filter((s) => v(s) !== undefined);
  if (proto === 'dhcp') {
    iface.mode = 'dhcp';
    for (const s of addressing) ignored.push(`${key(s, n)} is ignored: ${key('bootproto', n)} is dhcp`);
  } else if (proto !== undefined || addressing.length > 0) {
    // requires [bootproto.N, ['static','none',null]]: an address without a boot protocol is static.
    readStatic(params, n, iface);
  }
  if (v('dns-search-domains')) iface.search = splitList(v('dns-search-domains')!);
  return iface;
}

function readStatic(params: Params, n: number, iface: IfaceRequest): void {
  const v = (stem: Stem) => get(params, key(stem, n));
  iface.mode = 'static';
  const ip = v('ipaddr');
  const mask = v('netmask');
  if (ip === undefined) throw new InputError(key('ipaddr', n), `is required when ${key('bootproto', n)} is static`);
  if (mask === undefined) throw new InputError(key('netmask', n), `is required with ${key('ipaddr', n)} (e.g. 255.255.255.0 or 24)`);
  const prefix = /^[0-9]+$/.test(mask) ? Number(mask) : ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask()!;
  checkUsable(key('ipaddr', n), ip);
  Object.assign(iface, { ipaddr: ip, prefix, netmask: mask });
  const gw = v('gateway');
  if (gw !== undefined) {
    checkUsable(key('gateway', n), gw);
    if (gw === ip) throw new InputError(key('gateway', n), `${gw} is the interface's own address`);
    if (!ipaddr.IPv4.parse(gw).match(ipaddr.IPv4.parse(ip), prefix)) {
      throw new InputError(key('gateway', n), `${gw} is not on the network ${ip}/${prefix}; check ${key('netmask', n)}`);
    }
    iface.gateway = gw;
  }
  if (v('dns-servers')) iface.dns = splitList(v('dns-servers')!);
}

function checkUsable(name: string, ip: string): void {
  const range = ipaddr.IPv4.parse(ip).range();
  if (['unspecified', 'broadcast', 'multicast', 'loopback'].includes(range)) {
    throw new InputError(name, `${ip} is a ${range} address, not one an interface can use`);
  }
}

function checkDistinctDevices(ifaces: IfaceRequest[]): void {
  const seen = new Map<string, number>();
  for (const f of ifaces) {
    const first = seen.get(f.device);
    if (first !== undefined) throw new InputError(key('device', f.index), `"${f.device}" is already configured by ${key('device', first)}`);
    seen.set(f.device, f.index);
  }
}

/** Blanks and tabs collapse to one blank, so the same line written twice compares equal. */
function normalizeHostLine(line: string): string {
  return line.trim().split(/[ \t]+/).join(' ');
}

// Finds and edits the file that configures one interface. The family says which format a new
// file gets (ifcfg-<dev> on el6-el8, a NetworkManager keyfile on el9+), but an interface that
// already has a profile keeps it, whatever its format or file name: NetworkManager reads both
// formats on el7+, and a second profile for the same device would leave it a choice to make.
import ipaddr from 'ipaddr.js';
import { parseShellVars } from '../lib/shell-vars.js';
import type { Change, Logger, RootFiles } from '../lib/types.js';
import type { NetworkFamily } from './family.js';
import { IFCFG_DIR, editIfcfg, ifcfgPath } from './ifcfg.js';
import { readKey } from './keyfile.js';
import { key } from './keys.js';
import { NM_DIR, NM_MODE, bindsDevice, editNmConnection, gatewayOf, nmPath } from './nmconnection.js';
import type { IfaceRequest } from './request.js';
import { writeIfChanged } from './write-change.js';

/** The two interface file formats. */
export type Style = NetworkFamily['interfaces'];

// initscripts skip ifcfg files with these endings (backups and package leftovers).
export const IGNORED_IFCFG = /(~|\.bak|\.orig|\.rpmnew|\.rpmorig|\.rpmsave)$/;

/** ifcfg-<dev>, else any ifcfg file whose DEVICE= is the device ("ifcfg-System_eth0"). */
function findIfcfg(files: RootFiles, device: string): string | undefined {
  if (files.exists(ifcfgPath(device))) return ifcfgPath(device);
  const name = files
    .list(IFCFG_DIR)
    .filter((n) => n.startsWith('ifcfg-') && !IGNORED_IFCFG.test(n))
    .find((n) => parseShellVars(files.read(`${IFCFG_DIR}/${n}`) ?? '').DEVICE === device);
  return name === undefined ? undefined : `${IFCFG_DIR}/${name}`;
}

/** <dev>.nmconnection, else any keyfile bound to the device ("Wired connection 1.nmconnection"). */
function findKeyfile(files: RootFiles, device: string): string | undefined {
  if (files.exists(nmPath(device))) return nmPath(device);
  const name = files
    .list(NM_DIR)
    .filter((n) => n.endsWith('.nmconnection'))
    .find((n) => bindsDevice(files.read(`${NM_DIR}/${n}`) ?? '', device));
  return name === undefined ? undefined : `${NM_DIR}/${name}`;
}

const FINDERS: Record<Style, (files: RootFiles, device: string) => string | undefined> = { ifcfg: findIfcfg, keyfile: findKeyfile };
const NEW_PATH: Record<Style, (device: string) => string> = { ifcfg: ifcfgPath, keyfile: nmPath };

/** Why: the one decision of which file (and format) configures a device. */
export function profileFor(files: RootFiles, family: NetworkFamily, device: string): { path: string; style: Style } {
  const own = family.interfaces;
  const other: Style = own === 'ifcfg' ? 'keyfile' : 'ifcfg';
  for (const style of [own, other]) {
    const path = FINDERS[style](files, device);
    if (path !== undefined) return { path, style };
  }
  return { path: NEW_PATH[own](device), style: own };
}

/**
 * Why: a template that was not cleaned keeps its own MAC in the profile, and initscripts then
 * refuse to bring the clone's card up. Where the card is visible (/sys under the root, i.e. on
 * the running guest), a mismatch the batch does not fix is reported.
 */
export function staleMacWarning(files: RootFiles, style: Style, path: string, f: IfaceRequest): string | undefined {
  if (f.hwaddr !== undefined) return undefined;
  const card = files.read(`/sys/class/net/${f.device}/address`)?.trim().toUpperCase();
  const text = files.read(path);
  const pinned = style === 'ifcfg' ? parseShellVars(text ?? '').HWADDR : readKey(text, 'ethernet', 'mac-address');
  if (!card || !pinned || pinned.toUpperCase() === card) return undefined;
  return `${path} pins ${f.device} to ${pinned}, but the card is ${card}: the interface will not come up; send ${key('hwaddr', f.index)} or run cleanup on the template`;
}

/**
 * Why: a new static address sent without a gateway keeps the profile's gateway, unless that
 * gateway is off the new network: initscripts and NetworkManager would then fail to add the
 * default route and leave the interface half configured. Returns the stale gateway, if any.
 */
export function offNetworkGateway(text: string | undefined, style: Style, f: IfaceRequest): string | undefined {
  if (f.mode !== 'static' || f.gateway !== undefined || text === undefined) return undefined;
  const gw = style === 'ifcfg' ? parseShellVars(text).GATEWAY : gatewayOf(text);
  if (gw === undefined || !ipaddr.IPv4.isValidFourPartDecimal(gw)) return undefined;
  return ipaddr.IPv4.parse(gw).match(ipaddr.IPv4.parse(f.ipaddr!), f.prefix!) ? undefined : gw;
}

/** Why: the reason a profile write carries; the reload step finds the interfaces' writes by it. */
export function interfaceWhy(f: IfaceRequest): string {
  return `interface ${f.device} (index ${f.index})`;
}

/** Why: the per-interface step of configure, the same for any index. */
export function interfaceChanges(files: RootFiles, family: NetworkFamily, request: IfaceRequest, log: Logger): Change[] {
  let f = request;
  const why = interfaceWhy(f);
  const { path, style } = profileFor(files, family, f.device);
  const warning = staleMacWarning(files, style, path, f);
  if (warning !== undefined) log.warn(warning);
  const stale = offNetworkGateway(files.read(path), style, f);
  if (stale !== undefined) {
    log.warn(`${path}: its gateway ${stale} is not on the new network ${f.ipaddr}/${f.prefix}, so it is removed; send ${key('gateway', f.index)} to set one`);
    f = { ...f, dropGateway: true };
  }
  if (style === 'keyfile') return writeIfChanged(files, path, editNmConnection(files.read(path), f), why, NM_MODE);
  return writeIfChanged(files, path, editIfcfg(files.read(path), f), why);
}

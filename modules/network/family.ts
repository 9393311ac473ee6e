// What the network module needs to know about a distro family: the shared family table
// (modules/lib/distro.ts) for file styles, plus the two facts that follow from the service
// manager (where NetworkManager's presence shows, how the running hostname is set); and the
// question no table answers: does NetworkManager own /etc/resolv.conf under this root?
import { traits, type FamilyTraits } from '../lib/distro.js';
import type { FamilyId, RootFiles } from '../lib/types.js';
import { readKey } from './keyfile.js';

/** Why: the family facts the network module reads, gathered in one record. */
export interface NetworkFamily {
  /** Interface files: initscripts ifcfg-<dev>, or NetworkManager keyfiles. */
  interfaces: FamilyTraits['network']['style'];
  /** Where the persistent hostname lives and in which form. */
  hostname: FamilyTraits['hostname'];
  /** A file whose presence means NetworkManager is installed. */
  networkManagerMarker: string;
  /** The live command that sets the running hostname (the name is appended). */
  setHostname: string[];
}

const BY_SERVICE_MANAGER: Record<FamilyTraits['serviceManager'], Pick<NetworkFamily, 'networkManagerMarker' | 'setHostname'>> = {
  sysv: { networkManagerMarker: '/etc/rc.d/init.d/NetworkManager', setHostname: ['hostname'] },
  systemd: { networkManagerMarker: '/usr/lib/systemd/system/NetworkManager.service', setHostname: ['hostnamectl', 'set-hostname'] },
};

/** Why: the module's one lookup of its family facts. */
export function networkFamily(id: FamilyId): NetworkFamily {
  const t = traits(id);
  return { interfaces: t.network.style, hostname: t.hostname, ...BY_SERVICE_MANAGER[t.serviceManager] };
}

/** NetworkManager.conf(5): the main file, then drop-ins that override it. */
export const NM_CONF = '/etc/NetworkManager/NetworkManager.conf';
export const NM_CONF_DIR = '/etc/NetworkManager/conf.d';

/**
 * Why: writing /etc/resolv.conf behind NetworkManager's back is lost at its next start, and
 * leaving it alone where nothing else writes it loses the DNS settings. NetworkManager owns the
 * file when it is installed and its configuration does not say `dns=none` or
 * `rc-manager=unmanaged` (NetworkManager.conf(5); conf.d files are read after the main file,
 * in name order, and the last value wins).
 */
export function nmOwnsResolvConf(files: RootFiles, family: NetworkFamily): boolean {
  if (!files.exists(family.networkManagerMarker)) return false;
  const drops = files.list(NM_CONF_DIR).filter((n) => n.endsWith('.conf')).sort();
  let dns: string | undefined;
  let rcManager: string | undefined;
  for (const path of [NM_CONF, ...drops.map((n) => `${NM_CONF_DIR}/${n}`)]) {
    const text = files.read(path);
    dns = readKey(text, 'main', 'dns') ?? dns;
    rcManager = readKey(text, 'main', 'rc-manager') ?? rcManager;
  }
  return dns !== 'none' && rcManager !== 'unmanaged';
}

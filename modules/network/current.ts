// What the root has now for the keys the console asks (index 0 only): the persistent host name,
// and the first interface that has a profile, with its on-boot flag, method and static
// addressing. The console dialog offers these as defaults (Enter takes them). Read-only, through
// the root's file view, so a run with --root shows the configured tree, never the live host.
import { parseShellVars } from '../lib/shell-vars.js';
import type { ModuleContext, Params, RootFiles } from '../lib/types.js';
import { networkFamily, type NetworkFamily } from './family.js';
import { currentHostname } from './hostname.js';
import { IFCFG_DIR } from './ifcfg.js';
import { IGNORED_IFCFG, type Style } from './interfaces.js';
import { readKey, readMatching } from './keyfile.js';
import { HOSTNAME_KEY, key } from './keys.js';
import { NM_DIR } from './nmconnection.js';

type Found = Partial<Record<'device' | 'onboot' | 'bootproto' | 'ipaddr' | 'netmask' | 'gateway' | 'dns-servers', string>>;

/** ifcfg: BOOTPROTO none/static/dhcp as the module's choices; NETMASK, else PREFIX. */
function fromIfcfg(text: string): Found {
  const v = parseShellVars(text);
  const proto = (v.BOOTPROTO ?? '').toLowerCase();
  const dns = [v.DNS1, v.DNS2, v.DNS3].filter((d): d is string => !!d);
  return {
    device: v.DEVICE,
    onboot: v.ONBOOT === undefined ? undefined : /^(yes|true|1)$/i.test(v.ONBOOT) ? 'yes' : 'no',
    bootproto: ['dhcp', 'static', 'none'].includes(proto) ? proto : undefined,
    ipaddr: v.IPADDR || v.IPADDR0,
    netmask: v.NETMASK || v.NETMASK0 || v.PREFIX || v.PREFIX0,
    gateway: v.GATEWAY || v.GATEWAY0,
    'dns-servers': dns.length ? dns.join(',') : undefined,
  };
}

/** keyfile: method auto → dhcp, manual → static; autoconnect defaults to true (nm-settings(5)). */
function fromKeyfile(text: string): Found {
  const method = readKey(text, 'ipv4', 'method');
  const address = readMatching(text, 'ipv4', /^address1?$/)[0]?.split(',');
  const [ip, prefix] = (address?.[0] ?? '').split('/');
  const dns = readKey(text, 'ipv4', 'dns')?.split(/[;,]/).filter((d) => d.trim() !== '');
  return {
    device: readKey(text, 'connection', 'interface-name'),
    onboot: readKey(text, 'connection', 'autoconnect') === 'false' ? 'no' : 'yes',
    bootproto: method === 'auto' ? 'dhcp' : method === 'manual' ? 'static' : undefined,
    ipaddr: ip || undefined,
    netmask: prefix || undefined,
    gateway: address?.[1] ?? readKey(text, 'ipv4', 'gateway'),
    'dns-servers': dns?.length ? dns.join(',') : undefined,
  };
}

const READERS: Record<Style, { dir: string; pick: (name: string) => boolean; read: (text: string) => Found }> = {
  ifcfg: { dir: IFCFG_DIR, pick: (n) => n.startsWith('ifcfg-') && n !== 'ifcfg-lo' && !IGNORED_IFCFG.test(n), read: fromIfcfg },
  keyfile: { dir: NM_DIR, pick: (n) => n.endsWith('.nmconnection'), read: fromKeyfile },
};

/** The first profile (by file name) that names a device, in the family's own format first. */
function firstInterface(files: RootFiles, family: NetworkFamily): Found | undefined {
  const own = family.interfaces;
  for (const style of [own, own === 'ifcfg' ? 'keyfile' : 'ifcfg'] as Style[]) {
    const { dir, pick, read } = READERS[style];
    for (const name of files.list(dir).filter(pick).sort()) {
      const found = read(files.read(`${dir}/${name}`) ?? '');
      if (found.device && found.device !== 'lo') return found;
    }
  }
  // No profile: a card the root shows (on the running guest, /sys is under the root).
  const card = files.list('/sys/class/net').filter((n) => n !== 'lo').sort()[0];
  return card === undefined ? undefined : { device: card };
}

/** Why: the console's defaults for this module's questions, from the root being configured. */
export function currentNetwork(ctx: ModuleContext): Params {
  const family = networkFamily(ctx.family);
  const out: Params = {};
  const name = currentHostname(ctx.files, family);
  if (name !== undefined) out[HOSTNAME_KEY] = name;
  const found = firstInterface(ctx.files, family) ?? {};
  for (const [stem, value] of Object.entries(found) as [keyof Found, string | undefined][]) {
    if (value !== undefined && value.trim() !== '') out[key(stem, 0)] = value.trim();
  }
  return out;
}

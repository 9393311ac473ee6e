// The `cleanup` target: returns a template to an unconfigured state before it is sealed, so
// every clone starts clean: generic hostname, interfaces on DHCP with no MAC address pinned and
// no addresses or resolvers, and no persistent interface-naming rules. Each change says what it
// does, and the log lists every one.
import type { Change, ModuleContext, Outcome } from '../lib/types.js';
import { GENERIC_HOSTNAME, currentHostname, hostnameChanges } from './hostname.js';
import { forgetHost } from './hosts-file.js';
import { HOSTS, RESOLV_CONF } from './configure.js';
import { networkFamily, nmOwnsResolvConf } from './family.js';
import { IFCFG_DIR, resetIfcfg, staticAddresses as ifcfgAddresses } from './ifcfg.js';
import { IGNORED_IFCFG } from './interfaces.js';
import { readKey } from './keyfile.js';
import { NM_DIR, NM_MODE, resetNmConnection, staticAddresses as profileAddresses } from './nmconnection.js';
import { editResolvConf } from './resolv-conf.js';
import { parseShellVars } from '../lib/shell-vars.js';
import { writeIfChanged } from './write-change.js';

// Rules udev's write_net_rules generated on el6 (and older): they pin the template's MAC
// addresses to names, so a clone's new card would come up as eth1.
export const PERSISTENT_NET_RULES = '/etc/udev/rules.d/70-persistent-net.rules';

/** Why: the handler; it needs no parameters. */
export function cleanupNetwork(ctx: ModuleContext): Outcome {
  const family = networkFamily(ctx.family);
  const changes: Change[] = [
    ...hostnameChanges(ctx.files, family, GENERIC_HOSTNAME, `reset the hostname to ${GENERIC_HOSTNAME}`),
    ...hostsReset(ctx, currentHostname(ctx.files, family), ownAddresses(ctx)),
    ...ifcfgResets(ctx),
    ...profileResets(ctx),
    ...resolverReset(ctx),
  ];
  if (ctx.files.exists(PERSISTENT_NET_RULES)) {
    changes.push({ kind: 'remove', path: PERSISTENT_NET_RULES, why: 'remove the persistent interface-naming rules' });
  }
  // The plan already describes a dry run; a real run also says why each file changes.
  if (!ctx.dryRun) for (const c of changes) if (c.kind !== 'run') ctx.log.info(`cleanup ${c.path}: ${c.why}`);
  if (changes.length === 0) ctx.log.info('nothing to clean: the network configuration is already generic');
  return { changes };
}

function hostsReset(ctx: ModuleContext, hostname: string | undefined, addresses: string[]): Change[] {
  const text = ctx.files.read(HOSTS);
  const name = hostname === GENERIC_HOSTNAME ? undefined : hostname;
  if (text === undefined || (name === undefined && addresses.length === 0)) return [];
  const what = [
    ...(name === undefined ? [] : [`the old hostname ${name}`]),
    ...(addresses.length === 0 ? [] : [`the template's own address${addresses.length > 1 ? 'es' : ''} ${addresses.join(', ')}`]),
  ].join(' and ');
  return writeIfChanged(ctx.files, HOSTS, forgetHost(text, name, addresses), `lines for ${what} removed`);
}

/** The static addresses the interface files give the template: cleanup removes them everywhere. */
function ownAddresses(ctx: ModuleContext): string[] {
  const ifcfg = interfaceFiles(ctx, IFCFG_DIR, isIfcfgName).flatMap(([, text]) => ifcfgAddresses(text));
  const profiles = interfaceFiles(ctx, NM_DIR, (n) => n.endsWith('.nmconnection')).flatMap(([, text]) => profileAddresses(text));
  return [...new Set([...ifcfg, ...profiles])];
}

/**
 * Where the module itself writes /etc/resolv.conf (no NetworkManager owning it, i.e. el6), the
 * template's name servers and search domains go too: a clone gets its own from DHCP
 * (dhclient-script) or from its configure batch. Comments and `options` lines stay.
 */
function resolverReset(ctx: ModuleContext): Change[] {
  const text = ctx.files.read(RESOLV_CONF);
  if (text === undefined || nmOwnsResolvConf(ctx.files, networkFamily(ctx.family))) return [];
  return writeIfChanged(ctx.files, RESOLV_CONF, editResolvConf(text, [], []), 'the template\'s name servers and search domains removed');
}

function isIfcfgName(name: string): boolean {
  return name.startsWith('ifcfg-') && name !== 'ifcfg-lo' && !IGNORED_IFCFG.test(name);
}

/** [path, text] of every file in `dir` whose name passes `keep`. */
function interfaceFiles(ctx: ModuleContext, dir: string, keep: (name: string) => boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const name of ctx.files.list(dir).filter(keep)) {
    const text = ctx.files.read(`${dir}/${name}`);
    if (text !== undefined) out.push([`${dir}/${name}`, text]);
  }
  return out;
}

const RESET_WHY = 'back to DHCP; hardware address, static addresses and DNS removed';

function ifcfgResets(ctx: ModuleContext): Change[] {
  return interfaceFiles(ctx, IFCFG_DIR, isIfcfgName)
    .filter(([, text]) => parseShellVars(text).DEVICE !== 'lo')
    .flatMap(([path, text]) => writeIfChanged(ctx.files, path, resetIfcfg(text), RESET_WHY));
}

function profileResets(ctx: ModuleContext): Change[] {
  const ethernet = (text: string) => ['ethernet', '802-3-ethernet'].includes(readKey(text, 'connection', 'type') ?? '');
  return interfaceFiles(ctx, NM_DIR, (n) => n.endsWith('.nmconnection'))
    .filter(([, text]) => ethernet(text))
    .flatMap(([path, text]) => writeIfChanged(ctx.files, path, resetNmConnection(text), RESET_WHY, NM_MODE));
}

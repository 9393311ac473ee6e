// The `cleanup` target: returns a template to an unconfigured state before it is sealed, so
// every clone starts clean: generic hostname, interfaces on DHCP with no MAC address pinned and
// no addresses or resolvers, and no persistent interface-naming rules. Each change says what it
// does, and the log lists every one.
import type { Change, ModuleContext, Outcome } from '../lib/types.js';
import { networkFamily } from './family.js';
import { GENERIC_HOSTNAME, currentHostname, hostnameChanges } from './hostname.js';
import { forgetHostname } from './hosts-file.js';
import { HOSTS } from './configure.js';
import { IFCFG_DIR, resetIfcfg } from './ifcfg.js';
import { IGNORED_IFCFG } from './interfaces.js';
import { readKey } from './keyfile.js';
import { NM_DIR, NM_MODE, resetNmConnection } from './nmconnection.js';
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
    ...hostsReset(ctx, currentHostname(ctx.files, family)),
    ...ifcfgResets(ctx),
    ...profileResets(ctx),
  ];
  if (ctx.files.exists(PERSISTENT_NET_RULES)) {
    changes.push({ kind: 'remove', path: PERSISTENT_NET_RULES, why: 'remove the persistent interface-naming rules' });
  }
  // The plan already describes a dry run; a real run also says why each file changes.
  if (!ctx.dryRun) for (const c of changes) if (c.kind !== 'run') ctx.log.info(`cleanup ${c.path}: ${c.why}`);
  if (changes.length === 0) ctx.log.info('nothing to clean: the network configuration is already generic');
  return { changes };
}

function hostsReset(ctx: ModuleContext, name: string | undefined): Change[] {
  const text = ctx.files.read(HOSTS);
  if (name === undefined || name === GENERIC_HOSTNAME || text === undefined) return [];
  return writeIfChanged(ctx.files, HOSTS, forgetHostname(text, name), `lines naming the old hostname ${name} removed`);
}

function ifcfgResets(ctx: ModuleContext): Change[] {
  const out: Change[] = [];
  for (const name of ctx.files.list(IFCFG_DIR)) {
    if (!name.startsWith('ifcfg-') || name === 'ifcfg-lo' || IGNORED_IFCFG.test(name)) continue;
    const path = `${IFCFG_DIR}/${name}`;
    const text = ctx.files.read(path);
    if (text === undefined || parseShellVars(text).DEVICE === 'lo') continue;
    out.push(...writeIfChanged(ctx.files, path, resetIfcfg(text), 'back to DHCP; hardware address, static addresses and DNS removed'));
  }
  return out;
}

function profileResets(ctx: ModuleContext): Change[] {
  const out: Change[] = [];
  for (const name of ctx.files.list(NM_DIR)) {
    if (!name.endsWith('.nmconnection')) continue;
    const path = `${NM_DIR}/${name}`;
    const text = ctx.files.read(path);
    const type = readKey(text, 'connection', 'type');
    if (text === undefined || (type !== 'ethernet' && type !== '802-3-ethernet')) continue;
    out.push(...writeIfChanged(ctx.files, path, resetNmConnection(text), 'back to DHCP; hardware address, static addresses and DNS removed', NM_MODE));
  }
  return out;
}

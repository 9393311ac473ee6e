// The `configure` target: interface files, resolver, /etc/hosts and the hostname, as files
// under the root; then, on a running system only, the commands that make them take effect.
import type { Change, ModuleContext, Outcome, Params } from '../lib/types.js';
import { networkFamily, nmOwnsResolvConf } from './family.js';
import { hostnameChanges } from './hostname.js';
import { putHostLines } from './hosts-file.js';
import { interfaceChanges, interfaceWhy } from './interfaces.js';
import { readKey } from './keyfile.js';
import { readRequest, type NetworkRequest } from './request.js';
import { MAXNS, editResolvConf, mergeLists } from './resolv-conf.js';
import { writeIfChanged } from './write-change.js';

/** hosts(5): static host names; the module edits only the host.N lines' addresses. */
export const HOSTS = '/etc/hosts';
/** resolv.conf(5): written only where NetworkManager does not own it. */
export const RESOLV_CONF = '/etc/resolv.conf';

/** Why: the handler; validation happens in readRequest before any change is built. */
export function configureNetwork(ctx: ModuleContext, params: Params): Outcome {
  const req = readRequest(params);
  for (const message of req.ignored) ctx.log.warn(message);
  const family = networkFamily(ctx.family);
  const changes: Change[] = [];
  for (const f of req.ifaces) changes.push(...interfaceChanges(ctx.files, family, f, ctx.log));
  changes.push(...resolverChanges(ctx, req));
  if (req.hosts.length > 0) {
    changes.push(...writeIfChanged(ctx.files, HOSTS, putHostLines(ctx.files.read(HOSTS), req.hosts), 'host lines'));
  }
  if (req.hostname !== undefined) {
    changes.push(...hostnameChanges(ctx.files, family, req.hostname, `hostname ${req.hostname}`));
    changes.push({ kind: 'run', argv: [...family.setHostname, req.hostname], live: true, why: 'set the running hostname' });
  }
  changes.push(...reloadChanges(ctx, req, changes));
  return { changes };
}

function resolverChanges(ctx: ModuleContext, req: NetworkRequest): Change[] {
  const servers = mergeLists(req.ifaces.map((f) => f.dns));
  const search = mergeLists(req.ifaces.map((f) => f.search));
  if (servers === undefined && search === undefined) return [];
  if (nmOwnsResolvConf(ctx.files, networkFamily(ctx.family))) {
    ctx.log.info('DNS settings go to the interface files; NetworkManager writes /etc/resolv.conf from them');
    return [];
  }
  if (servers !== undefined && servers.length > MAXNS) {
    ctx.log.warn(`${servers.length} DNS servers given; the resolver uses only the first ${MAXNS}`);
  }
  const text = editResolvConf(ctx.files.read(RESOLV_CONF), servers, search);
  return writeIfChanged(ctx.files, RESOLV_CONF, text, 'DNS servers and search domains');
}

/**
 * Why: at first boot NetworkManager starts after this module and reads the files itself, so the
 * commands are skipped while it is not running. On a running system a reload only re-reads the
 * profiles; each changed profile that should be up is activated again so the device takes its
 * new settings (a keyfile by its uuid, an ifcfg file through its device).
 */
function reloadChanges(ctx: ModuleContext, req: NetworkRequest, changes: Change[]): Change[] {
  const family = networkFamily(ctx.family);
  const touched = req.ifaces.filter((f) => changes.some((c) => c.kind === 'write' && c.why === interfaceWhy(f)));
  if (touched.length === 0) return [];
  if (!ctx.files.exists(family.networkManagerMarker)) {
    ctx.log.info('interface changes take effect when the network service next starts');
    return [];
  }
  const nm = { live: true, whenActive: 'NetworkManager.service' } as const;
  const out: Change[] = [{ kind: 'run', argv: ['nmcli', 'connection', 'reload'], ...nm, why: 'make NetworkManager read the changed profiles' }];
  for (const f of touched.filter((i) => i.onboot !== false)) {
    const written = changes.find((c): c is Extract<Change, { kind: 'write' }> => c.kind === 'write' && c.why === interfaceWhy(f));
    const uuid = written?.path.endsWith('.nmconnection') ? readKey(String(written.content), 'connection', 'uuid') : undefined;
    const argv = uuid ? ['nmcli', 'connection', 'up', 'uuid', uuid] : ['nmcli', 'device', 'connect', f.device];
    out.push({ kind: 'run', argv, ...nm, why: `bring ${f.device} up with its new settings` });
  }
  return out;
}

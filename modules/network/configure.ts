// The `configure` target: interface files, resolver, /etc/hosts and the hostname, as files
// under the root; then, on a running system only, the commands that make them take effect.
import type { Change, ModuleContext, Outcome, Params } from '../lib/types.js';
import { networkFamily, nmOwnsResolvConf } from './family.js';
import { hostnameChanges } from './hostname.js';
import { putHostLines } from './hosts-file.js';
import { interfaceChanges } from './interfaces.js';
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

/** At first boot the network starts after this module: files are enough. Live, reload them. */
function reloadChanges(ctx: ModuleContext, req: NetworkRequest, changes: Change[]): Change[] {
  const family = networkFamily(ctx.family);
  const touched = req.ifaces.length > 0 && changes.some((c) => c.kind === 'write');
  if (!touched) return [];
  if (!ctx.files.exists(family.networkManagerMarker)) {
    ctx.log.info('interface changes take effect when the network service next starts');
    return [];
  }
  return [{ kind: 'run', argv: ['nmcli', 'connection', 'reload'], live: true, why: 'make NetworkManager read the changed profiles' }];
}

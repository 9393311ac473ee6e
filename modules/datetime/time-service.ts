// Turns the family's time service on or off, and restarts it after its configuration changed.
// Enablement is a file change (systemctl --root, or SysV links) that works on an offline root;
// starting, stopping and restarting are live-only commands.
import { InputError, type Change, type ModuleContext } from '../lib/types.js';
import { parseChkconfigHeader, sysvLinkChanges } from './sysv-links.js';
import type { TimeFamily } from './time-family.js';

const SYSTEMD_UNIT_DIRS = ['/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];
const INIT_DIR = '/etc/rc.d/init.d';

/** Why: enabling a service that is not installed must be refused before anything changes. */
export function serviceInstalled(ctx: ModuleContext, family: TimeFamily): boolean {
  const { name, manager } = family.service;
  if (manager === 'sysv') return ctx.files.exists(`${INIT_DIR}/${name}`);
  return SYSTEMD_UNIT_DIRS.some((dir) => ctx.files.exists(`${dir}/${name}.service`));
}

/** Why: the `ntp` key's whole effect, as changes: enable+start or stop+disable. */
export function serviceChanges(ctx: ModuleContext, key: string, family: TimeFamily, on: boolean): Change[] {
  const { name, manager } = family.service;
  if (!serviceInstalled(ctx, family)) {
    if (!on) return [];
    throw new InputError(key, `cannot enable ${name}: it is not installed under ${ctx.root} (install its package or leave ${key} unset)`);
  }
  const why = `${key}=${on ? 'True' : 'False'}`;
  if (manager === 'systemd') return systemdChanges(ctx, `${name}.service`, on, why);
  const header = parseChkconfigHeader(ctx.files.read(`${INIT_DIR}/${name}`) ?? '');
  if (header === undefined) throw new InputError(key, `${INIT_DIR}/${name} has no "# chkconfig:" line; cannot turn it ${on ? 'on' : 'off'}`);
  const live: Change = { kind: 'run', argv: ['service', name, on ? 'start' : 'stop'], live: true, why };
  return [...sysvLinkChanges(ctx.files, name, header, on), live];
}

function systemdChanges(ctx: ModuleContext, unit: string, on: boolean, why: string): Change[] {
  const verb = on ? 'enable' : 'disable';
  // On the running system one command both (dis)ables and starts/stops; offline only the
  // links are made, by systemctl itself, under the root (systemctl(1) --root).
  if (ctx.live) return [{ kind: 'run', argv: ['systemctl', verb, '--now', unit], live: true, why }];
  return [{ kind: 'run', argv: ['systemctl', `--root=${ctx.root}`, verb, unit], why }];
}

/** Why: a running service reads its configuration only at start; restart it if it runs. */
export function restartIfRunning(family: TimeFamily, why: string): Change {
  const { name, manager } = family.service;
  const argv = manager === 'systemd' ? ['systemctl', 'try-restart', `${name}.service`] : ['service', name, 'condrestart'];
  return { kind: 'run', argv, live: true, why };
}

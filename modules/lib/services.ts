// Turning a system service on or off, per family (modules/lib/distro.ts): systemd units with
// systemctl, SysV services with chkconfig and service. On the running system the service is
// also started or stopped; on another root only its enablement changes, through
// `systemctl --root=<root>` (shared spec modules.md) or the rc links chkconfig would write.
import { FAMILIES } from './distro.js';
import { initScript, sysvLinkChanges } from './sysv-links.js';
import type { Change, ModuleContext } from './types.js';

const UNIT_DIRS = ['/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

/** Why: whether a service is installed under the root, told by its unit file or init script. */
export function serviceInstalled(ctx: Pick<ModuleContext, 'family' | 'files'>, service: string): boolean {
  if (FAMILIES[ctx.family].serviceManager === 'sysv') return initScript(ctx.files, service) !== undefined;
  return UNIT_DIRS.some((dir) => ctx.files.exists(`${dir}/${service}.service`));
}

function systemdChanges(ctx: ModuleContext, service: string, on: boolean, why: string): Change[] {
  const unit = `${service}.service`;
  const verb = on ? 'enable' : 'disable';
  if (ctx.live) return [{ kind: 'run', argv: ['systemctl', verb, '--now', unit], live: true, queuesJob: true, why }];
  return [{ kind: 'run', argv: ['systemctl', `--root=${ctx.root}`, verb, unit], why: `${why} (offline: enablement only)` }];
}

function sysvChanges(ctx: ModuleContext, service: string, on: boolean, why: string): Change[] {
  if (!ctx.live) return sysvLinkChanges(ctx.files, service, on);
  return [
    { kind: 'run', argv: ['chkconfig', '--level', '2345', service, on ? 'on' : 'off'], live: true, why },
    { kind: 'run', argv: ['service', service, on ? 'start' : 'stop'], live: true, why },
  ];
}

/** Why: the changes that enable+start (on) or stop+disable (off) one service. */
export function serviceChanges(ctx: ModuleContext, service: string, on: boolean, why = ''): Change[] {
  const reason = why || `turn ${service} ${on ? 'on' : 'off'}`;
  return FAMILIES[ctx.family].serviceManager === 'sysv'
    ? sysvChanges(ctx, service, on, reason)
    : systemdChanges(ctx, service, on, reason);
}

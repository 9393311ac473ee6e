// Turns the family's time service on or off (through the SDK's service toggles: systemctl, or
// SysV links under an offline root), refusing to turn on a service that is not installed, and
// restarts it after its configuration changed.
import { serviceChanges, serviceInstalled } from '../lib/services.js';
import { InputError, type Change, type ModuleContext } from '../lib/types.js';
import type { TimeFamily } from './time-family.js';

/** Why: the `ntp` key's whole effect; enabling a missing service is refused before any change. */
export function timeServiceChanges(ctx: ModuleContext, key: string, family: TimeFamily, on: boolean): Change[] {
  const { name } = family.service;
  if (!serviceInstalled(ctx, name)) {
    if (!on) return [];
    throw new InputError(key, `cannot enable ${name}: it is not installed under ${ctx.root} (install its package or leave ${key} unset)`);
  }
  return serviceChanges(ctx, name, on, `${key}=${on ? 'True' : 'False'}`);
}

/** Why: a running service reads its configuration only at start; restart it if it runs. */
export function restartIfRunning(family: TimeFamily, why: string): Change {
  const { name, manager } = family.service;
  // systemctl(1) try-restart and the EL init scripts' condrestart both leave a stopped service stopped.
  const argv = manager === 'systemd' ? ['systemctl', 'try-restart', `${name}.service`] : ['service', name, 'condrestart'];
  return { kind: 'run', argv, live: true, ...(manager === 'systemd' ? { queuesJob: true } : {}), why };
}

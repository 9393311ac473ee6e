// What `chkconfig --level <levels> <service> on|off` does to the SysV rc link farm (el6),
// written as changes so it also works on an offline root, where chkconfig cannot run (it has
// no root option and acts on the running system). The start and stop priorities come from the
// init script's own `# chkconfig: <levels> <start> <stop>` header line (chkconfig(8)).
import type { Change, RootFiles } from './types.js';

const INIT_DIRS = ['/etc/rc.d/init.d', '/etc/init.d'];

/** Why: finds the service's init script, the proof that the service is installed. */
export function initScript(files: RootFiles, service: string): string | undefined {
  return INIT_DIRS.map((dir) => `${dir}/${service}`).find((path) => files.exists(path));
}

/** Why: the start and stop priorities chkconfig would use for the service. */
export function chkconfigPriorities(script: string, service: string): { start: string; stop: string } {
  const m = /^#\s*chkconfig:\s*(\S+)\s+([0-9]+)\s+([0-9]+)/m.exec(script);
  if (!m) throw new Error(`the init script of ${service} has no "# chkconfig:" header line`);
  return { start: m[2]!.padStart(2, '0'), stop: m[3]!.padStart(2, '0') };
}

/**
 * Why: the rc<N>.d links for one service turned on (S<start> link, no K link) or off (K<stop>
 * link, no S link) at each of `levels`; levels not named are left alone, like chkconfig.
 */
export function sysvLinkChanges(files: RootFiles, service: string, on: boolean, levels = '2345'): Change[] {
  const script = initScript(files, service);
  if (script === undefined) throw new Error(`service ${service} is not installed (no ${INIT_DIRS[0]}/${service})`);
  const { start, stop } = chkconfigPriorities(files.read(script) ?? '', service);
  const changes: Change[] = [];
  for (const level of levels) {
    const dir = `/etc/rc.d/rc${level}.d`;
    const existing = files.list(dir).filter((name) => new RegExp(`^[SK][0-9]{2}${service.replace(/[.+]/g, '\\$&')}$`).test(name));
    const wanted = on ? `S${start}${service}` : `K${stop}${service}`;
    for (const name of existing) {
      if (name !== wanted) changes.push({ kind: 'remove', path: `${dir}/${name}`, why: `chkconfig ${service} ${on ? 'on' : 'off'}` });
    }
    changes.push({ kind: 'symlink', path: `${dir}/${wanted}`, target: `../init.d/${service}`, why: `chkconfig --level ${levels} ${service} ${on ? 'on' : 'off'}` });
  }
  return changes;
}

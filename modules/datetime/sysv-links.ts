// SysV runlevel links for an init script, computed the way chkconfig(8) does it from the
// script's "# chkconfig: <levels> <start> <stop>" header, so that a service can be turned on or
// off under a root prefix where chkconfig itself cannot run (it has no --root option).
import type { Change, RootFiles } from '../lib/types.js';

export interface ChkconfigHeader {
  /** Runlevels the service starts in when turned on. */
  levels: number[];
  start: string;
  stop: string;
}

/**
 * Why: the header is the script's own statement of its order. chkconfig(8): a levels field of
 * "-" means "none by default", and `chkconfig <name> on` then uses runlevels 2, 3, 4 and 5.
 */
export function parseChkconfigHeader(script: string): ChkconfigHeader | undefined {
  const m = /^#\s*chkconfig:\s*(-|[0-6]+)\s+([0-9]{1,2})\s+([0-9]{1,2})\s*$/m.exec(script);
  if (!m) return undefined;
  const levels = (m[1] === '-' ? '2345' : m[1]!).split('').map(Number);
  return { levels, start: m[2]!.padStart(2, '0'), stop: m[3]!.padStart(2, '0') };
}

/**
 * Why: turning a service on or off is, under SysV, exactly one link per runlevel
 * (/etc/rc.d/rc<N>.d/S<start><name> or K<stop><name> -> ../init.d/<name>); this returns the
 * changes that make the links so, and none for links already right.
 */
export function sysvLinkChanges(files: RootFiles, name: string, header: ChkconfigHeader, on: boolean): Change[] {
  const changes: Change[] = [];
  for (let level = 0; level <= 6; level += 1) {
    const dir = `/etc/rc.d/rc${level}.d`;
    const starts = on && header.levels.includes(level);
    const wanted = starts ? `S${header.start}${name}` : `K${header.stop}${name}`;
    const target = `../init.d/${name}`;
    const why = `${name} ${starts ? 'starts' : 'stops'} in runlevel ${level}`;
    for (const entry of files.list(dir)) {
      if (entry !== wanted && new RegExp(`^[SK][0-9]{2}${escape(name)}$`).test(entry)) {
        changes.push({ kind: 'remove', path: `${dir}/${entry}`, why });
      }
    }
    if (files.readlink(`${dir}/${wanted}`) !== target) changes.push({ kind: 'symlink', path: `${dir}/${wanted}`, target, why });
  }
  return changes;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

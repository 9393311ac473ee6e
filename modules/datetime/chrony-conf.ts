// Edits /etc/chrony.conf for the datetime module: the time sources and the local-clock fallback.
// Every line we do not manage (comments, driftfile, makestep, rtcsync, ...) is kept as it is.
// Pure: text in, text out.
import { afterLast, directiveOf, fromLines, replaceDirectives, toLines } from './directive-lines.js';

/** chrony.conf(5): `server` names one source, `pool` a name resolving to several; both are sources. */
function isSource(line: string): boolean {
  const d = directiveOf(line);
  return d !== undefined && (d.name === 'server' || d.name === 'pool');
}

/** chrony.conf(5): `local [stratum N] ...` serves the local clock when no source is reachable. */
function isLocal(line: string): boolean {
  return directiveOf(line)?.name === 'local';
}

/**
 * Why: ntp-servers names the complete list of sources, so the stock `server` and `pool` lines
 * (e.g. `pool 2.rhel.pool.ntp.org iburst`) are replaced, in place, by one `server` line each.
 */
export function setChronyServers(text: string, servers: string[]): string {
  // `iburst`: a quick first synchronisation at boot, as the stock file's own lines use.
  const fresh = servers.map((host) => `server ${host} iburst`);
  return fromLines(replaceDirectives(toLines(text), isSource, fresh));
}

/**
 * Why: ntp-local-time-source True serves the local clock at stratum 10 when every source is
 * unreachable; False removes any `local` directive. The stock file has it commented out, so a new
 * line goes right after that comment when there is one.
 */
export function setChronyLocalSource(text: string, on: boolean): string {
  const fresh = on ? ['local stratum 10'] : [];
  const nearComment = (kept: string[]): number =>
    afterLast(kept, (line) => /^\s*#\s*local\b/.test(line)) ?? kept.length;
  return fromLines(replaceDirectives(toLines(text), isLocal, fresh, nearComment));
}

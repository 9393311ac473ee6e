// Edits /etc/ntp.conf (ntpd, el6) for the datetime module: the time sources and the local-clock
// fallback. Every line we do not manage (restrict, driftfile, includefile, ...) is kept.
// Pure: text in, text out.
import { afterLast, directiveOf, fromLines, replaceDirectives, toLines } from './directive-lines.js';

// ntpd's reference-clock driver 1 ("undisciplined local clock") lives at 127.127.1.0
// (ntp docs, drivers/driver1.html); `fudge` sets the stratum it claims.
const LOCAL_CLOCK = '127.127.1.0';

/** Reference clocks are pseudo-addresses 127.127.t.u (ntp.conf(5)); they are not network sources. */
function isRefclock(arg: string): boolean {
  return arg.startsWith('127.127.');
}

function isSource(line: string): boolean {
  const d = directiveOf(line);
  return d !== undefined && (d.name === 'server' || d.name === 'pool') && !isRefclock(d.arg);
}

function isLocal(line: string): boolean {
  const d = directiveOf(line);
  return d !== undefined && (d.name === 'server' || d.name === 'fudge') && d.arg === LOCAL_CLOCK;
}

/** Why: ntp-servers is the complete list of network sources; reference clocks are left alone. */
export function setNtpServers(text: string, servers: string[]): string {
  const fresh = servers.map((host) => `server ${host} iburst`);
  const afterSources = (kept: string[]): number =>
    afterLast(kept, (line) => directiveOf(line)?.name === 'server') ?? kept.length;
  return fromLines(replaceDirectives(toLines(text), isSource, fresh, afterSources));
}

/**
 * Why: ntp-local-time-source True adds the local clock as a stratum-10 last resort; False removes
 * it. A new pair goes after the stock commented-out pair when there is one, else after the last
 * `server` line, else at the end.
 */
export function setNtpLocalSource(text: string, on: boolean): string {
  const fresh = on ? [`server ${LOCAL_CLOCK} # local clock`, `fudge ${LOCAL_CLOCK} stratum 10`] : [];
  const place = (kept: string[]): number =>
    afterLast(kept, (line) => /^\s*#\s*(server|fudge)\s+127\.127\.1\.0\b/.test(line)) ??
    afterLast(kept, (line) => directiveOf(line)?.name === 'server') ??
    kept.length;
  return fromLines(replaceDirectives(toLines(text), isLocal, fresh, place));
}

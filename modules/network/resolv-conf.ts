// Writes the DNS servers and search domains into /etc/resolv.conf (resolv.conf(5)) on systems
// where NetworkManager does not own that file. Only `nameserver`, `search` and `domain` lines
// are managed; comments, `options` and `sortlist` lines stay. Pure: text in, text out.
import { fromLines, toLines } from '../lib/line-editor.js';

// resolv.conf(5): the resolver uses at most MAXNS (3) name servers; more are ignored.
export const MAXNS = 3;

/**
 * Why: replaces the managed lines in one place (where the first of them was) so the file keeps
 * its order; `search` goes before `nameserver` as resolvers conventionally write it. Each list
 * left undefined keeps its existing lines.
 */
export function editResolvConf(text: string | undefined, servers?: string[], search?: string[]): string {
  const lines = toLines(text ?? '');
  const isSearch = (l: string) => /^\s*(search|domain)(\s|$)/.test(l);
  const isServer = (l: string) => /^\s*nameserver(\s|$)/.test(l);
  const managed = (l: string) => (search !== undefined && isSearch(l)) || (servers !== undefined && isServer(l));
  const fresh = [
    ...(search !== undefined && search.length > 0 ? [`search ${search.join(' ')}`] : []),
    ...(servers ?? []).slice(0, MAXNS).map((s) => `nameserver ${s}`),
  ];
  const at = lines.findIndex(managed);
  const kept = lines.filter((l) => !managed(l));
  const insertAt = at < 0 ? kept.length : lines.slice(0, at).filter((l) => !managed(l)).length;
  kept.splice(insertAt, 0, ...fresh);
  return fromLines(kept);
}

/** Why: DNS of every interface ends up in one resolver file: merge in index order, no repeats. */
export function mergeLists(lists: (string[] | undefined)[]): string[] | undefined {
  const present = lists.filter((l): l is string[] => l !== undefined);
  if (present.length === 0) return undefined;
  return [...new Set(present.flat())];
}

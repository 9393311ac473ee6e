// Puts the host.N lines into /etc/hosts (hosts(5): "address canonical-name aliases…"): the line
// for the same address is replaced, otherwise the line is appended; comments and every other
// line stay as they are. Pure: text in, text out.
import ipaddr from 'ipaddr.js';
import { fromLines, toLines } from '../lib/line-editor.js';

/** The address a hosts line starts with, normalized so 2001:db8::1 and 2001:DB8:0::1 match. */
function addressOf(line: string): string | undefined {
  const first = line.replace(/#.*$/, '').trim().split(/[ \t]+/)[0];
  if (!first || !ipaddr.isValid(first)) return undefined;
  return ipaddr.parse(first).toNormalizedString();
}

/**
 * Why: a re-run with the same lines changes nothing, and a new name for an address replaces the
 * old one instead of leaving two answers for one address. Later duplicates of a replaced
 * address are dropped for the same reason.
 */
export function putHostLines(text: string | undefined, lines: string[]): string {
  let out = toLines(text ?? '');
  for (const line of lines) {
    const address = addressOf(line);
    const at = out.findIndex((l) => addressOf(l) === address);
    if (at < 0) {
      out.push(line);
      continue;
    }
    out = out.filter((l, i) => i <= at || addressOf(l) !== address);
    if (normalize(out[at]!) !== line) out[at] = line;
  }
  return fromLines(out);
}

function normalize(line: string): string {
  return line.trim().split(/[ \t]+/).join(' ');
}

/**
 * Why: `cleanup` must not leave the template's own name or addresses in every clone's
 * /etc/hosts. A line whose address is one of `addresses` (the template's static addresses), or
 * whose names include `name`, is dropped; on a loopback line only that name goes, so the
 * localhost entries survive.
 */
export function forgetHost(text: string, name: string | undefined, addresses: string[] = []): string {
  const own = new Set(addresses.filter((a) => ipaddr.isValid(a)).map((a) => ipaddr.parse(a).toNormalizedString()));
  const out: string[] = [];
  for (const line of toLines(text)) {
    const [body = '', comment] = line.split(/#(.*)/s, 2);
    const words = body.trim().split(/[ \t]+/);
    const address = addressOf(line);
    const loopback = address !== undefined && ipaddr.parse(address).range().includes('loopback');
    if (address !== undefined && !loopback && own.has(address)) continue;
    if (address === undefined || name === undefined || !words.slice(1).includes(name)) {
      out.push(line);
      continue;
    }
    if (!loopback) continue;
    const kept = [words[0], ...words.slice(1).filter((w) => w !== name)].join(' ');
    out.push(comment === undefined ? kept : `${kept} #${comment}`);
  }
  return fromLines(out);
}

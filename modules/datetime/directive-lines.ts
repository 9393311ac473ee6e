// Line-level editing of the directive files of the time services (chrony.conf, ntp.conf): a
// file is a list of lines, each either a directive ("server host iburst") or something we keep
// as it is (comments, blank lines, directives we do not manage). Pure: no I/O.
export { fromLines, toLines } from '../lib/line-editor.js';

/** Why: the directive name and its first argument decide whether a line is ours to manage. */
export function directiveOf(line: string): { name: string; arg: string } | undefined {
  // Both chrony.conf(5) and ntp.conf(5): '#' starts a comment, words are blank-separated.
  const m = /^\s*([A-Za-z_]+)(?:\s+(\S+))?/.exec(line);
  if (!m || line.trimStart().startsWith('#')) return undefined;
  return { name: m[1]!, arg: m[2] ?? '' };
}

/**
 * Why: replacing a group of directives in place keeps them where the admin (or the package)
 * put them, next to their comments. Removes every line `owned` selects and inserts `fresh` where
 * the first of them was, or at `fallback(lines)` when there was none (default: the end).
 */
export function replaceDirectives(
  lines: string[],
  owned: (line: string) => boolean,
  fresh: string[],
  fallback: (kept: string[]) => number = (kept) => kept.length,
): string[] {
  const first = lines.findIndex(owned);
  const kept = lines.filter((line) => !owned(line));
  const at = first >= 0 ? lines.slice(0, first).filter((line) => !owned(line)).length : fallback(kept);
  return [...kept.slice(0, at), ...fresh, ...kept.slice(at)];
}

/** Why: new lines go after the last line of a kind, so related directives stay together. */
export function afterLast(lines: string[], match: (line: string) => boolean): number | undefined {
  const last = lines.findLastIndex(match);
  return last >= 0 ? last + 1 : undefined;
}

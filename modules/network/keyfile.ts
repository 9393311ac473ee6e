// A small editor for NetworkManager keyfiles (nm-settings-keyfile(5): GLib key files, "[group]"
// headers and "key=value" lines). It sets and removes keys and keeps every other line, comments
// and unknown groups included, where it was. Pure. (ini.parse would drop comments.)
import { fromLines, toLines } from '../lib/line-editor.js';

interface Group {
  name: string | undefined; // undefined: lines before the first header
  lines: string[];
}

function parse(text: string): Group[] {
  const groups: Group[] = [{ name: undefined, lines: [] }];
  for (const line of toLines(text)) {
    const m = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (m) groups.push({ name: m[1], lines: [] });
    else groups[groups.length - 1]!.lines.push(line);
  }
  return groups;
}

function keyOf(line: string): string | undefined {
  if (/^\s*[#;]/.test(line)) return undefined;
  const at = line.indexOf('=');
  return at < 0 ? undefined : line.slice(0, at).trim();
}

/** One key to set (a value) or remove (null) in one group; `match` removes keys by pattern. */
export type KeyEdit = { group: string; key: string; value: string | null } | { group: string; match: RegExp };

/**
 * Why: applies the edits in order. A key already present changes in place; a new key goes after
 * the group's last key (before its trailing blank lines); a missing group is appended.
 */
export function editKeyfile(text: string | undefined, edits: KeyEdit[], newGroups: string[] = []): string {
  const groups = parse(text ?? '');
  for (const name of newGroups) ensureGroup(groups, name);
  for (const edit of edits) {
    const group = 'match' in edit ? groups.find((g) => g.name === edit.group) : ensureGroup(groups, edit.group);
    if (group === undefined) continue;
    if ('match' in edit) {
      group.lines = group.lines.filter((l) => !edit.match.test(keyOf(l) ?? ''));
      continue;
    }
    setKey(group, edit.key, edit.value);
  }
  return render(groups);
}

function ensureGroup(groups: Group[], name: string): Group {
  let group = groups.find((g) => g.name === name);
  if (group === undefined) {
    const last = groups[groups.length - 1]!;
    if (last.lines.length > 0 && last.lines[last.lines.length - 1] !== '') last.lines.push('');
    group = { name, lines: [''] };
    groups.push(group);
  }
  return group;
}

function setKey(group: Group, key: string, value: string | null): void {
  const at = group.lines.findIndex((l) => keyOf(l) === key);
  if (value === null) {
    group.lines = group.lines.filter((l) => keyOf(l) !== key);
    return;
  }
  const line = `${key}=${value}`;
  if (at >= 0) {
    group.lines[at] = line;
    group.lines = group.lines.filter((l, i) => i <= at || keyOf(l) !== key);
    return;
  }
  let end = group.lines.length;
  while (end > 0 && group.lines[end - 1]!.trim() === '') end--;
  group.lines.splice(end, 0, line);
}

function render(groups: Group[]): string {
  const out: string[] = [];
  for (const g of groups) {
    if (g.name !== undefined) out.push(`[${g.name}]`);
    out.push(...g.lines);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return fromLines(out);
}

/** Why: reads one key of one group (the last one wins, as GLib does). */
export function readKey(text: string | undefined, group: string, key: string): string | undefined {
  let value: string | undefined;
  for (const g of parse(text ?? '')) {
    if (g.name !== group) continue;
    for (const l of g.lines) if (keyOf(l) === key) value = l.slice(l.indexOf('=') + 1).trim();
  }
  return value;
}

/** Why: reads every key of a group whose name matches (e.g. address1, address2...), in file order. */
export function readMatching(text: string | undefined, group: string, match: RegExp): string[] {
  const out: string[] = [];
  for (const g of parse(text ?? '')) {
    if (g.name !== group) continue;
    for (const l of g.lines) if (match.test(keyOf(l) ?? '')) out.push(l.slice(l.indexOf('=') + 1).trim());
  }
  return out;
}

// Expands the cleanup list's patterns against the files under the root. Reads only, through the
// root-guarded view the SDK gives handlers; what to do with each match is decided by the caller.
import type { RootFiles } from '../lib/types.js';

/** Why: "*" and "[...]" in one path component become an anchored regular expression. */
export function componentRegex(component: string): RegExp | undefined {
  if (!/[*[]/.test(component)) return undefined;
  let source = '';
  for (let i = 0; i < component.length; i += 1) {
    const c = component[i]!;
    const close = c === '[' ? component.indexOf(']', i + 1) : -1;
    if (c === '*') source += '[^/]*';
    else if (close > i + 1) {
      source += `[${component.slice(i + 1, close).replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Why: the paths under the root that a pattern names, sorted; a literal path is returned only
 * when something is there. `except` filters the names matched by the last wildcard component.
 */
export function expandPattern(files: RootFiles, pattern: string, except?: RegExp): string[] {
  let paths = [''];
  const parts = pattern.split('/').filter(Boolean);
  for (const [index, part] of parts.entries()) {
    const regex = componentRegex(part);
    const last = index === parts.length - 1;
    const next: string[] = [];
    for (const dir of paths) {
      if (regex === undefined) next.push(`${dir}/${part}`);
      else {
        const names = files.list(dir === '' ? '/' : dir).filter((name) => regex.test(name));
        next.push(...names.filter((name) => !(last && except?.test(name))).map((name) => `${dir}/${name}`));
      }
    }
    paths = next;
  }
  return paths.filter((path) => files.exists(path)).sort();
}

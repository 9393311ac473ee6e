// Adding lines to authorized_keys / known_hosts without duplicates, keeping every existing line
// (comments included) where it is. Pure. Two lines are the same when they differ only in
// blanks: sshd splits fields on blanks, so such lines grant exactly the same thing.

function identity(line: string): string {
  return line.trim().split(/\s+/).join(' ');
}

/** Why: the lines of a multi-line value that carry a key (blank and "#" lines dropped, CR removed). */
export function keyLines(value: string): string[] {
  return value
    .split('\n')
    .map((line) => line.replace(/\r$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Why: the only writer of these files' content. Returns the new content, or undefined when
 * every line is already present (so a re-run writes nothing).
 */
export function mergeLines(existing: string | undefined, add: string[]): string | undefined {
  const seen = new Set((existing ?? '').split('\n').map(identity));
  const fresh: string[] = [];
  for (const line of add) {
    if (seen.has(identity(line))) continue;
    seen.add(identity(line));
    fresh.push(line.trim());
  }
  if (fresh.length === 0) return undefined;
  const base = existing ?? '';
  const sep = base === '' || base.endsWith('\n') ? '' : '\n';
  return `${base}${sep}${fresh.join('\n')}\n`;
}

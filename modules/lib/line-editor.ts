// Edits text files line by line for files we do not own (/etc/hosts, chrony.conf, ntp.conf,
// authorized_keys…): the lines a module manages are chosen by a predicate, every other line
// (comments, blank lines, entries of other tools) is kept byte for byte. Pure: text in, text out.

export type LineMatch = (line: string) => boolean;

/** Why: one split rule for every editor; a final newline does not make an extra empty line. */
export function toLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Why: the inverse of toLines; a non-empty file always ends with a newline. */
export function fromLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * Why: the "set this entry" edit: the first matching line becomes `replacement` (in place, so
 * the file keeps its order), later matching lines go, and with no match it is appended.
 */
export function replaceLines(text: string, match: LineMatch, replacement: string[]): string {
  const out: string[] = [];
  let placed = false;
  for (const line of toLines(text)) {
    if (!match(line)) out.push(line);
    else if (!placed) {
      out.push(...replacement);
      placed = true;
    }
  }
  if (!placed) out.push(...replacement);
  return fromLines(out);
}

/** Why: drops the lines a module owns and nothing else. */
export function removeLines(text: string, match: LineMatch): string {
  return fromLines(toLines(text).filter((line) => !match(line)));
}

/** Why: adds entries without duplicates (authorized_keys, known_hosts); compares trimmed lines. */
export function appendMissing(text: string, lines: string[]): string {
  const present = new Set(toLines(text).map((l) => l.trim()));
  const out = toLines(text);
  for (const line of lines) {
    if (present.has(line.trim())) continue;
    present.add(line.trim());
    out.push(line);
  }
  return fromLines(out);
}

/** Why: a general per-line rewrite; return the line, several lines, or null to drop it. */
export function mapLines(text: string, fn: (line: string) => string | string[] | null): string {
  const out: string[] = [];
  for (const line of toLines(text)) {
    const result = fn(line);
    if (result === null) continue;
    out.push(...(typeof result === 'string' ? [result] : result));
  }
  return fromLines(out);
}

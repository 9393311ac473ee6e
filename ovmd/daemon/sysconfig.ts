// Reading and editing shell-style /etc/sysconfig files (KEY=value lines). Editing keeps every
// line it does not manage, comments included, because packagers and admins own the rest of
// the file (house style: editors keep lines they do not manage).

/** Parses KEY=value lines; quotes around the value are removed; comments and junk are skipped. */
export function parseSysconfig(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    out[m[1]!] = unquote(m[2]!.trim());
  }
  return out;
}

/** Sets KEY=value: replaces the first assignment (dropping later duplicates) or appends one. */
export function setSysconfigValue(text: string, key: string, value: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const pattern = new RegExp(`^\\s*(?:export\\s+)?${key}=`);
  let done = false;
  const out: string[] = [];
  for (const line of lines) {
    if (!pattern.test(line)) out.push(line);
    else if (!done) {
      out.push(`${key}=${value}`);
      done = true;
    }
  }
  if (!done) out.push(`${key}=${value}`);
  return `${out.join('\n')}\n`;
}

/** Reads a yes/no style flag; anything unrecognised gives the default. */
export function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (/^(yes|y|true|1|on)$/i.test(value)) return true;
  if (/^(no|n|false|0|off)$/i.test(value)) return false;
  return fallback;
}

function unquote(value: string): string {
  const m = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  if (m) return m[1]!;
  return value.replace(/\s+#.*$/, '');
}

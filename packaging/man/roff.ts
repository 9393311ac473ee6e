// Escaping text for roff (man(7) pages). Pure. Facts from groff(7) and man(7): a backslash
// starts an escape, a line starting with "." or "'" is a request, and "-" is a hyphen that
// may be typeset as a dash, while "\-" is the minus sign people copy into a shell.

function escapeChars(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/-/g, '\\-');
}

// "\&" is a zero-width character: it keeps a leading dot or quote from being a request.
function protectLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');
}

/** Why: every piece of text that reaches a page goes through here, so none can break it. */
export function escapeText(text: string): string {
  return protectLines(escapeChars(text));
}

/** Bold text (commands, option names), back to the regular font after. */
export function bold(text: string): string {
  return `\\fB${escapeChars(text)}\\fR`;
}

/** Italic text (placeholders, paths), back to the regular font after. */
export function italic(text: string): string {
  return `\\fI${escapeChars(text)}\\fR`;
}

/**
 * Prose with the words that stand for themselves set in bold: options (--stdin, -e) and the
 * command names given, so they read like the OPTIONS section.
 */
export function prose(text: string, commands: readonly string[] = []): string {
  const words = commands.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(^|[\\s("'])(--?[A-Za-z][\\w-]*${words.length ? `|${words.join('|')}` : ''})(?=$|[\\s.,;:)"'=])`, 'g');
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index + m[1]!.length;
    parts.push(escapeChars(text.slice(last, start)), bold(m[2]!));
    last = start + m[2]!.length;
  }
  parts.push(escapeChars(text.slice(last)));
  return protectLines(parts.join(''));
}

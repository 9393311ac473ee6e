// The one rule for parameter key names, applied wherever a key enters: host messages, `ovmd -p`,
// `--stdin`/`--input`, OVF, the console and `ovm-vmmessage`. A key travels as one line of the
// `key=value` format and as a xenstore node value, so a character that could end a line, hide
// itself on a terminal or split "key=value" would let one key pose as another. Pure: no I/O.

/** Oracle's channel allows 256 bytes with the C terminator (shared spec vmapi-channel.md, "Limits"). */
export const KEY_NAME_MAX_BYTES = 255;

/** Control and format characters (bidi overrides, zero-width), separators, blanks, lone surrogates. */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Z}\s\p{Cs}\uFFFD]/u;
const FORBIDDEN_ALL = /[\p{Cc}\p{Cf}\p{Z}\s\p{Cs}\uFFFD]/gu;
const SHOWN_CHARS = 80;

/** A key name that breaks the rule; the message names the key, escaped. */
export class KeyNameError extends Error {
  override name = 'KeyNameError';
}

function escapeChar(c: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  if (named[c] !== undefined) return named[c];
  const code = c.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Why: a key is shown in errors and logs without its raw control characters, cut short, and
 * without what follows a "=" (a smuggled "root-password=x" would otherwise put "x" in a log).
 */
export function showKey(key: string): string {
  const at = key.indexOf('=');
  const head = at < 0 ? key : key.slice(0, at + 1);
  let shown = [...head].slice(0, SHOWN_CHARS).join('').replace(FORBIDDEN_ALL, escapeChar);
  if ([...head].length > SHOWN_CHARS) shown += `… (${Buffer.byteLength(key)} bytes)`;
  else if (at >= 0) shown += '…';
  return `"${shown}"`;
}

/** Why: the reason a key name is refused, or undefined when it may be used. */
export function keyNameProblem(key: string): string | undefined {
  if (key === '') return 'the key is empty';
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > KEY_NAME_MAX_BYTES) return `key ${showKey(key)} is ${bytes} bytes; at most ${KEY_NAME_MAX_BYTES} are allowed`;
  const bad = FORBIDDEN.exec(key)?.[0];
  if (bad !== undefined) {
    const what = /[\p{Cs}\uFFFD]/u.test(bad) ? 'bytes that are not UTF-8 text' : /[\p{Cc}\p{Cf}]/u.test(bad) ? 'a control character' : 'a blank';
    return `key ${showKey(key)} contains ${what} (${escapeChar(bad)}); a key name has no blanks, no control characters and no "="`;
  }
  if (key.includes('=')) return `key ${showKey(key)} contains "="; a key name has no blanks, no control characters and no "="`;
  return undefined;
}

/** Why: the throwing form for entries that refuse one key at a time (`ovmd -p`, the store). */
export function checkKeyName(key: string): void {
  const problem = keyNameProblem(key);
  if (problem !== undefined) throw new KeyNameError(problem);
}

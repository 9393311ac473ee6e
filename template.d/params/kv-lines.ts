// The `key=value` line format: what `ovmd -l` prints, and what batch files, `--stdin` and
// `ovm-vmmessage --file` read (batch-file.ts reads whole files). One line per parameter; blanks
// around the key and around the value are not part of them; a key or a value may be written as
// a JSON string ("...") to hold what plain text cannot: a newline, blanks at either end, a
// leading quote or #. `ovmd -l` quotes exactly those, so its output reads back as the same set.
import type { Params } from './descriptor.js';

/** One parsed line: an entry, nothing (blank or comment), or the reason it is not a line of this format. */
export type KvLine = { key: string; value: string } | { skip: true } | { problem: string };

/** Characters a plain line cannot carry safely: control, format and line-separator characters. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const BLANKS = /^[ \t]+|[ \t]+$/g;

/** Why: JSON.stringify leaves C1, bidi and line-separator characters raw; a listing must never. */
export function jsonQuote(text: string): string {
  return JSON.stringify(text).replace(UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function keyNeedsQuotes(key: string): boolean {
  return key === '' || /^[#"]/.test(key) || /[\s=]/.test(key) || UNSAFE.test(key);
}

function valueNeedsQuotes(value: string): boolean {
  return /^[ \t"]|[ \t]$/.test(value) || UNSAFE.test(value);
}

/** Why: `ovmd -l` prints the store in this form, sorted by key, so the pipe into --stdin is lossless. */
export function formatKvLines(params: Params): string {
  return Object.keys(params)
    .sort()
    .map((key) => formatKvLine(key, params[key]!))
    .join('');
}

/** Why: one line of the format (ovm-vmmessage --list uses it too, so a guest cannot forge lines). */
export function formatKvLine(key: string, value: string): string {
  const k = keyNeedsQuotes(key) ? jsonQuote(key) : key;
  const v = valueNeedsQuotes(value) ? jsonQuote(value) : value;
  return `${k}=${v}\n`;
}

/** The JSON string at the start of `text`: its decoded value and where it ends, or undefined. */
function leadingJsonString(text: string): { value: string; end: number } | undefined {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') {
      try {
        return { value: JSON.parse(text.slice(0, i + 1)) as string, end: i + 1 };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function readKey(line: string): { key: string; rest: string } | { problem: string } {
  if (line.startsWith('"')) {
    const quoted = leadingJsonString(line);
    if (!quoted) return { problem: 'the key starts with a quote but is not a JSON string' };
    const rest = line.slice(quoted.end).replace(/^[ \t]+/, '');
    if (!rest.startsWith('=')) return { problem: 'expected "=" after the quoted key' };
    return { key: quoted.value, rest: rest.slice(1) };
  }
  const at = line.indexOf('=');
  if (at < 0) return { problem: 'expected key=value' };
  return { key: line.slice(0, at).replace(BLANKS, ''), rest: line.slice(at + 1) };
}

function readValue(rest: string): { value: string } | { problem: string } {
  const plain = rest.replace(BLANKS, '');
  if (!plain.startsWith('"')) return { value: plain };
  const quoted = leadingJsonString(plain);
  if (!quoted || quoted.end !== plain.length) {
    return { problem: 'the value starts with a quote but is not one JSON string (write it as "...", with \\" for a quote inside)' };
  }
  return { value: quoted.value };
}

/** Why: the grammar of one line, kept apart from files so every reader shares it. */
export function parseKvLine(raw: string): KvLine {
  const line = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).replace(/^[ \t]+/, '');
  if (line.trim() === '' || line.startsWith('#')) return { skip: true };
  const key = readKey(line);
  if ('problem' in key) return key;
  const value = readValue(key.rest);
  if ('problem' in value) return value;
  return { key: key.key, value: value.value };
}

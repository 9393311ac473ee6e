// Reads and edits shell-style KEY=value files we do not own (ifcfg-*, /etc/sysconfig/*,
// /etc/selinux/config, os-release). Quoting follows POSIX sh for the forms these files use:
// bare words with backslash escapes, '…' literal, "…" with \\ \" \$ \` escapes. An edit
// changes only the value of the assignments it manages; comments, unknown lines, `export`,
// trailing comments and the original quoting style are kept. Pure: text in, text out.
import { fromLines, toLines } from './line-editor.js';

type QuoteStyle = 'bare' | 'single' | 'double';

interface Assignment {
  /** Everything before the value: indentation, optional `export `, `NAME=`. */
  head: string;
  name: string;
  value: string;
  style: QuoteStyle;
  /** What follows the value: blanks and a `#` comment, kept on edit. */
  tail: string;
}

const ASSIGN = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)=/;

function readDouble(text: string, from: number): [string, number] {
  let out = '';
  let i = from;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && '\\"$`'.includes(text[i + 1] ?? '')) i += 1;
    out += text[i];
    i += 1;
  }
  return [out, i + 1];
}

/** Parses the value that starts at `from`; returns it, its quoting style and where it ends. */
function readValue(text: string, from: number): { value: string; style: QuoteStyle; end: number } {
  let value = '';
  let style: QuoteStyle = 'bare';
  let i = from;
  while (i < text.length && !/\s/.test(text[i]!)) {
    const c = text[i]!;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close === -1 ? text.length : close;
      value += text.slice(i + 1, stop);
      if (style === 'bare') style = 'single';
      i = stop + 1;
    } else if (c === '"') {
      const [part, next] = readDouble(text, i + 1);
      value += part;
      if (style === 'bare') style = 'double';
      i = next;
    } else if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  return { value, style, end: Math.min(i, text.length) };
}

function parseLine(line: string): Assignment | undefined {
  const m = ASSIGN.exec(line);
  if (!m) return undefined;
  const { value, style, end } = readValue(line, m[0].length);
  return { head: m[0], name: m[2]!, value, style, tail: line.slice(end) };
}

/** Why: every variable of a shell-style file; a later assignment wins, as in the shell. */
export function parseShellVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of toLines(text)) {
    const a = parseLine(line);
    if (a) vars[a.name] = a.value;
  }
  return vars;
}

/** Why: renders a value so the shell reads back exactly it; refuses what no line can hold. */
export function quoteShellValue(value: string, prefer: QuoteStyle = 'bare'): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error('a shell-style value cannot contain control characters');
  if (prefer === 'single' && !value.includes("'")) return `'${value}'`;
  if (prefer === 'bare' && /^[A-Za-z0-9_.,:/@%+=^-]*$/.test(value)) return value;
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/**
 * Why: the edit every sysconfig-style writer needs. `updates` maps a name to its new value, or
 * to null to delete its assignments. Every assignment of a name is updated (a stale duplicate
 * would otherwise win); names not present are appended in the order given.
 */
export function editShellVars(text: string, updates: Record<string, string | null>): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of toLines(text)) {
    const a = parseLine(line);
    if (!a || !Object.hasOwn(updates, a.name)) {
      out.push(line);
      continue;
    }
    seen.add(a.name);
    const next = updates[a.name];
    if (next === null || next === undefined) continue;
    out.push(`${a.head}${quoteShellValue(next, a.style)}${a.tail}`);
  }
  for (const [name, value] of Object.entries(updates)) {
    if (!seen.has(name) && value !== null) out.push(`${name}=${quoteShellValue(value)}`);
  }
  return fromLines(out);
}

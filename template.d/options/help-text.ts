// The text `--help` prints, rendered from a CommandSpec (command-spec.ts), the declaration the
// parser, the man page and the shell completion are made from. Pure: spec and width in, text out.
// Layout: coreutils' (`Usage:` / `   or:`, `-s, --script=NAME` tags, description column).
import type { CommandSpec, OptionSpec } from './command-spec.js';
import { wrapWords } from '../render/wrap-words.js';

/** The widest option tag that still shares its line with the description. */
const TAG_COLUMN = 26;

/** The option as a user writes it: `-s, --script=NAME`, `--ovf-transport-iso[=PATH]`, `--json`. */
export function optionTag(option: OptionSpec): string {
  const names = `${option.short ? `-${option.short}, ` : '    '}--${option.name}`;
  if (option.type === 'boolean') return names;
  const metavar = option.metavar ?? 'VALUE';
  return option.optionalValue ? `${names}[=${metavar}]` : `${names}=${metavar}`;
}

/** Sentences the declaration implies: repeatable, the default. */
export function optionNotes(option: OptionSpec): string[] {
  const notes: string[] = [];
  if (option.repeatable) notes.push('May be given more than once.');
  if (option.default !== undefined && option.default !== false) notes.push(`Default: ${String(option.default)}.`);
  return notes;
}

/** The words of a synopsis line, a bracketed or parenthesised group kept as one word, an option with its placeholder. */
export function synopsisGroups(line: string): string[] {
  const groups: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of line) {
    if (char === ' ' && depth === 0) {
      if (current) groups.push(current);
      current = '';
      continue;
    }
    if (char === '[' || char === '(') depth += 1;
    if (char === ']' || char === ')') depth = Math.max(0, depth - 1);
    current += char;
  }
  if (current) groups.push(current);
  // An option stays with its placeholder: `-s TARGET`, `--file FILE|-`.
  return groups.reduce<string[]>((out, word) => {
    const last = out[out.length - 1];
    if (last && /^--?[\w-]+$/.test(last) && /^[^-|[(]/.test(word)) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
    return out;
  }, []);
}

/** Why: a synopsis that wraps must break between groups, never inside a bracket. */
function usageLines(spec: CommandSpec, width: number): string[] {
  const out: string[] = [];
  spec.synopsis.forEach((line, i) => {
    const lead = `${i === 0 ? 'Usage:' : '   or:'} ${spec.name} `;
    const indent = ' '.repeat(lead.length);
    let current = lead;
    for (const group of synopsisGroups(line)) {
      if (current !== lead && current !== indent && current.length + group.length > width) {
        out.push(current.trimEnd());
        current = indent;
      }
      current += `${group} `;
    }
    out.push(current.trimEnd());
  });
  return out;
}

/** A term (an option tag, a target) and its text, the text in a column when the term is short. */
function termLines(term: string, text: string, column: number, width: number): string[] {
  const body = wrapWords(text, Math.max(20, width - column));
  const pad = ' '.repeat(column);
  const head = `  ${term}`;
  if (head.length + 2 > column) return [head, ...body.map((l) => pad + l)];
  return [head.padEnd(column) + (body[0] ?? ''), ...body.slice(1).map((l) => pad + l)].map((l) => l.trimEnd());
}

function listSection(title: string, items: [string, string][], width: number, intro?: string): string[] {
  if (!items.length) return [];
  const column = Math.min(TAG_COLUMN, Math.max(...items.map(([t]) => t.length))) + 4;
  const lead = intro ? [...wrapWords(intro, width - 2).map((l) => `  ${l}`)] : [];
  return ['', `${title}:`, ...lead, ...items.flatMap(([term, text]) => termLines(term, text, column, width))];
}

/** `TARGETS` (a man page title) as `Targets` for --help. */
function helpTitle(title: string): string {
  return title.charAt(0) + title.slice(1).toLowerCase();
}

/** Why: --help is made from the same declaration as the parser, so it lists what is accepted. */
export function renderHelp(spec: CommandSpec, width = 80): string {
  const w = Math.max(60, Math.min(width, 100));
  const summary = `${spec.summary.charAt(0).toUpperCase()}${spec.summary.slice(1)}.`;
  const options = spec.options.map((o): [string, string] => [optionTag(o), [o.describe, ...optionNotes(o)].join(' ')]);
  const sections = (spec.sections ?? []).filter((s) => s.inHelp).flatMap((s) => listSection(helpTitle(s.title), s.items, w, s.intro));
  const examples = (spec.examples ?? []).flatMap(([cmd, what]) => [`  ${cmd}`, ...wrapWords(what, w - 6).map((l) => `      ${l}`)]);
  const exit = (spec.exitStatus ?? []).flatMap((text) => wrapWords(text, w - 4).map((l, i) => (i ? `    ${l}` : `  ${l}`)));
  const lines = [
    ...usageLines(spec, w),
    '',
    ...wrapWords(summary, w),
    ...listSection('Options', options, w),
    ...sections,
    ...(examples.length ? ['', 'Examples:', ...examples] : []),
    ...(exit.length ? ['', 'Exit status:', ...exit] : []),
    '',
    `The manual page ${spec.name}(${spec.section}) says more.`,
  ];
  return `${lines.join('\n')}\n`;
}

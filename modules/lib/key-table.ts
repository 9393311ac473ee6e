// Renders a module's declaration as the Markdown key table of docs/modules.md (house style 2:
// the docs are derived from the declaration, never written a second time). Pure: no I/O.
// test/modules/docs.test.ts checks that the page holds exactly what this renders.
import type { Descriptor, ModuleDeclaration } from './types.js';

const INDEX_ZERO = /\.0$/;
const INDEX_ONE = /\.1$/;

/** Markdown cell text: pipes escaped, so a value list cannot break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A key as the page shows it: an indexed `x.0` becomes `x.N` (any index is accepted). */
function shownKey(key: string): string {
  return key.replace(INDEX_ZERO, '.N');
}

function requiresText(requires: NonNullable<Descriptor['requires']>): string {
  const values = requires[1].map((v) => (v === null ? 'unset' : `\`${v}\``)).join(', ');
  return `only when \`${shownKey(requires[0])}\` is ${values}`;
}

/** The flags column: Oracle's fields, then this project's `format`. */
function flags(d: Descriptor, atOne: Descriptor | undefined): string {
  const out: string[] = [];
  if (d.hidden) out.push('hidden');
  else if (atOne?.hidden) out.push('visible for index 0, hidden from 1');
  else out.push('visible');
  if (d.password) out.push('password (secret)');
  if (d.required) out.push('required');
  if (d.depends) out.push(`depends \`${shownKey(d.depends)}\``);
  if (d.choices) out.push(`choices ${d.choices.map((c) => `\`${c}\``).join(', ')}`);
  if (d.requires) out.push(requiresText(d.requires));
  if (d.format) out.push(`format \`${d.format}\``);
  return out.join('; ');
}

/**
 * Why: one table per target; indexed keys are shown once as `x.N` (the `.1` copies Oracle's
 * enumeration prints are folded into the `.0` row's flags).
 */
export function renderKeyTable(decl: ModuleDeclaration, target: 'configure' | 'cleanup'): string {
  const all = decl.parameters[target] ?? [];
  if (all.length === 0) return '_No keys._\n';
  const rows = all
    .filter((d) => !INDEX_ONE.test(d.key) || !all.some((z) => z.key === d.key.replace(INDEX_ONE, '.0')))
    .map((d) => {
      const atOne = INDEX_ZERO.test(d.key) ? all.find((o) => o.key === d.key.replace(INDEX_ZERO, '.1')) : undefined;
      return `| \`${shownKey(d.key)}\` | ${cell(flags(d, atOne))} | ${cell(d.description ?? '')} |`;
    });
  return ['| key | flags | meaning |', '|---|---|---|', ...rows, ''].join('\n');
}

/** Why: the line under each module's heading: its targets and priorities, as the header says. */
export function renderPriorities(decl: ModuleDeclaration): string {
  const parts = Object.entries(decl.priorities).map(([target, n]) => `\`${target}: ${String(n).padStart(2, '0')}\``);
  return `Header: ${parts.join(', ')}. ${decl.description}\n`;
}

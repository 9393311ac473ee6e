// Renders the `ovm-chkconfig --list` table. Pure. Columns: shared spec template-config.md —
// module name, then configure, unconfigure, reconfigure, cleanup, suspend, resume, migrate,
// shutdown; a cell is `on:NN` or `off`.
import { TARGETS } from '../params/descriptor.js';
import { formatPriority } from '../header/parse-header.js';
import type { FarmState } from './state.js';

/** Module names to show: every script plus any name that only has links left. */
export function moduleNames(state: FarmState): string[] {
  const names = new Set([...state.scripts, ...state.links.map((l) => l.name)]);
  return [...names].sort();
}

function cell(state: FarmState, name: string, target: (typeof TARGETS)[number]): string {
  const link = state.links.find((l) => l.name === name && l.target === target);
  return link ? `on:${formatPriority(link.priority)}` : 'off';
}

/**
 * Column widths of Oracle's documented table (Administrator's Guide; shared spec
 * template-config.md, "ovm-chkconfig"): the name column 16 wide, then each target's column
 * as wide as its header plus a gap; the last column is not padded.
 */
export const NAME_WIDTH = 16;
const CELL_WIDTHS: readonly number[] = [11, 12, 12, 9, 9, 8, 9];

/** A name as wide as the column or wider keeps one blank before the first cell. */
function nameCell(name: string): string {
  return name.length < NAME_WIDTH ? name.padEnd(NAME_WIDTH) : `${name} `;
}

/** Why: one row per module so a human (or awk, or cut -c) sees every target's state at a glance. */
export function renderList(state: FarmState, names: string[]): string {
  const pad = (cells: string[]) => cells.map((c, i) => (i < CELL_WIDTHS.length ? c.padEnd(CELL_WIDTHS[i]!) : c)).join('');
  const head = nameCell('name') + pad([...TARGETS]);
  const rows = names.map((name) => nameCell(name) + pad(TARGETS.map((t) => cell(state, name, t))));
  return [head, ...rows].map((r) => `${r}\n`).join('');
}

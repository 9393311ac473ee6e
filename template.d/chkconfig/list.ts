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

/** Why: one row per module so a human (or awk) sees every target's state at a glance. */
export function renderList(state: FarmState, names: string[]): string {
  const width = Math.max(8, ...names.map((n) => n.length)) + 2;
  const pad = (cells: string[]) => cells.map((c) => c.padEnd(13)).join('').trimEnd();
  const head = 'name'.padEnd(width) + pad([...TARGETS]);
  const rows = names.map((name) => name.padEnd(width) + pad(TARGETS.map((t) => cell(state, name, t))));
  return [head, ...rows].map((r) => `${r}\n`).join('');
}

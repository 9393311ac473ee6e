// What changed between two snapshots of a root (test/helpers/roots.ts snapshotTree), and a
// stable text rendering of it for golden files: one block per changed path, with the final
// content, link target or "removed". Binary content is shown as its size and SHA-256.
import { createHash } from 'node:crypto';
import type { TreeEntry } from '../../helpers/roots.js';
import type { PlanStep } from '../../../modules/lib/types.js';

export interface TreeDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

function same(a: TreeEntry, b: TreeEntry): boolean {
  return a.mode === b.mode && a.content === b.content && a.linkTarget === b.linkTarget && a.dir === b.dir;
}

/** Why: "nothing else changed" assertions need the exact set of touched paths. */
export function diffTrees(before: Map<string, TreeEntry>, after: Map<string, TreeEntry>): TreeDiff {
  const added = [...after.keys()].filter((p) => !before.has(p));
  const removed = [...before.keys()].filter((p) => !after.has(p));
  const changed = [...after.keys()].filter((p) => before.has(p) && !same(before.get(p)!, after.get(p)!));
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}

/** Binary files are named by an identical file elsewhere in the tree (a zone copy), so the golden
 * text does not depend on the host's tzdata version. */
function twinOf(entry: TreeEntry, tree: Map<string, TreeEntry>, self: string): string | undefined {
  for (const [path, other] of tree) if (path !== self && other.content === entry.content && path.startsWith('/usr/')) return path;
  return undefined;
}

function describe(entry: TreeEntry, tree: Map<string, TreeEntry>, self: string): string {
  const mode = entry.mode.toString(8).padStart(4, '0');
  if (entry.linkTarget !== undefined) return `symlink -> ${entry.linkTarget}`;
  if (entry.dir) return `directory, mode ${mode}`;
  const content = entry.content ?? '';
  if (content.startsWith('base64:') || content.includes('\0')) {
    const twin = twinOf(entry, tree, self);
    if (twin !== undefined) return `file, mode ${mode}, a copy of ${twin}`;
  }
  if (content.startsWith('base64:')) {
    const data = Buffer.from(content.slice(7), 'base64');
    return `file, mode ${mode}, ${data.length} bytes, sha256 ${createHash('sha256').update(data).digest('hex')}`;
  }
  return `file, mode ${mode}:\n${content}${content.endsWith('\n') || content === '' ? '' : '\n\\ no newline at end\n'}`;
}

/**
 * Why: the golden-file text of one run: the files it changed, then each command step of its plan
 * (with "<root>" for the scratch root) and whether it ran or was skipped as live-only.
 */
export function renderGolden(before: Map<string, TreeEntry>, after: Map<string, TreeEntry>, plan: PlanStep[], root: string): string {
  const commands = plan.flatMap((step) => {
    if (step.action !== 'run') return [];
    const argv = step.argv.map((a) => a.split(root).join('<root>')).join(' ');
    return [`${argv}${step.skipped ? '   [live only: skipped offline]' : ''}`];
  });
  const diff = diffTrees(before, after);
  const blocks: string[] = [];
  for (const path of [...diff.added, ...diff.changed].sort()) blocks.push(`=== ${path} (${diff.added.includes(path) ? 'new' : 'changed'}) ${describe(after.get(path)!, after, path)}`);
  for (const path of diff.removed) blocks.push(`=== ${path} removed`);
  blocks.push(`=== commands\n${commands.map((c) => `${c}\n`).join('')}`);
  return `${blocks.join('\n')}`;
}

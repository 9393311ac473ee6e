// The system module: the template-wide `cleanup` that `ovmd -s cleanup` runs before a template is
// sealed. No keys of Oracle's system module were ever published (shared spec modules.md,
// "system"); this one declares no parameters and no `configure` target. What it removes is the
// data in system/cleanup-list.ts, described in docs/system-cleanup.md.
import type { Change, ModuleContext, ModuleDeclaration, Outcome } from './lib/types.js';
import { CLEANUP_ITEMS, type CleanupItem } from './system/cleanup-list.js';
import { expandPattern } from './system/cleanup-paths.js';
import { homeFileRemoval, sharedDirRemoval } from './system/user-places.js';
import { counted } from '../template.d/render/plural.js';

/** The text from the last line matching `start` to the end; '' when no line matches. */
function linesFrom(text: string, start: RegExp): string {
  const lines = text.split('\n');
  const at = lines.findLastIndex((line) => start.test(line));
  return at < 0 ? '' : lines.slice(at).join('\n');
}

/** The change one matched path needs, or undefined when it is already clean. */
function changeFor(ctx: ModuleContext, item: CleanupItem, path: string): Change | undefined {
  if (item.userPlace === 'home') return homeFileRemoval(ctx, path, item.why);
  if (item.userPlace === 'shared') return sharedDirRemoval(ctx, path, item.why);
  const stat = ctx.files.stat(path);
  if (stat === undefined) return undefined;
  const isFile = !stat.isSymlink && !stat.isDirectory;
  if (item.action === 'empty') {
    const text = isFile ? ctx.files.read(path) : undefined;
    const kept = text === undefined || item.keepFrom === undefined ? '' : linesFrom(text, item.keepFrom);
    if (text === undefined || text === kept) return undefined;
    return { kind: 'write', path, content: kept, why: item.why, ...(item.inPlace ? { inPlace: true } : {}) };
  }
  if (item.filesOnly && !isFile) return undefined;
  return { kind: 'remove', path, why: item.why };
}

/** Why: every path of the cleanup list found under the root, turned into one change each. */
function cleanup(ctx: ModuleContext): Outcome {
  const changes: Change[] = [];
  for (const item of CLEANUP_ITEMS) {
    for (const path of expandPattern(ctx.files, item.pattern, item.except)) {
      const change = changeFor(ctx, item, path);
      if (change !== undefined) changes.push(change);
    }
  }
  const removed = changes.filter((c) => c.kind === 'remove').length;
  ctx.log.info(`cleanup: ${counted(removed, 'path')} to remove, ${counted(changes.length - removed, 'file')} to empty`);
  return { changes };
}

const system: ModuleDeclaration = {
  name: 'system',
  description: 'Prepares a template to be sealed: resets the machine ID and removes network naming rules, shell histories, temporary files and the toolkit\'s logs and stored parameters.',
  // Last of the stock cleanups (network 50), so it also clears what earlier cleanups logged.
  priorities: { cleanup: 90 },
  parameters: { cleanup: [] },
  handlers: { cleanup },
};

export default system;

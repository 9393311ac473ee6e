// Renders a change list as the dry-run plan (docs/module-protocol.md, "Dry run"): one step per
// change, a unified diff per write against the current file (or against the content an
// earlier write in the same list would leave), and no content at all for a secret.
import { createTwoFilesPatch } from 'diff';
import { contentOf } from './change-state.js';
import type { ChangeState } from './change-state.js';
import type { PlanStep } from './types.js';

/** Why: the plan's mode notation, as `ls -l` users read it ("0644"). */
export function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

function isBinary(data: Buffer): boolean {
  return data.includes(0);
}

/** Why: a readable diff for text, a one-line summary for binary content. */
export function renderDiff(path: string, before: Buffer | undefined, after: Buffer): string {
  if ((before && isBinary(before)) || isBinary(after)) {
    return `binary content: ${before?.length ?? 0} -> ${after.length} bytes\n`;
  }
  const old = before?.toString('utf8') ?? '';
  const patch = createTwoFilesPatch(path, path, old, after.toString('utf8'), before ? 'current' : 'absent', 'planned');
  // The library opens with "Index: <path>" and a row of "=" (svn's header): the plan's write
  // line already names the file, so the diff starts at its ---/+++ lines.
  return patch.replace(/^Index: [^\n]*\n=+\n/, '');
}

function why(step: PlanStep, reason: string | undefined): PlanStep {
  return reason ? { ...step, why: reason } : step;
}

/** Why: the plan printed by --dry-run; `live` says whether live-only commands would run. */
export function renderPlan(states: readonly ChangeState[], live: boolean): PlanStep[] {
  const planned = new Map<string, Buffer | null>();
  return states.map((state): PlanStep => {
    const c = state.change;
    const unchanged = state.unchanged ? { unchanged: true as const } : {};
    switch (c.kind) {
      case 'write': {
        const before = planned.has(c.path) ? (planned.get(c.path) ?? undefined) : state.current;
        const after = contentOf(c);
        planned.set(c.path, after);
        const base = { action: 'write' as const, path: c.path, mode: octal(state.mode!), ...unchanged };
        return why(c.secret ? { ...base, secret: true } : { ...base, diff: renderDiff(c.path, before, after) }, c.why);
      }
      case 'remove':
        planned.set(c.path, null);
        return why({ action: 'remove', path: c.path, ...unchanged }, c.why);
      case 'symlink':
        return why({ action: 'symlink', path: c.path, target: c.target, ...unchanged }, c.why);
      case 'mkdir':
        return why({ action: 'mkdir', path: c.path, mode: octal(state.mode!), ...unchanged }, c.why);
      case 'run': {
        const input = c.input === undefined ? {} : { input: c.secretInput ? ('secret' as const) : ('given' as const) };
        const skipped = c.live && !live ? { skipped: 'the root is not the running system' } : {};
        const when = c.live && c.whenActive !== undefined ? { whenActive: c.whenActive } : {};
        const queues = c.live && c.queuesJob ? { queuesJob: true } : {};
        return why({ action: 'run', argv: c.argv, live: c.live === true, ...input, ...when, ...queues, ...skipped }, c.why);
      }
    }
  });
}

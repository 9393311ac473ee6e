// One target's run, in the order the SDK promises: validate every declared key, call the
// handler, check that no secret would leak, inspect every change (a refused path fails here),
// and only then either apply the changes or stop at the plan. Nothing is applied unless the
// whole plan was built without error.
import { applyChanges, describeRun } from './apply.js';
import { inspectChange } from './change-state.js';
import { renderPlan } from './plan.js';
import { secretValues, validateParams } from './validate.js';
import type { Change, CommandRunner, ModuleContext, ModuleDeclaration, Params, PlanStep, Target } from './types.js';

/** What one target's run produces, for stdout. */
export interface TargetResult {
  /** The parameter set to print: the input merged with the handler's `params`. */
  params: Params;
  plan: PlanStep[];
}

/** Why: defence in depth: a secret must reach a command only on stdin, and a file only if marked secret. */
export function checkNoSecretLeak(changes: readonly Change[], secrets: readonly string[]): void {
  for (const c of changes) {
    const leaks = (text: string) => secrets.some((s) => text.includes(s));
    if (c.kind === 'run' && (c.argv.some(leaks) || (c.input !== undefined && !c.secretInput && leaks(c.input)))) {
      throw new Error(`internal error: a secret value would reach "${c.argv[0]}" unprotected; nothing was changed`);
    }
    if (c.kind === 'write' && !c.secret && leaks(c.content.toString())) {
      throw new Error(`internal error: ${c.path} would hold a secret value but is not marked secret; nothing was changed`);
    }
  }
}

/**
 * Why: a tool missing on the guest is found before the first change, not halfway through the
 * list; only commands the run would really execute (not skipped live-only ones) are checked.
 */
export function checkCommandsExist(changes: readonly Change[], live: boolean, exists: (name: string) => boolean): void {
  for (const c of changes) {
    if (c.kind !== 'run' || (c.live && !live) || exists(c.argv[0] ?? '')) continue;
    throw new Error(`${c.argv[0]} is not installed (needed for: ${describeRun(c)}); nothing was changed`);
  }
}

/** Why: shared by the executable (main.ts) and in-process tests (test-context.ts). */
export async function executeTarget(
  decl: ModuleDeclaration,
  target: Target,
  input: Params,
  ctx: ModuleContext,
  runner: CommandRunner,
  commandExists?: (name: string) => boolean,
): Promise<TargetResult> {
  const descriptors = decl.parameters[target] ?? [];
  validateParams(descriptors, input, decl.multiline);
  const handler = decl.handlers[target];
  if (!handler) throw new Error(`${decl.name} declares ${target} but has no handler for it`);
  const outcome = await handler(ctx, input);
  checkNoSecretLeak(outcome.changes, secretValues(descriptors, input));
  const states = outcome.changes.map((change) => inspectChange(ctx.root, change));
  const plan = renderPlan(states, ctx.live);
  if (commandExists) checkCommandsExist(outcome.changes, ctx.live, commandExists);
  if (!ctx.dryRun) await applyChanges(outcome.changes, { root: ctx.root, live: ctx.live, runner, log: ctx.log });
  return { params: { ...input, ...(outcome.params ?? {}) }, plan };
}

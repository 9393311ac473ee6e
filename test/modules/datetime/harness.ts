// Runs one module target in-process over a scratch root through the SDK's guarded test context
// (modules/lib/test-context.ts: validate -> handler -> plan -> apply, every command recorded and
// denied unless allowed). Only `systemctl --root=<scratch root>` may run, for real.
import { runTestTarget, type AllowRule } from '../../../modules/lib/test-context.js';
import type { FamilyId, ModuleDeclaration, Params, PlanStep, Target } from '../../../modules/lib/types.js';

export interface HarnessRun {
  plan: PlanStep[];
  params: Params;
  /** Every command the run asked for, in order, with the root replaced by "<root>". */
  commands: string[];
  log: string[];
}

export interface HarnessOptions {
  family: FamilyId;
  dryRun?: boolean;
  /** Pretend the root is the running system (use with dryRun: live commands are only planned). */
  live?: boolean;
}

/** Why: offline enablement is systemctl's own job (systemctl(1) --root); it is safe on a scratch root. */
export function allowSystemctlUnder(root: string): AllowRule[] {
  return [{ argv: ['systemctl', `--root=${root}`], real: true }];
}

/** Why: one way for datetime and system tests to drive a module exactly as its executable would. */
export async function runTarget(
  decl: ModuleDeclaration,
  target: Target,
  root: string,
  params: Params,
  options: HarnessOptions,
): Promise<HarnessRun> {
  const run = await runTestTarget(decl, target, params, {
    root,
    family: options.family,
    dryRun: options.dryRun ?? false,
    live: options.live ?? false,
    allow: allowSystemctlUnder(root),
  });
  const commands = run.commands.map((c) => c.argv.map((a) => a.split(root).join('<root>')).join(' '));
  return { plan: run.result.plan, params: run.result.params, commands, log: run.logs };
}

/** Why: the paths a plan says it would touch (files only, not commands). */
export function plannedPaths(plan: PlanStep[]): string[] {
  return plan.flatMap((step) => ('path' in step && !step.unchanged ? [step.path] : [])).sort();
}

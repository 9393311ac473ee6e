// Runs one module target in-process over a scratch root, through the SDK's own pipeline
// (validate -> handler -> plan -> apply). Commands are recorded; only the ones a test allows run
// for real (e.g. `systemctl --root=...`), every other one is denied like an unknown subprocess.
import { createContext } from '../../../modules/lib/context.js';
import { executeTarget } from '../../../modules/lib/pipeline.js';
import { runCommand } from '../../../modules/lib/process-runner.js';
import type { CommandRunner, FamilyId, ModuleDeclaration, Params, PlanStep, Target } from '../../../modules/lib/types.js';

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
  /** Commands (argv[0]) that really run; the rest fail as "denied". */
  allow?: string[];
}

/** Why: one way for datetime and system tests to drive a module exactly as its executable would. */
export async function runTarget(
  decl: ModuleDeclaration,
  target: Target,
  root: string,
  params: Params,
  options: HarnessOptions,
): Promise<HarnessRun> {
  const commands: string[] = [];
  const log: string[] = [];
  const runner: CommandRunner = async (argv, runOptions) => {
    commands.push(argv.map((a) => a.split(root).join('<root>')).join(' '));
    if (!(options.allow ?? []).includes(argv[0]!)) return { exitCode: 126, stdout: '', stderr: `denied by the test: ${argv[0]}\n` };
    return runCommand(argv, runOptions);
  };
  const ctx = createContext({
    env: { OVM_TEMPLATE_ROOT: root },
    target,
    dryRun: options.dryRun ?? false,
    runner,
    log: { info: (m) => log.push(`info: ${m}`), warn: (m) => log.push(`warning: ${m}`) },
    family: options.family,
    live: false,
  });
  const result = await executeTarget(decl, target, params, ctx, runner);
  return { ...result, commands, log };
}

/** Why: the paths a plan says it would touch (files only, not commands). */
export function plannedPaths(plan: PlanStep[]): string[] {
  return plan.flatMap((step) => ('path' in step && !step.unchanged ? [step.path] : [])).sort();
}

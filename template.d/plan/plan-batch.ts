// The plan phase of a run (house style 17, Terraform's plan before apply): every enabled module
// that can plan (header `# dry-run: yes`) plans against the batch, in run order, each one
// seeing the set the modules before it would return. Nothing is changed here. A module that
// cannot plan is listed as "no plan" and runs, in its turn, only once every plan came back
// clean; one whose enumeration failed is left to the apply phase, which reports it.
import type { Params } from '../params/descriptor.js';
import type { Refusal } from '../params/refusal.js';
import type { SecretMasker } from '../params/secrets.js';
import { supportsDryRun } from '../runner/dry-run-support.js';
import { DEFAULT_TIMEOUT_SEC, type EnabledModule, type EnumerationEntry, type ModuleReport, type ProgressEvent, type RunOptions } from '../runner/types.js';
import { planModule } from './plan-module.js';

/** The run to plan, and how (which modules to leave out, whether to show progress). */
export interface BatchPlanRequest {
  options: RunOptions;
  modules: EnabledModule[];
  enumeration: EnumerationEntry[];
  masker: SecretMasker;
  /** Modules not to plan, with the reason they are reported `not run` (a dry run without the trigger). */
  skip?: Map<string, string>;
  /** Progress events as in a run (a dry run shows them; the plan before a real run does not). */
  onProgress?: (event: ProgressEvent) => void;
}

/** Every module's plan report, every reason to refuse, and the set the plans end with. */
export interface BatchPlan {
  reports: ModuleReport[];
  refusals: Refusal[];
  /** The set after every plan, as the real run would leave it (secrets included). */
  params: Params;
}

function entryOf(enumeration: EnumerationEntry[], module: EnabledModule): EnumerationEntry | undefined {
  return enumeration.find((e) => e.name === module.name && e.priority === module.priority);
}

function quiet(module: EnabledModule, status: ModuleReport['status'], error?: string): ModuleReport {
  return { name: module.name, priority: module.priority, status, exitCode: null, durationMs: 0, ...(error ? { error } : {}) };
}

/** Why: the batch is checked by every module that can check it before any module changes anything. */
export async function planBatch(request: BatchPlanRequest): Promise<BatchPlan> {
  const { options, modules, masker } = request;
  const reports: ModuleReport[] = [];
  const refusals: Refusal[] = [];
  let params = { ...options.params };
  for (const [index, module] of modules.entries()) {
    const total = modules.length;
    const entry = entryOf(request.enumeration, module);
    const skipped = request.skip?.get(module.name);
    let report: ModuleReport;
    const problem = module.problem ?? entry?.error ?? (entry ? undefined : 'was not enumerated');
    if (!entry || problem) report = quiet(module, 'failed', masker.mask(`not run: ${problem}`));
    else if (options.signal?.aborted) report = quiet(module, 'not run', 'the run was stopped before it');
    else if (skipped !== undefined) report = quiet(module, 'not run', skipped);
    else if (!supportsDryRun(module.file)) report = quiet(module, 'no plan');
    else {
      request.onProgress?.({ type: 'start', name: module.name, priority: module.priority, index, total });
      const timeoutSec = options.timeoutSec ?? DEFAULT_TIMEOUT_SEC;
      const planned = await planModule({ module, descriptors: entry.descriptors, target: options.target, root: options.root, params, masker, timeoutSec, signal: options.signal });
      report = planned.report;
      params = planned.params;
      if (planned.refusal) refusals.push(planned.refusal);
    }
    reports.push(report);
    request.onProgress?.({ type: 'finish', report, index, total });
  }
  return { reports, refusals, params };
}

// The plan phase of a run (house style 17, Terraform's plan before apply): every enabled module
// that can plan (header `# dry-run: yes`) plans against the batch, in run order, each one
// seeing the set the modules before it would return. Nothing is changed here. A module that
// cannot plan is listed as "no plan" and runs, in its turn, only once every plan came back
// clean; one whose enumeration failed is reported here and refuses the batch (check-batch.ts).
import type { Params } from '../params/descriptor.js';
import type { Refusal } from '../params/refusal.js';
import type { SecretMasker } from '../params/secrets.js';
import { supportsDryRun } from '../runner/dry-run-support.js';
import { DEFAULT_TIMEOUT_SEC, type EnabledModule, type EnumerationEntry, type ModuleReport, type ProgressEvent, type RunOptions } from '../runner/types.js';
import { loadInProcess } from './in-process-loader.js';
import { planModule, type ModulePlan } from './plan-module.js';

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

/** Why a module cannot take part (untrusted, missing, its --enumerate failed), or undefined when it can. */
export function unusableBecause(enumeration: EnumerationEntry[], module: EnabledModule): string | undefined {
  const entry = entryOf(enumeration, module);
  return module.problem ?? entry?.error ?? (entry ? undefined : 'was not enumerated');
}

function quiet(module: EnabledModule, status: ModuleReport['status'], error?: string): ModuleReport {
  return { name: module.name, priority: module.priority, status, exitCode: null, durationMs: 0, ...(error ? { error } : {}) };
}

/** A module's quiet report (it is not planned), or its enumeration entry when it gets a plan. */
function decide(request: BatchPlanRequest, module: EnabledModule): { report: ModuleReport } | { entry: EnumerationEntry } {
  const entry = entryOf(request.enumeration, module);
  const problem = unusableBecause(request.enumeration, module);
  const skipped = request.skip?.get(module.name);
  if (!entry || problem) return { report: quiet(module, 'failed', request.masker.mask(`not run: ${problem}`)) };
  if (request.options.signal?.aborted) return { report: quiet(module, 'not run', 'the run was stopped before it') };
  if (skipped !== undefined) return { report: quiet(module, 'not run', skipped) };
  if (!supportsDryRun(module.file)) return { report: quiet(module, 'no plan') };
  return { entry };
}

/**
 * Plans run one after another, each on the set the ones before it return. Built-in modules plan
 * in this process and mostly wait on tools (openssl, ssh-keygen), so the consecutive ones after
 * a module are started at once on the same set; a plan started on a set that then changed is
 * made again, so the result is the same as one after another.
 */
function planner(request: BatchPlanRequest) {
  const { options, masker } = request;
  const early = new Map<number, { params: Params; plan: Promise<ModulePlan> }>();
  const start = (index: number, entry: EnumerationEntry, params: Params) => {
    const module = request.modules[index]!;
    const timeoutSec = options.timeoutSec ?? DEFAULT_TIMEOUT_SEC;
    return planModule({ module, descriptors: entry.descriptors, target: options.target, root: options.root, params, masker, timeoutSec, signal: options.signal });
  };
  return (index: number, entry: EnumerationEntry, params: Params): Promise<ModulePlan> => {
    for (let next = index + 1; next < request.modules.length && !early.has(next); next++) {
      const module = request.modules[next]!;
      const decided = decide(request, module);
      if (!('entry' in decided) || !loadInProcess(options.root, module.file)) break;
      early.set(next, { params, plan: start(next, decided.entry, params) });
    }
    const ahead = early.get(index);
    return ahead && ahead.params === params ? ahead.plan : start(index, entry, params);
  };
}

/** Why: the batch is checked by every module that can check it before any module changes anything. */
export async function planBatch(request: BatchPlanRequest): Promise<BatchPlan> {
  const reports: ModuleReport[] = [];
  const refusals: Refusal[] = [];
  const plan = planner(request);
  let params = { ...request.options.params };
  for (const [index, module] of request.modules.entries()) {
    const total = request.modules.length;
    const decided = decide(request, module);
    let report: ModuleReport;
    if ('report' in decided) report = decided.report;
    else {
      request.onProgress?.({ type: 'start', name: module.name, priority: module.priority, index, total });
      const planned = await plan(index, decided.entry, params);
      report = planned.report;
      // An unchanged set stays the same object, so the plans started early on it still count.
      if (!sameSet(planned.params, params)) params = planned.params;
      if (planned.refusal) refusals.push(planned.refusal);
    }
    reports.push(report);
    request.onProgress?.({ type: 'finish', report, index, total });
  }
  return { reports, refusals, params };
}

function sameSet(a: Params, b: Params): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k, i) => Object.keys(b)[i] === k && a[k] === b[k]);
}

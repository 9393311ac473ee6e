// Plans one module against the batch: in this process when it is a built-in bundle
// (in-process-loader.ts), else as `<module> <target> --dry-run` through the runner's ordinary
// executeModule. Either way the module gets exactly the input a real run would give it (its
// own secrets only), and a failed plan becomes a Refusal.
import { performance } from 'node:perf_hooks';
import type { Descriptor, Params, Target } from '../params/descriptor.js';
import type { Refusal } from '../params/refusal.js';
import { checkDryRun, type PlanStep } from '../params/schemas.js';
import type { SecretMasker } from '../params/secrets.js';
import { executeModule } from '../runner/execute.js';
import { RunLog } from '../runner/log-file.js';
import { moduleEnv } from '../runner/module-env.js';
import { inputFor, mergeOutput } from '../runner/module-input.js';
import type { EnabledModule, ModuleReport } from '../runner/types.js';
import { loadInProcess } from './in-process-loader.js';
import type { InProcessModule, PlanAnswer } from './module-api.js';
import { refusalFromError } from './module-refusal.js';

/** One module to plan, with the set so far and the run's masker. */
export interface PlanRequest {
  module: EnabledModule;
  descriptors: readonly Descriptor[];
  target: Target;
  root: string;
  params: Params;
  masker: SecretMasker;
  timeoutSec: number;
  signal?: AbortSignal;
}

/** A module's plan: its report (`planned`, or `failed` with the refusal), and the set after it. */
export interface ModulePlan {
  report: ModuleReport;
  params: Params;
  refusal?: Refusal;
}

function maskStep(step: PlanStep, masker: SecretMasker): PlanStep {
  const out: PlanStep = { ...step };
  if (out.diff !== undefined) out.diff = masker.mask(out.diff);
  if (out.argv !== undefined) out.argv = out.argv.map((a) => masker.mask(a));
  return out;
}

/** The module's time limit holds for an in-process plan too (a query command that hangs, say). */
function withinTime(plan: Promise<PlanAnswer>, timeoutSec: number): Promise<PlanAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PlanAnswer>((resolve) => {
    const reason = `its plan took longer than the ${timeoutSec} s time limit (raise it with --timeout)`;
    timer = setTimeout(() => resolve({ ok: false, refused: false, key: null, reason, messages: [] }), timeoutSec * 1000);
  });
  return Promise.race([plan, late]).finally(() => clearTimeout(timer));
}

async function planHere(api: InProcessModule, request: PlanRequest): Promise<ModulePlan> {
  const { module, masker } = request;
  const input = inputFor(request.params, masker, request.descriptors);
  const started = performance.now();
  const answer = await withinTime(api.plan(request.target, input.given, moduleEnv(request.root)), request.timeoutSec);
  const base = { name: module.name, priority: module.priority, durationMs: Math.round(performance.now() - started) };
  const messages = answer.messages.map((m) => masker.mask(m));
  if (!answer.ok) {
    const reason = masker.mask(answer.reason);
    const error = answer.refused && answer.key ? `exited with status 2: ${answer.key}: ${reason}` : `exited with status 1: ${reason}`;
    const report: ModuleReport = { ...base, status: 'failed', exitCode: answer.refused ? 2 : 1, error, messages };
    return { report, params: request.params, refusal: { key: answer.refused ? answer.key : null, module: module.name, reason } };
  }
  const checked = checkDryRun({ parameters: answer.params, plan: answer.plan });
  if (!checked.ok) {
    const error = `printed an invalid dry-run plan (${checked.error})`;
    return { report: { ...base, status: 'failed', exitCode: 0, error, messages }, params: request.params, refusal: { key: null, module: module.name, reason: error } };
  }
  masker.remember(checked.value.parameters);
  const plan = checked.value.plan.map((s) => maskStep(s, masker));
  const report: ModuleReport = { ...base, status: 'planned', exitCode: 0, plan, messages };
  return { report, params: mergeOutput(request.params, checked.value.parameters, input) };
}

async function planByProcess(request: PlanRequest): Promise<ModulePlan> {
  const { module, masker } = request;
  const outcome = await executeModule({ ...request, dryRun: true, log: RunLog.none(masker) });
  if (outcome.params) return { report: outcome.report, params: outcome.params };
  const refusal = refusalFromError(module.name, outcome.report.error ?? outcome.report.status);
  return { report: outcome.report, params: request.params, refusal };
}

/** Why: the one way a module is asked for its plan, whether it runs in a process or here. */
export function planModule(request: PlanRequest): Promise<ModulePlan> {
  const api = loadInProcess(request.root, request.module.file);
  return api ? planHere(api, request) : planByProcess(request);
}

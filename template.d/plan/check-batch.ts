// The check before a run changes anything: every enabled module must be usable (trusted, and
// able to say which keys it takes), the runner's own validation of the whole set against every
// descriptor, then the plan of every module that can plan (plan-batch.ts). Any reason from any
// of them refuses the whole batch: the report says `invalid` and lists them all,
// and no module is applied. A dry run ends here too, with the plans. runTarget calls this once,
// between enumeration and the apply phase.
import { performance } from 'node:perf_hooks';
import { maskRefusal, type Refusal } from '../params/refusal.js';
import type { SecretMasker } from '../params/secrets.js';
import { findRefusals, NOT_SET } from '../params/validate-set.js';
import { stoppedBy } from '../runner/interruption.js';
import type { EnabledModule, EnumerationEntry, ModuleReport, RunOptions, RunReport } from '../runner/types.js';
import { planBatch, unusableBecause } from './plan-batch.js';
import { logRefusal } from './refused-log.js';

/** What runTarget hands over: the run, its modules and enumeration, its masker and report so far. */
export interface CheckRequest {
  options: RunOptions & { dryRun: boolean };
  modules: EnabledModule[];
  enumeration: EnumerationEntry[];
  masker: SecretMasker;
  /** The report fields runTarget already knows. */
  base: Pick<RunReport, 'target' | 'root' | 'dryRun' | 'secretKeys' | 'warnings'>;
  /** performance.now() when the run started. */
  started: number;
}

/**
 * A dry run may lack the trigger (the root password is wiped after a run): the module that
 * requires a missing key is reported as one that would not run, instead of refusing the batch.
 */
function splitMissing(refusals: Refusal[], dryRun: boolean): { refusals: Refusal[]; skip: Map<string, string> } {
  const skip = new Map<string, string>();
  if (!dryRun) return { refusals, skip };
  const kept = refusals.filter((r) => {
    if (r.reason !== NOT_SET || !r.key) return true;
    const earlier = skip.get(r.module);
    skip.set(r.module, `${earlier ? `${earlier}; ` : 'would not run: '}${r.key} is required but not set`);
    return false;
  });
  return { refusals: kept, skip };
}

/**
 * Every enabled module that cannot take part: untrusted, missing, or its --enumerate failed. Its
 * keys cannot be checked, so applying the others would leave the batch half done: each one is a
 * reason to refuse the whole batch, a dry run included (it says what the real run would do).
 */
function unusableModules(modules: EnabledModule[], enumeration: EnumerationEntry[], masker: SecretMasker): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of modules) {
    const problem = unusableBecause(enumeration, m);
    if (problem) found.set(m.name, masker.mask(problem));
  }
  return found;
}

/** The modules of a refused real run: none ran; an unusable module says why, a module that refused says why. */
function refusedReports(modules: EnabledModule[], refusals: Refusal[], unusable: Map<string, string>): ModuleReport[] {
  return modules.map((m) => {
    const problem = unusable.get(m.name);
    if (problem) return { name: m.name, priority: m.priority, status: 'failed', exitCode: null, durationMs: 0, error: `not run: ${problem}` };
    const own = refusals.find((r) => r.module === m.name);
    const error = own ? `refused: ${own.key ? `${own.key}: ` : ''}${own.reason}` : undefined;
    return { name: m.name, priority: m.priority, status: 'not run', exitCode: null, durationMs: 0, ...(error ? { error } : {}) };
  });
}

/** Why: nothing is applied unless the whole batch passed every check; returns the final report when the run ends here. */
export async function checkBatch(request: CheckRequest): Promise<RunReport | undefined> {
  const { options, modules, masker, base } = request;
  const trusted = request.enumeration.filter((e) => !e.error);
  const found = findRefusals(trusted, options.params).map((r) => maskRefusal(r, (t) => masker.mask(t)));
  const { refusals: invalid, skip } = splitMissing(found, options.dryRun);
  // A module already refused by the descriptor checks would only repeat its first one.
  if (!options.dryRun) for (const r of invalid) skip.set(r.module, 'refused by the checks before it');
  const onProgress = options.dryRun ? options.onProgress : undefined;
  const plan = options.dryRun || options.planFirst !== false;
  const planned = plan ? await planBatch({ options, modules, enumeration: request.enumeration, masker, skip, onProgress }) : { reports: [], refusals: [], params: options.params };
  const durationMs = () => Math.round(performance.now() - request.started);
  const done = { params: options.params, changedKeys: [] as string[] };
  // Stopped while planning: nothing was changed, and a stopped plan is no reason to refuse. A
  // real run goes on to the apply phase, which starts no module and logs the interruption.
  if (options.signal?.aborted) {
    if (!options.dryRun) return undefined;
    const by = stoppedBy(options.signal);
    return { ...base, ...done, status: 'interrupted', ...(by ? { interruptedBy: by } : {}), durationMs: durationMs(), errors: [], modules: planned.reports };
  }
  const unusable = unusableModules(modules, request.enumeration, masker);
  const cannotTakePart = [...unusable].map(([module, problem]): Refusal => ({ key: null, module, reason: `cannot take part: ${problem}` }));
  const refusals = [...cannotTakePart, ...invalid, ...planned.refusals.map((r) => maskRefusal(r, (t) => masker.mask(t)))];
  if (refusals.length) {
    const warnings = [...base.warnings];
    if (!options.dryRun) {
      const problem = logRefusal(options.root, options.target, modules, refusals, masker);
      if (problem) warnings.push(problem);
    }
    const reports = options.dryRun ? planned.reports : refusedReports(modules, refusals, unusable);
    return { ...base, warnings, ...done, status: 'invalid', durationMs: durationMs(), errors: refusals, modules: reports };
  }
  if (!options.dryRun) return undefined;
  const changedKeys = Object.keys(planned.params).filter((k) => options.params[k] !== planned.params[k]).sort();
  const status = planned.reports.some((r) => r.status === 'failed' || r.status === 'timeout') ? 'failed' : 'ok';
  return { ...base, status, durationMs: durationMs(), errors: [], modules: planned.reports, params: planned.params, changedKeys };
}

// The run pipeline (house style: a run never lets one module sink the rest):
// discover -> enumerate -> validate the whole set -> execute in order -> report.
// Used by the ovm-template-config CLI and, as a library, by the ovmd daemon.
import { performance } from 'node:perf_hooks';
import type { Params } from '../params/descriptor.js';
import { SecretMasker } from '../params/secrets.js';
import { secretKeysOf } from '../params/validate-set.js';
import { checkBatch } from '../plan/check-batch.js';
import { installedSecretKeys } from '../plan/installed-descriptors.js';
import { discoverModules } from './discover.js';
import { askedAgainNote, enumerateModules } from './enumerate.js';
import { executeModule } from './execute.js';
import { RunLog } from './log-file.js';
import { supportsDryRun } from './dry-run-support.js';
import { interruptedLine, stoppedBy, wasInterrupted } from './interruption.js';
import { takeRunLock } from './run-lock.js';
import {
  DEFAULT_TIMEOUT_SEC,
  type EnabledModule,
  type EnumerationEntry,
  type ModuleReport,
  type RunOptions,
  type RunReport,
} from './types.js';

function changedKeys(before: Params, after: Params): string[] {
  return Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .sort();
}

function notRun(module: EnabledModule, error?: string): ModuleReport {
  return { name: module.name, priority: module.priority, status: 'not run', exitCode: null, durationMs: 0, ...(error ? { error } : {}) };
}

function overallStatus(reports: ModuleReport[]): RunReport['status'] {
  return reports.every((r) => ['ok', 'planned', 'no plan'].includes(r.status)) ? 'ok' : 'failed';
}

/** Runs the modules in order, each one's returned set feeding the next. */
async function executeAll(options: RunOptions, modules: EnabledModule[], enumeration: EnumerationEntry[], masker: SecretMasker, log: RunLog) {
  const reports: ModuleReport[] = [];
  let params = { ...options.params };
  for (const [index, module] of modules.entries()) {
    const total = modules.length;
    const onStart = () => options.onProgress?.({ type: 'start', name: module.name, priority: module.priority, index, total });
    const entry = enumeration.find((e) => e.name === module.name && e.priority === module.priority) ?? {
      ...module,
      descriptors: [],
      error: 'was not enumerated',
    };
    const report = await executeOneOrSkip(options, module, entry, params, masker, log, onStart);
    if (report.params) params = report.params;
    reports.push(report.report);
    log.write(`${options.target} ${module.entry}`, summaryLine(report.report));
    options.onProgress?.({ type: 'finish', report: report.report, index, total });
  }
  return { reports, params };
}

/** `onStart` fires only when the module is really started: a skipped one gets just its finish. */
async function executeOneOrSkip(options: RunOptions, module: EnabledModule, entry: EnumerationEntry, params: Params, masker: SecretMasker, log: RunLog, onStart: () => void) {
  const base = { name: module.name, priority: module.priority, exitCode: null, durationMs: 0 };
  // The module's own check counts too: the enumeration may be the caller's, made earlier.
  const problem = module.problem ?? entry.error;
  if (problem) {
    return { report: { ...base, status: 'failed' as const, error: masker.mask(`not run: ${problem}`) } };
  }
  if (options.dryRun && !supportsDryRun(module.file)) {
    return { report: { ...base, status: 'no plan' as const } };
  }
  if (options.signal?.aborted) return { report: notRun(module, 'the run was stopped before it') };
  onStart();
  return executeModule({
    module,
    target: options.target,
    root: options.root,
    params,
    descriptors: entry.descriptors,
    dryRun: options.dryRun ?? false,
    timeoutSec: options.timeoutSec ?? DEFAULT_TIMEOUT_SEC,
    masker,
    log,
    signal: options.signal,
  });
}

function summaryLine(report: ModuleReport): string {
  return `${report.status} in ${report.durationMs} ms${report.error ? `: ${report.error}` : ''}`;
}

type ReportBase = Pick<RunReport, 'target' | 'root' | 'dryRun' | 'secretKeys' | 'warnings'>;

/** A real run stopped while it waited for the lock: nothing ran, and the log is not ours to write. */
function stoppedWaiting(options: RunOptions, modules: EnabledModule[], base: ReportBase, started: number): RunReport {
  const durationMs = Math.round(performance.now() - started);
  const reports = modules.map((m) => notRun(m, 'the run was stopped before it'));
  const by = stoppedBy(options.signal);
  return { ...base, status: 'interrupted', ...(by ? { interruptedBy: by } : {}), durationMs, errors: [], modules: reports, params: options.params, changedKeys: [] };
}

/** Why: the one entry point that runs a target; it validates everything before the first module. */
export async function runTarget(options: RunOptions): Promise<RunReport> {
  const started = performance.now();
  const dryRun = options.dryRun ?? false;
  const modules = discoverModules(options.root, options.target, options.scripts);
  // Enumerating loads the built-in bundles into this process (enumerate.ts); their plans use them.
  const enumeration = options.enumeration ?? (await enumerateModules(modules, options.target, options.root, options.timeoutSec ?? DEFAULT_TIMEOUT_SEC, options.signal));
  const trusted = enumeration.filter((e) => !e.error);
  const others = await installedSecretKeys(options.root, modules.map((m) => m.name), options.signal); // the one secret rule
  const secretKeys = [...new Set([...secretKeysOf(trusted), ...others, ...(options.extraSecretKeys ?? [])])].sort();
  const masker = new SecretMasker(secretKeys);
  masker.remember(options.params);
  const retried = enumeration.filter((e) => e.askedAgain).map(askedAgainNote);
  const base: ReportBase = { target: options.target, root: options.root, dryRun, secretKeys, warnings: retried };
  // One real run at a time per root (run-lock.ts), held from the plan to the last module, so
  // no other run changes the system between them. A dry run changes nothing and takes none.
  const lock = dryRun ? undefined : await takeRunLock({ root: options.root, waitSec: options.lockWaitSec ?? 0, signal: options.signal });
  if (!dryRun && !lock) return stoppedWaiting(options, modules, base, started);
  try {
    // Validation and every module's plan before any change; a refusal or a dry run ends here.
    const checked = await checkBatch({ options: { ...options, dryRun }, modules, enumeration, masker, base, started });
    if (checked) return checked;
    return await applyAll(options, modules, enumeration, masker, base, started);
  } finally {
    lock?.release();
  }
}

/** The apply phase: every module in order, with the run log's opening and closing lines. */
async function applyAll(options: RunOptions, modules: EnabledModule[], enumeration: EnumerationEntry[], masker: SecretMasker, base: ReportBase, started: number): Promise<RunReport> {
  const opened = RunLog.open(options.root, masker);
  if (opened.problem) base.warnings.push(opened.problem);
  const { log } = opened;
  log.write(options.target, `run started: ${modules.map((m) => m.entry).join(' ') || 'no modules enabled'}`);
  const { reports, params } = await executeAll({ ...options, dryRun: false }, modules, enumeration, masker, log);
  const durationMs = Math.round(performance.now() - started);
  const interrupted = wasInterrupted(options.signal, reports);
  const by = stoppedBy(options.signal);
  const status = interrupted ? 'interrupted' : overallStatus(reports);
  log.write(options.target, interrupted ? interruptedLine(reports, by, durationMs) : `run finished: ${status} in ${durationMs} ms`);
  log.close();
  const extra = interrupted && by ? { interruptedBy: by } : {};
  return { ...base, status, ...extra, durationMs, errors: [], modules: reports, params, changedKeys: changedKeys(options.params, params) };
}

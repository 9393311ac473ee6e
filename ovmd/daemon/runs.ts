// Runs a template-config target for the daemon and carries out what follows a run, each step
// recorded before the next so that a kill -9 anywhere resumes without repeating a finished run:
// record "running" → run → record the result → wipe secrets (configure only) → disarm first
// boot → report to the host.
import type { Params } from '../../template.d/params/descriptor.js';
import { describeRefusal } from '../../template.d/params/refusal.js';
import { isSecretKey, type KeyCatalog } from './catalog.js';
import type { Engine } from './engine.js';
import type { Log } from './log.js';
import type { ParamStore } from './param-store.js';
import type { OvmdPaths } from './paths.js';
import { RUN_RESULT_KEY } from './report-keys.js';
import type { Reporter } from './reporter.js';
import type { DaemonState, RunRecord } from './run-record.js';
import { crashedSummary, returnedParams, runningSummary, summarise, type RunSummary } from './run-summary.js';
import { markSealed, mirrorCleanup } from './seal.js';
import { disarmFirstBoot, firstBootArmed } from './settings.js';
import { counted } from '../../template.d/render/plural.js';

/** The daemon parts a run touches, injected. */
export interface RunDeps {
  paths: OvmdPaths;
  store: ParamStore;
  state: DaemonState;
  engine: Engine;
  reporter: Reporter;
  log: Log;
  catalog: () => KeyCatalog | undefined;
  step: (name: string) => void;
  /** Extra lines for the console (first boot); optional. */
  console?: (line: string) => void;
}

type DoneRecord = Extract<RunRecord, { phase: 'done' }>;

/** Runs targets with crash-safe follow-ups (wipe, disarm, report), recording each step. */
export class RunController {
  constructor(private readonly deps: RunDeps) {}

  /** Runs `target` with the stored parameters, then finishes the follow-ups. */
  async run(target: string, onStarted?: () => void): Promise<RunSummary> {
    const { state, store, engine, log, step, reporter } = this.deps;
    const startedAt = new Date().toISOString();
    const firstBoot = target === 'configure' && firstBootArmed(this.deps.paths);
    store.checkpoint(); // a run starts from the store files, with everything received applied
    if (target === 'cleanup') markSealed(this.deps.paths); // nothing of this run may land in the template
    state.saveRunRecord({ phase: 'running', target, startedAt, firstBoot });
    state.clearNewParams();
    onStarted?.();
    step('run-started');
    const params = store.all();
    const secrets = this.secretValues(params);
    log.info(`running target ${target} (${Object.keys(params).length} parameters)`);
    await reporter.send(RUN_RESULT_KEY, JSON.stringify(runningSummary(target, startedAt)), true);
    let summary: RunSummary;
    let returned: Record<string, string> = {};
    try {
      // During first boot each module's start and end also go to the console, so whoever
      // watches the boot sees what is being configured (the log alone shows nothing at level 2).
      const progress = firstBoot && this.deps.console ? this.deps.console : undefined;
      const report = await engine.run(target, params, (line) => (log.info(line.trim()), progress?.(line)));
      summary = summarise(report, startedAt, secrets);
      returned = returnedParams(report, (k) => isSecretKey(this.deps.catalog(), k));
      returned = dropLeaks(returned, secrets);
      for (const [k, v] of Object.entries(returned)) if (store.get(k) !== v) store.set(k, v);
    } catch (error) {
      summary = crashedSummary(target, startedAt, error, secrets);
    }
    if (target === 'cleanup') mirrorCleanup(this.deps.paths);
    log.info(`target ${target}: ${summary.state}${summary.error ? ` (${summary.error})` : ''}`);
    const done: DoneRecord = { phase: 'done', target, summary, firstBoot, wiped: false, disarmed: false, reported: false };
    state.saveRunRecord(done);
    step('run-finished');
    await this.finish(done, returned);
    return summary;
  }

  /**
   * Completes the follow-ups of a run interrupted by a crash; returns the interrupted target
   * when the run itself never finished (the caller runs it again).
   */
  async recover(): Promise<string | undefined> {
    const record = this.deps.state.runRecord();
    if (!record) return undefined;
    if (record.phase === 'running') {
      this.deps.log.warn(`the last ${record.target} run was interrupted; it will run again`);
      return record.target;
    }
    if (!record.wiped || !record.disarmed || !record.reported) await this.finish(record, {});
    return undefined;
  }

  private async finish(record: DoneRecord, returned: Record<string, string>): Promise<void> {
    const { state, store, log, step, reporter } = this.deps;
    const success = record.summary.state === 'configured';
    if (!record.wiped) {
      if (success) log.info(`wiped ${counted(store.wipeSecrets(), 'secret parameter')} after a successful run`);
      record.wiped = true;
      state.saveRunRecord(record);
      step('secrets-wiped');
    }
    if (!record.disarmed) {
      this.firstBootFollowUp(record, success);
      record.disarmed = true;
      state.saveRunRecord(record);
      step('disarmed');
    }
    if (!record.reported) {
      for (const [k, v] of Object.entries(returned)) await reporter.send(k, v);
      record.reported = await reporter.send(RUN_RESULT_KEY, JSON.stringify(record.summary), true);
      if (record.reported) state.saveRunRecord(record);
      step('reported');
    }
  }

  private firstBootFollowUp(record: DoneRecord, success: boolean): void {
    if (!record.firstBoot) return;
    if (success) {
      disarmFirstBoot(this.deps.paths);
      this.deps.log.info('first-boot configuration done; INITIAL_CONFIG set to no');
      this.deps.console?.('ovmd: first-boot configuration complete');
    } else {
      const why = record.summary.error ?? 'a module failed';
      const what = record.summary.state === 'invalid' ? 'was REFUSED' : 'FAILED';
      this.deps.log.warn(`first-boot configuration ${what.toLowerCase()} (${why}); it stays armed`);
      this.deps.console?.(`ovmd: first-boot configuration ${what}: ${why}; it stays armed and will run again`);
      for (const e of record.summary.errors ?? []) this.deps.console?.(`ovmd:   ${describeRefusal(e)}`);
    }
  }

  private secretValues(params: Params): string[] {
    const catalog = this.deps.catalog();
    return Object.entries(params)
      .filter(([k]) => isSecretKey(catalog, k))
      .map(([, v]) => v)
      .filter((v) => v.length > 0);
  }
}

/** Drops returned values that contain a secret value, whatever key a module put it under. */
function dropLeaks(params: Record<string, string>, secrets: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => !secrets.some((s) => v.includes(s))));
}

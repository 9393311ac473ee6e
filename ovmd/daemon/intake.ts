// What happens to each message and event the daemon receives: parameters go to the store (and
// mark "new parameters"), VMAPIEvent values go to the durable event queue; after each drain the
// queued events run and the trigger is checked. Runs are strictly one at a time.
import { EventEmitter } from 'node:events';
import { isTarget, TARGETS } from '../../template.d/params/descriptor.js';
import { EVENT_KEY } from '../vmapi/layout.js';
import { keyNameProblem } from '../../template.d/params/key-name.js';
import { preview, type Message } from '../vmapi/message.js';
import { isSecretKey, missingRequired, triggerReady, type KeyCatalog } from './catalog.js';
import type { EventQueue } from './event-queue.js';
import type { Log } from './log.js';
import type { ParamStore } from './param-store.js';
import { EVENT_RESULT_KEY, MESSAGE_REFUSED_KEY } from './report-keys.js';
import type { Reporter } from './reporter.js';
import type { DaemonState } from './run-record.js';
import type { RunSummary } from './run-summary.js';
import type { RunController } from './runs.js';
import type { DaemonSettings } from './settings.js';

/** The daemon parts the intake works with, injected. */
export interface IntakeDeps {
  store: ParamStore;
  state: DaemonState;
  events: EventQueue;
  runs: RunController;
  reporter: Reporter;
  log: Log;
  catalog: () => Promise<KeyCatalog | undefined>;
  settings: () => DaemonSettings;
  /** True while first-boot configuration is armed: a trigger then always runs. */
  firstBoot: () => boolean;
  step: (name: string) => void;
}

/**
 * After a refused batch the guest keeps its values, the trigger included, so the first corrected
 * key to arrive could start a run on its own, and be refused again for the next key still on
 * its way. Corrections therefore wait until the host has been silent this long: a host tool sends
 * a batch's messages back to back (one transaction each), far closer together than this.
 */
const CORRECTION_QUIET_MS = 2000;

/** Maps an event value to a target name, case-insensitively; undefined for other events. */
export function eventTarget(value: string): string | undefined {
  const name = value.trim().toLowerCase();
  return isTarget(name) ? name : undefined;
}

/** Emits 'run' (RunSummary) after every run and 'event' (string) for non-target events. */
export class Intake extends EventEmitter {
  private chain: Promise<unknown> = Promise.resolve();
  private waitingNote = '';
  /** Something arrived since the last settle (true at start: look once at what is stored). */
  private changed = true;
  /** When the last parameter arrived (ms since the epoch), and the timer that waits out a correction. */
  private lastArrival = 0;
  private correctionTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: IntakeDeps) {
    super();
  }

  /**
   * The receiver's sink: durable before the xenstore node is deleted. `origin` names where the
   * message came from in logs (a vm-data node for XAPI's source, ovmd/daemon/sources).
   */
  async accept(message: Message, n: number, origin = `to-guest/${n}`): Promise<void> {
    const { store, state, events, log, step } = this.deps;
    const problem = keyNameProblem(message.key);
    if (problem !== undefined) {
      // The receiver refuses these already; this keeps the store safe whatever feeds the intake.
      log.warn(`discarding message ${origin}: ${problem}`);
      return this.refused(n, problem);
    }
    this.changed = true;
    if (message.key === EVENT_KEY) {
      if (!events.push({ n, value: message.value })) {
        log.info(`event "${preview(message.value)}" (${origin}) was already received; not queued again`);
        return;
      }
      log.info(`event "${preview(message.value)}" received (${origin})`);
      step('event-queued');
      return;
    }
    const catalog = await this.deps.catalog();
    // A journaled value counts as new until it is applied (checkpoint marks it then).
    if (store.receive(message.key, message.value) === 'store') state.markNewParams();
    this.lastArrival = Date.now();
    const bytes = Buffer.byteLength(message.value);
    const note = catalog && catalog.known.size > 0 && !catalog.known.has(message.key) ? '; no enabled module declares it' : '';
    log.info(`stored ${message.key} (${isSecretKey(catalog, message.key) ? 'secret' : `${bytes} bytes`}, ${origin})${note}`);
  }

  /**
   * Why: a refused message is not lost silently; the host learns which one and why (the reason
   * shows the key escaped and cut at its first "=", never the value).
   */
  async refused(n: number, reason: string): Promise<void> {
    await this.deps.reporter.send(MESSAGE_REFUSED_KEY, JSON.stringify({ n, reason }), true);
  }

  /** The host restarted its numbering (resume, migration): handled event numbers mean nothing now. */
  numberingReset(): void {
    this.deps.events.forgetHandled();
  }

  /** The daemon stops: a correction waiting for the channel to go quiet is left to the next start. */
  stop(): void {
    if (this.correctionTimer) clearTimeout(this.correctionTimer);
    this.correctionTimer = undefined;
  }

  /** Parameters came from elsewhere (the first-boot dialog): the next settle must look. */
  noteChange(): void {
    this.changed = true;
  }

  /** Queues the post-drain work (events, then the trigger) behind any run in progress; a no-op when nothing arrived. */
  settle(): Promise<unknown> {
    this.chain = this.chain.then(() => this.settleNow()).catch((e: Error) => this.deps.log.error(`run failed: ${e.message}`));
    return this.chain;
  }

  /** Handles one event right away (from `ovmd -e`), after any run in progress. */
  inject(value: string): Promise<RunSummary | undefined> {
    const job = this.chain.then(() => this.handleEvent(value));
    this.chain = job.catch(() => undefined);
    return job;
  }

  /** Resolves once every run and event queued so far is done. */
  settled(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  /** Runs a target on demand, in turn with everything else. */
  runTarget(target: string): Promise<RunSummary> {
    const job = this.chain.then(() => this.finished(this.deps.runs.run(target)));
    this.chain = job.catch(() => undefined);
    return job;
  }

  private async settleNow(): Promise<void> {
    if (!this.changed) return; // the periodic re-scan found nothing: no file is read
    this.changed = false;
    const { events } = this.deps;
    for (let [event] = events.all(); event; [event] = events.all()) {
      await this.handleEvent(event.value, () => events.shift());
    }
    await this.maybeConfigure();
  }

  private async handleEvent(value: string, taken?: () => void): Promise<RunSummary | undefined> {
    const target = eventTarget(value);
    if (target) return this.finished(this.deps.runs.run(target, taken));
    taken?.();
    this.deps.log.info(`event "${preview(value)}" is not a target name: nothing to run; the host is told so (${EVENT_RESULT_KEY})`);
    this.emit('event', value);
    await this.deps.reporter.send(EVENT_RESULT_KEY, JSON.stringify({ event: value, handled: false, note: `not one of: ${TARGETS.join(', ')}` }), true);
    return undefined;
  }

  private async maybeConfigure(): Promise<void> {
    const { state, store, log, settings } = this.deps;
    if (!state.hasNewParams() && store.pendingCount() === 0) return;
    const catalog = await this.deps.catalog();
    if (!catalog) {
      this.changed = true; // the modules could not be asked: the next periodic re-scan tries again
      return;
    }
    const params = store.pick(catalog.required);
    if (!triggerReady(catalog, params)) {
      const note = `waiting for ${missingRequired(catalog, params).join(', ') || 'a configure module with a required key'} before configuring`;
      if (note !== this.waitingNote) log.info(note);
      this.waitingNote = note;
      return;
    }
    this.waitingNote = '';
    const last = state.runRecord();
    if (last?.phase === 'done' && last.summary.state === 'invalid' && this.awaitCorrections()) return;
    const configured = last?.phase === 'done' && last.summary.state === 'configured';
    if (configured && !settings().reconfigureOnTrigger && !this.deps.firstBoot()) {
      log.info('trigger received but RECONFIGURE_ON_TRIGGER=no and the system is configured; secrets discarded');
      store.wipeSecrets();
      state.clearNewParams();
      return;
    }
    await this.finished(this.deps.runs.run('configure'));
  }

  /**
   * True (and a settle scheduled) while a correction to a refused batch may still be coming: the
   * run starts once the channel has been quiet for CORRECTION_QUIET_MS.
   */
  private awaitCorrections(): boolean {
    const left = this.lastArrival + CORRECTION_QUIET_MS - Date.now();
    if (left <= 0) return false;
    if (!this.correctionTimer) this.deps.log.info(`corrections to the refused batch are arriving; the run starts once the channel is quiet for ${CORRECTION_QUIET_MS / 1000} s`);
    else clearTimeout(this.correctionTimer);
    this.changed = true;
    this.correctionTimer = setTimeout(() => {
      this.correctionTimer = undefined;
      void this.settle();
    }, left);
    this.correctionTimer.unref();
    return true;
  }

  private async finished(job: Promise<RunSummary>): Promise<RunSummary> {
    const summary = await job;
    this.emit('run', summary);
    return summary;
  }
}

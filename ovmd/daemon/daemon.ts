// The guest daemon's lifecycle: state on disk, the control socket, xenstore with reconnection,
// the channel receiver, periodic safety re-scan and address check, clean stop. Connecting never
// blocks: the daemon is up (and answers `ovmd -e`) while xenstore is still being retried.
import type { Server } from 'node:net';
import { connect, type XenstoreClient } from '../client/index.js';
import { TO_GUEST, LAST_WRITE, nodePath } from '../vmapi/layout.js';
import { ChannelReceiver } from '../vmapi/receiver.js';
import { ensurePrivateDir, removeFileDurably, writeFileAtomic } from './atomic-file.js';
import { missingRequired, type KeyCatalog } from './catalog.js';
import { loadCatalog } from './catalog-cache.js';
import { serveControl, type ControlReply, type ControlRequest } from './control-socket.js';
import type { Engine } from './engine.js';
import { EventQueue } from './event-queue.js';
import { Intake } from './intake.js';
import type { Log } from './log.js';
import { readInterfaces } from './netinfo.js';
import { isSecretKey } from './catalog.js';
import { IntakeJournal } from './intake-journal.js';
import { JournalCheckpoint } from './journal-checkpoint.js';
import { journalFile, ParamStore } from './param-store.js';
import type { OvmdPaths } from './paths.js';
import { IP_ADDRESSES_KEY } from './report-keys.js';
import { Reporter } from './reporter.js';
import { DaemonState } from './run-record.js';
import { RunController } from './runs.js';
import { firstBootArmed, loadSettings, type DaemonSettings } from './settings.js';
import { VM_DATA_DIR } from '../xapi/key-path.js';
import { describeHost, detectHost, xapiReportOn } from './host-detect.js';
import { ipMonitor, type AddressEvents } from './report-xapi/address-monitor.js';
import { systemInputs, type GuestInputs } from './report-xapi/guest-inputs.js';
import { XapiReporter } from './report-xapi/xapi-reporter.js';
import { VmDataSource } from './sources/vm-data-source.js';
import { notATargetReply } from './event-reply.js';
import { ScanRetry, type ScanSource } from './scan-retry.js';


/** What the command line decides for the daemon (paths, engine, logging, period, hooks). */
export interface DaemonOptions {
  paths: OvmdPaths;
  engine: Engine;
  log: Log;
  /** Safety re-scan and address-check period, seconds (`-t`). */
  periodSec: number;
  pidFile: string;
  env?: NodeJS.ProcessEnv;
  step?: (name: string) => void;
  console?: (line: string) => void;
  /** The XAPI report's inputs and address events (tests drive them); the system's by default. */
  xapiInputs?: GuestInputs;
  addressEvents?: AddressEvents;
  /** The agent version published in attr/PVAddons. */
  version?: string;
}

/** The long-running guest daemon; start() never waits for xenstore, stop() loses nothing. */
export class Daemon {
  readonly store: ParamStore;
  readonly intake: Intake;
  private readonly state: DaemonState;
  private readonly runs: RunController;
  private readonly reporter: Reporter;
  private readonly receiver: ChannelReceiver;
  private readonly vmData: VmDataSource;
  readonly xapi: XapiReporter;
  private hostSeen = '';
  private scanned = { oracle: false, vmData: false };
  private xs: XenstoreClient | undefined;
  private server: Server | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private catalog: KeyCatalog | undefined;
  private settings: DaemonSettings;
  private ipWarned = false;
  private catalogCheckedAt = 0;
  private started = false;
  private lastScan: Promise<void> | undefined;
  private connecting = false;
  private readonly retry: ScanRetry;
  private readonly journal: IntakeJournal;
  private readonly checkpoint: JournalCheckpoint;
  private firstScanDone: () => void = () => undefined;
  private readonly firstScan = new Promise<void>((resolve) => (this.firstScanDone = resolve));

  constructor(private readonly options: DaemonOptions) {
    this.retry = new ScanRetry(options.log, (source) => (source === 'oracle' ? this.kick() : this.kickVmData()));
    const { paths, log, engine } = options;
    const step = options.step ?? (() => undefined);
    this.settings = loadSettings(paths);
    this.state = new DaemonState(paths);
    this.journal = new IntakeJournal(() => journalFile(paths));
    this.store = new ParamStore(paths, (key) => isSecretKey(this.catalog, key), {
      journal: this.journal,
      beforeReset: () => (this.state.markNewParams(), step('journal-applied')),
    });
    this.checkpoint = new JournalCheckpoint(this.store, log);
    // With ORACLE_CHANNEL=no, reports stay queued and nothing is written under control/oracle-vmapi.
    this.reporter = new Reporter(this.state, log, () => (this.settings.oracleChannel ? this.xs : undefined));
    const catalog = () => this.catalog;
    this.runs = new RunController({ paths, store: this.store, state: this.state, engine, reporter: this.reporter, log, catalog, step, console: options.console });
    this.intake = new Intake({
      store: this.store, state: this.state, events: new EventQueue(paths), runs: this.runs, reporter: this.reporter,
      log, step, settings: () => this.settings, catalog: () => this.refreshCatalog(), firstBoot: () => firstBootArmed(paths),
    });
    this.receiver = new ChannelReceiver({
      xs: { ...proxy(() => this.requireXs()) },
      sink: (message, n) => this.intake.accept(message, n),
      refused: (n, reason) => this.intake.refused(n, reason),
      onReset: () => this.intake.numberingReset(),
      lastProcessed: { get: () => this.state.lastProcessed(), set: (n) => this.state.setLastProcessed(n) },
      log, step,
    });
    this.vmData = new VmDataSource({
      paths, log, connection: () => this.xs, isSecret: (key) => isSecretKey(this.catalog, key),
      accept: (message, n, origin) => this.intake.accept(message, n, origin),
    });
    this.xapi = new XapiReporter({
      inputs: options.xapiInputs ?? systemInputs({ root: paths.root, ipSource: this.settings.ipSource }),
      events: options.addressEvents ?? ipMonitor(log),
      connection: () => this.xs, log, version: options.version ?? '0',
      memoryPeriodMs: this.settings.xapiMemoryPeriod * 1000,
    });
  }

  /** Starts everything; resolves once the control socket answers (xenstore may still be pending). */
  async start(): Promise<void> {
    const { paths, log } = this.options;
    ensurePrivateDir(paths.stateDir);
    ensurePrivateDir(paths.runDir);
    this.server = await serveControl(paths.controlSocket, (r) => this.control(r));
    writeFileAtomic(this.options.pidFile, `${process.pid}\n`, 0o644);
    this.started = true;
    await this.refreshCatalog();
    log.info(`ovmd started (root ${paths.root}, pid ${process.pid})`);
    this.checkpoint.now('left by the last run of ovmd');
    const interrupted = await this.runs.recover();
    if (interrupted) void this.intake.runTarget(interrupted);
    void this.intake.settle();
    void this.connectLoop();
    this.timer = setInterval(() => this.tick(), this.options.periodSec * 1000);
  }

  /** Stores parameters from another source (first-boot console dialog) and checks the trigger. */
  async submit(params: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(params)) this.store.set(k, v);
    this.state.markNewParams();
    this.intake.noteChange();
    await this.intake.settle();
  }

  /**
   * Resolves true once the channel has been read after connecting (what the host sent before
   * the daemon started is then stored), or false after `timeoutMs` without xenstore.
   */
  channelScanned(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    return Promise.race([this.firstScan.then(() => true), late]).finally(() => clearTimeout(timer));
  }

  /** Required keys not stored yet. */
  async missingKeys(): Promise<string[]> {
    const catalog = await this.refreshCatalog();
    return catalog ? missingRequired(catalog, this.store.pick(catalog.required)) : [];
  }

  /** Re-reads /etc/sysconfig/ovmd (SIGHUP). */
  reload(): void {
    this.settings = loadSettings(this.options.paths);
    this.options.log.info('settings re-read');
  }

  /** Stops cleanly: pending drain finished, socket and connection closed, PID file removed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.retry.stop();
    this.xapi.stop();
    this.intake.stop();
    this.options.engine.stop?.();
    this.receiver.stop();
    await this.receiver.drain().catch(() => undefined);
    this.checkpoint.stop();
    // Applied now, or `ovmd -p/-r/-x` would refuse those keys until the daemon runs again.
    // A crash leaves it to the next start instead.
    this.checkpoint.now('stopping');
    this.journal.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.xs?.close().catch(() => undefined);
    if (this.started) removeFileDurably(this.options.pidFile);
    this.options.log.info('ovmd stopped');
  }

  /** Connects (one loop at a time), retrying with backoff; the client counts only once its watch is set. */
  private async connectLoop(): Promise<void> {
    if (this.connecting) return;
    this.connecting = true;
    let delay = 100;
    let said = '';
    while (!this.stopped) {
      let xs: XenstoreClient | undefined;
      try {
        xs = await connect({ reconnect: true, env: this.options.env });
        if (this.stopped) return void xs.close().finally(() => (this.connecting = false));
        this.listen(xs);
        if (this.settings.oracleChannel) await xs.watch(nodePath(TO_GUEST, LAST_WRITE), () => this.kick());
        if (this.settings.xapiVmData) await xs.watch(VM_DATA_DIR, () => this.kickVmData());
        this.xs = xs;
        this.connecting = false;
        await this.xapi.connected(xs);
        return this.onConnected('connected to xenstore');
      } catch (error) {
        void xs?.close().catch(() => undefined);
        const text = (error as Error).message;
        if (text !== said) this.options.log.warn(`xenstore not available yet (${text}); retrying in the background`);
        said = text;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
    this.connecting = false;
  }

  private listen(xs: XenstoreClient): void {
    const { log } = this.options;
    xs.on('disconnect', (cause: Error) => log.warn(`lost xenstore (${cause.message}); reconnecting`));
    xs.on('reconnect', () => (this.xapi.publisher.reset(), this.onConnected('reconnected to xenstore')));
    xs.on('error', (e: Error) => log.warn(`xenstore: ${e.message}`));
  }

  private onConnected(what: string): void {
    this.options.log.info(what);
    this.kick();
    this.kickVmData();
    void this.reporter.flush();
    this.checkAddresses();
    void this.detect();
  }

  private kick(): void {
    if (!this.xs || this.stopped) return;
    if (!this.settings.oracleChannel) return this.scannedFirst('oracle');
    const scan = this.receiver.drain(); // kicks during a drain share its promise: report once
    if (scan === this.lastScan) return;
    this.lastScan = scan;
    scan
      .then(() => {
        this.retry.worked('oracle');
        this.scannedFirst('oracle');
        this.checkpoint.whenIdle();
        return this.intake.settle();
      })
      .catch((e: Error) => this.scanFailed(e, 'oracle'));
  }

  /** Reads XAPI's vm-data (ovmd/daemon/sources) and then, like a drain, settles the intake. */
  private kickVmData(): void {
    if (!this.xs || this.stopped) return;
    if (!this.settings.xapiVmData) return this.scannedFirst('vmData');
    this.vmData
      .scan()
      .then((taken) => {
        this.retry.worked('vmData');
        this.scannedFirst('vmData');
        if (taken === 0) return undefined;
        this.checkpoint.whenIdle();
        return this.intake.settle();
      })
      .catch((e: Error) => this.scanFailed(e, 'vmData'));
  }

  /** The first scan counts once every enabled source has been read (channelScanned()). */
  private scannedFirst(source: 'oracle' | 'vmData'): void {
    this.scanned[source] = true;
    if (this.scanned.oracle && this.scanned.vmData) this.firstScanDone();
  }

  /** Which host this is decides whether the XAPI report runs (XAPI_REPORT=auto); logged when it changes. */
  private async detect(): Promise<void> {
    if (!this.xs || this.stopped) return;
    try {
      const signs = await detectHost(this.xs);
      const seen = describeHost(signs);
      if (seen !== this.hostSeen) this.options.log.info(`host: ${seen}`);
      this.hostSeen = seen;
      this.xapi.setActive(xapiReportOn(this.settings.xapiReport, signs));
    } catch (error) {
      this.options.log.warn(`cannot tell which host this is: ${(error as Error).message}`);
    }
  }

  /**
   * A scan that got no answer within the client's request timeout (RequestTimeoutError,
   * ovmd/client) leaves this connection in doubt: drop it and connect afresh, re-registering the
   * watch; the rescan on connecting picks up whatever arrived meanwhile.
   */
  private scanFailed(error: Error, source: ScanSource): void {
    if (this.stopped) return;
    if ((error as { code?: string }).code !== 'ERR_XS_TIMEOUT') return this.retry.failed(source, error);
    this.retry.timedOut(source, error);
    if (!this.xs) return;
    const stale = this.xs;
    this.xs = undefined;
    void stale.close().catch(() => undefined);
    void this.connectLoop();
  }

  private tick(): void {
    this.kick();
    this.kickVmData();
    void this.detect();
    void this.reporter.flush();
    this.checkAddresses();
  }

  private checkAddresses(): void {
    if (!this.settings.reportIp || !this.xs) return;
    try {
      const list = readInterfaces(this.settings.ipSource);
      void this.reporter.send(IP_ADDRESSES_KEY, JSON.stringify(list));
      this.ipWarned = false;
    } catch (error) {
      if (!this.ipWarned) this.options.log.warn(`cannot read the network interfaces: ${(error as Error).message}`);
      this.ipWarned = true;
    }
  }

  /** The key catalog, re-checked against /etc/template.d at most once a second (bursts of messages). */
  private async refreshCatalog(): Promise<KeyCatalog | undefined> {
    if (this.catalog && Date.now() - this.catalogCheckedAt < 1000) return this.catalog;
    try {
      this.catalog = await loadCatalog(this.options.paths, this.options.engine);
      this.catalogCheckedAt = Date.now();
    } catch (error) {
      this.options.log.warn(`cannot list the configure modules' keys: ${(error as Error).message}`);
    }
    return this.catalog;
  }

  private async control(request: ControlRequest): Promise<ControlReply> {
    if (request.ping) return { ok: true, message: 'pong', pid: process.pid };
    if (typeof request.event !== 'string' || request.event === '') return { ok: false, message: 'no event given' };
    const summary = await this.intake.inject(request.event);
    if (!summary) return { ok: true, message: notATargetReply(request.event) };
    return { ok: summary.state !== 'failed', message: `${summary.target}: ${summary.state}${summary.error ? ` (${summary.error})` : ''}` };
  }

  private requireXs(): XenstoreClient {
    if (!this.xs) throw new Error('not connected to xenstore');
    return this.xs;
  }
}

/** Forwards the channel's operations to whatever connection is current. */
function proxy(get: () => XenstoreClient) {
  return {
    read: (p: string) => get().read(p),
    write: (p: string, v: string | Buffer) => get().write(p, v),
    rm: (p: string) => get().rm(p),
    directory: (p: string) => get().directory(p),
    mkdir: (p: string) => get().mkdir(p),
    transaction: <T>(fn: Parameters<XenstoreClient['transaction']>[0], o?: { attempts?: number }) =>
      get().transaction(fn, o) as Promise<T>,
    watch: (p: string, cb: (path: string) => void) => get().watch(p, cb),
  };
}

// The guest's report in the layout a XAPI host reads (ovmd/xapi/report-layout.ts), kept up to
// date by events: an address change (netlink, address-monitor.ts) republishes within
// milliseconds, memory is re-read every period, and a resume (the domain id or
// unique-domain-id changed: xenopsd writes a new one for every domain it builds) re-publishes
// everything. The publisher writes only what changed.
// The identity is watched, and read again at every memory period as a backstop. (These two
// watches once froze the guest's xenstore: their first events set off reads, and the next WATCH
// went out with those reads in flight, which deadlocks Linux's xenbus device; the device
// transport now never does that, ovmd/transport/device.ts.)
import type { XsPort } from '../../vmapi/xs-port.js';
import { tryReadText } from '../../vmapi/xs-port.js';
import { AddressSlots } from '../../xapi/address-slots.js';
import { parseMeminfo } from '../../xapi/meminfo.js';
import { osFacts } from '../../xapi/os-facts.js';
import { XapiPublisher } from '../../xapi/publisher.js';
import { renderReport, type GuestFacts, type MemoryFacts, type VifFacts } from '../../xapi/report-layout.js';
import type { Log } from '../log.js';
import type { AddressEvents } from './address-monitor.js';
import type { GuestInputs } from './guest-inputs.js';

/** A burst of netlink lines (one per address and flag change) becomes one publish. */
const SETTLE_MS = 5;
/** Nodes whose change means this is another domain now (save/restore, migration). */
const IDENTITY_KEYS = ['domid', 'unique-domain-id'] as const;

/** What the reporter needs, injected. */
export interface XapiReporterDeps {
  inputs: GuestInputs;
  events: AddressEvents;
  connection: () => XsPort | undefined;
  log: Log;
  version: string;
  memoryPeriodMs: number;
}

/** Publishes the XAPI report while active; the daemon switches it on and off (host detection). */
export class XapiReporter {
  readonly publisher: XapiPublisher;
  private readonly slots = new AddressSlots();
  private active = false;
  private started = false;
  private identity: string | undefined;
  private memory: MemoryFacts | undefined;
  private memTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private failed = '';

  constructor(private readonly deps: XapiReporterDeps) {
    this.publisher = new XapiPublisher(deps.log);
  }

  /** Turns reporting on (first time: starts the address events and the memory period) or off. */
  setActive(on: boolean): void {
    if (on === this.active) return;
    this.active = on;
    if (!on) return this.stopTimers();
    if (!this.started) this.deps.events.start(() => this.soon());
    this.started = true;
    this.memTimer = setInterval(() => void this.periodic(), this.deps.memoryPeriodMs);
    void this.refresh(true);
  }

  /** A new connection: what xenstore holds is read back, the identity is noted and watched. */
  async connected(xs: XsPort): Promise<void> {
    this.publisher.reset();
    await this.checkIdentity(xs);
    for (const key of IDENTITY_KEYS) await xs.watch(key, () => void this.identityChanged(xs));
    if (this.active) await this.refresh(true);
  }

  /** A watch fired: on a resume or migration everything is published again at once. */
  private async identityChanged(xs: XsPort): Promise<void> {
    const changed = await this.checkIdentity(xs).catch(() => false);
    if (changed && this.active) await this.refresh(true).catch(() => undefined);
  }

  /** Every period: a changed identity (resume, migration) first, then memory. */
  private async periodic(): Promise<void> {
    const xs = this.deps.connection();
    if (xs) await this.checkIdentity(xs).catch(() => undefined);
    await this.refresh(true);
  }

  /** Publishes now (serialised); `memory` re-reads /proc/meminfo too. Resolves to the keys changed. */
  refresh(memory = false): Promise<number> {
    const job = this.chain.then(() => this.publishNow(memory));
    this.chain = job.catch(() => undefined);
    return job;
  }

  /** Resolves once every publish queued so far is done. */
  idle(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  stop(): void {
    this.stopTimers();
    if (this.started) this.deps.events.stop();
  }

  private stopTimers(): void {
    if (this.memTimer) clearInterval(this.memTimer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.memTimer = this.settleTimer = undefined;
  }

  private soon(): void {
    if (!this.active || this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      void this.refresh();
    }, SETTLE_MS);
  }

  /** True when the domain id or unique-domain-id differs from what was seen before. */
  private async checkIdentity(xs: XsPort): Promise<boolean> {
    const values = await Promise.all(IDENTITY_KEYS.map((k) => tryReadText(xs, k).catch(() => undefined)));
    const identity = values.join('/');
    const changed = this.identity !== undefined && identity !== this.identity;
    if (changed) {
      this.deps.log.info(`this domain was resumed or migrated (${this.identity} -> ${identity}); publishing every XAPI key again`);
      this.publisher.reset();
    }
    this.identity = identity;
    return changed;
  }

  private async publishNow(memory: boolean): Promise<number> {
    const xs = this.deps.connection();
    if (!xs || !this.active) return 0;
    try {
      const changed = await this.publisher.publish(xs, renderReport(this.collect(memory)));
      this.failed = '';
      return changed;
    } catch (error) {
      this.publisher.reset(); // what xenstore holds is in doubt now: read it back next time
      const why = (error as Error).message;
      if (why !== this.failed) this.deps.log.warn(`cannot publish the XAPI report: ${why}; will retry`);
      this.failed = why;
      return 0;
    }
  }

  private collect(memory: boolean): GuestFacts {
    const { inputs, version } = this.deps;
    if (memory || !this.memory) this.memory = parseMeminfo(inputs.meminfo());
    return { os: osFacts(inputs.releaseFiles(), inputs.unameRelease()), memory: this.memory, vifs: this.vifs(), version, balloon: inputs.balloon() };
  }

  private vifs(): VifFacts[] {
    const out: VifFacts[] = [];
    for (const iface of this.deps.inputs.interfaces()) {
      const vifId = this.deps.inputs.vifId(iface);
      if (vifId === undefined) continue;
      out.push({ vifId, ipv4: this.slots.assign(vifId, 'ipv4', iface.ipv4), ipv6: this.slots.assign(vifId, 'ipv6', iface.ipv6) });
    }
    this.slots.keepOnly(out.map((v) => v.vifId));
    return out.sort((a, b) => a.vifId - b.vifId);
  }
}

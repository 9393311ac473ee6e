// The guest end of to-guest: picks up every complete message, hands it to a durable sink,
// and only then deletes the node (shared spec vmapi-channel.md, "Receiving"). Drains are
// serialised; an event that arrives during a drain schedules exactly one more.
import { TO_GUEST, nodePath } from './layout.js';
import { listMessages, readCounter, readMessage, type ReadResult } from './channel.js';
import { preview, type Message } from './message.js';
import { tryReadText, type XsPort } from './xs-port.js';

/** Where the receiver says what it skipped or discarded. */
export interface ReceiverLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Everything the receiver needs, injected so tests and the daemon share it. */
export interface ReceiverOptions {
  xs: XsPort;
  /** Stores the message durably; the node is deleted only after this resolves. */
  sink(message: Message, n: number): Promise<void>;
  /** The last message number processed, persisted by the caller across restarts. */
  lastProcessed: { get(): number; set(n: number): Promise<void> };
  log: ReceiverLog;
  /** Directory of the to-guest direction; relative to the guest's home by default. */
  dir?: string;
  /**
   * Called for a message that is refused (a bad key name, a value over the limit) before its
   * node is deleted, so the refusal can be reported to the host; `reason` never holds the value.
   */
  refused?(n: number, reason: string): Promise<void> | void;
  /** Called when the host's numbering went back (resume, migration). */
  onReset?(): void;
  /** Test hook: called at named steps so crash tests can stop the process there. */
  step?(name: string): void;
  /** How long a message with missing chunks is looked at again before it is discarded. */
  incompleteWaitMs?: number;
}

/**
 * A message whose chunks are not all there is not discarded at first sight: a host that writes
 * the chunks after the key (outside one transaction) is still writing, and a node that another
 * reader is deleting loses its chunks before its key. Looked at again for this long, then given up.
 */
export const INCOMPLETE_WAIT_MS = 10_000;

/** Pulls messages off to-guest; call drain() on start, on every watch event and on reconnect. */
export class ChannelReceiver {
  private running: Promise<void> | undefined;
  private again = false;
  private readonly reported = new Set<string>();
  private readonly dir: string;
  private stopping = false;
  /** The domain id seen at the last drain: a restore or a migration gives the domain a new one. */
  private domid: string | undefined;

  constructor(private readonly options: ReceiverOptions) {
    this.dir = options.dir ?? TO_GUEST;
  }

  /** Runs one drain now, or one more after the current one; resolves when the queue is empty. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.drainOnce();
    } while (this.again);
  }

  private async drainOnce(): Promise<void> {
    const { xs, lastProcessed, log } = this.options;
    const [domid, counter, { numbers, garbage }] = await Promise.all([tryReadText(xs, 'domid'), readCounter(xs, this.dir), listMessages(xs, this.dir)]);
    if (domid !== undefined && this.domid !== undefined && domid !== this.domid) {
      // The host built a new home for the domain and numbers from 1 again, possibly past the
      // last number processed before: the counter going back would not show it.
      log.info(`this domain's id changed from ${this.domid} to ${domid} (restored or migrated); the host's message numbering starts over`);
      await lastProcessed.set(0);
      this.options.onReset?.();
    }
    this.domid = domid ?? this.domid;
    for (const name of garbage) this.once(`garbage:${name}`, `ignoring node to-guest/${preview(name)}: not a message number`);
    if (counter.raw !== undefined && counter.value === undefined) {
      this.once(`counter:${counter.raw}`, `to-guest/last-write holds "${preview(counter.raw)}", not a number; processing every message present`);
    }
    const limit = counter.value ?? Number.MAX_SAFE_INTEGER;
    if (counter.value !== undefined && counter.value < lastProcessed.get()) {
      log.info(`to-guest/last-write went back from ${lastProcessed.get()} to ${counter.value} (resume or migration); rescanning`);
      await lastProcessed.set(0);
      this.options.onReset?.();
    }
    for (const n of numbers) {
      if (n > limit) continue; // not announced yet: the host may still be writing it
      await this.takeOne(n);
    }
  }

  /** Why: a stopping daemon gives up waiting for an incomplete message and leaves it in place. */
  stop(): void {
    this.stopping = true;
  }

  /** Reads message n, looking again (with growing pauses) while its chunks are incomplete. */
  private async readComplete(n: number): Promise<ReadResult | undefined> {
    const { xs, log, incompleteWaitMs = INCOMPLETE_WAIT_MS } = this.options;
    const t0 = Date.now();
    let pause = 20;
    let said = false;
    for (;;) {
      const result = await readMessage(xs, this.dir, n);
      if (result === undefined || result.ok || !result.incomplete || Date.now() - t0 >= incompleteWaitMs) return result;
      if (this.stopping) return undefined; // left for the next start
      if (!said && Date.now() - t0 >= 1000) {
        log.info(`to-guest/${n}: waiting for the rest of its value chunks`);
        said = true;
      }
      await new Promise((r) => setTimeout(r, Math.min(pause, incompleteWaitMs - (Date.now() - t0))));
      pause = Math.min(pause * 2, 1000);
    }
  }

  private async takeOne(n: number): Promise<void> {
    const { xs, sink, lastProcessed, log, step } = this.options;
    const result = await this.readComplete(n);
    if (result === undefined) return; // another reader took it meanwhile, or we are stopping
    if (result.ok) {
      step?.('message-read');
      await sink(result.message, n);
      step?.('message-stored');
    } else {
      log.warn(`discarding message to-guest/${n}: ${result.reason}`);
      // A failed report must not keep the node: the message would be refused again on every drain.
      await Promise.resolve(this.options.refused?.(n, result.reason)).catch((e: Error) => log.warn(`cannot report the refusal of to-guest/${n}: ${e.message}`));
    }
    await xs.rm(nodePath(this.dir, n));
    step?.('message-deleted');
    if (n > lastProcessed.get()) await lastProcessed.set(n);
  }

  private once(id: string, message: string): void {
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.options.log.warn(message);
  }
}

// Sends reports back to the host through from-guest, each only when its content changed since
// the last time it was sent (remembered across restarts). A report that cannot be sent now
// (xenstore down, channel not set up by the host yet) stays queued and is retried by flush().
import { FROM_GUEST, GUEST_CHUNK_BYTES, VALUE_MAX_BYTES } from '../vmapi/layout.js';
import { sendMessage } from '../vmapi/channel.js';
import type { XsPort } from '../vmapi/xs-port.js';
import type { Log } from './log.js';
import type { DaemonState } from './run-record.js';

/** Sends report keys through from-guest, each only when its value changed. */
export class Reporter {
  private readonly queue = new Map<string, string>();
  /** The last failure reported, so a host that never sets up the channel is not logged every period. */
  private lastFailure = '';
  /** Flushes run one after another: two at once would both send what is queued. */
  private flushing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: DaemonState,
    private readonly log: Log,
    private readonly connection: () => XsPort | undefined,
  ) {}

  /** Queues a report; `always` sends it even when unchanged (e.g. a new run's result). */
  async send(key: string, value: string, always = false): Promise<boolean> {
    if (!always && this.state.lastSent(key) === value && !this.queue.has(key)) return true;
    if (Buffer.byteLength(value) > VALUE_MAX_BYTES) {
      this.log.warn(`report ${key} is ${Buffer.byteLength(value)} bytes, over the channel limit; not sent`);
      return false;
    }
    this.queue.set(key, value);
    return this.flush();
  }

  /** Sends every queued report in order; true when the queue is empty afterwards. */
  flush(): Promise<boolean> {
    const next = this.flushing.then(() => this.flushQueued());
    this.flushing = next.catch(() => undefined);
    return next;
  }

  private async flushQueued(): Promise<boolean> {
    const xs = this.connection();
    if (!xs) return this.queue.size === 0;
    for (const [key, value] of [...this.queue]) {
      try {
        const n = await sendMessage(xs, FROM_GUEST, { key, value }, GUEST_CHUNK_BYTES);
        // A newer value queued while this one was being sent still goes out next time.
        if (this.queue.get(key) === value) this.queue.delete(key);
        this.state.markSent(key, value);
        this.lastFailure = '';
        this.log.info(`sent ${key} to the host (from-guest/${n})`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        const why = code === 'EACCES' || code === 'ENOENT'
          ? 'the host has not set up control/oracle-vmapi/from-guest for this guest yet'
          : (error as Error).message;
        if (why !== this.lastFailure) this.log.warn(`cannot send ${key} to the host yet (${why}); will retry`);
        this.lastFailure = why;
        return false;
      }
    }
    return true;
  }

  pending(): number {
    return this.queue.size;
  }
}

// One live connection: frames requests, matches replies by req_id, hands watch events to a
// callback by type (never through the pending map; their req_id/tx_id are ignored, because the
// xenbus device leaves them uninitialised; shared spec §1.8). Several requests may be
// outstanding at once (xenstored and current kernels match them by req_id).
import {
  ConnectionClosedError, encodeMessage, FrameDecoder, Op, opLabel, parseErrorName, parseWatchEvent,
  PayloadTooLargeError, ProtocolError, RequestTimeoutError, XenstoreError, XenstoreLocalError, type Message,
} from '../protocol/index.js';
import type { Transport } from '../transport/index.js';

interface Pending {
  type: number;
  path: string | undefined;
  /** performance.now() after which the request fails with RequestTimeoutError. */
  deadline: number;
  resolve(payload: Buffer): void;
  reject(err: Error): void;
}

/** A request and what to name it in errors. */
export interface Request {
  type: number;
  txId: number;
  payload: Buffer;
  path?: string;
}

/** One connection's request/reply bookkeeping over a transport. */
export class Session {
  private readonly pending = new Map<number, Pending>();
  private readonly decoder: FrameDecoder;
  private nextReqId = 1;
  private closedBy: Error | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    readonly transport: Transport,
    private readonly onEvent: (path: string, token: string) => void,
    private readonly onClosed: (cause: Error, session: Session) => void,
    /** How long a request may wait for its reply (0 = for ever). */
    private readonly timeoutMs = 0,
  ) {
    this.decoder = new FrameDecoder(transport.maxReply);
    transport.onData((chunk) => this.receive(chunk));
    transport.onClose((cause) => this.fail(new ConnectionClosedError(closedMessage(transport, cause), { cause })));
  }

  get closed(): boolean {
    return this.closedBy !== undefined;
  }

  /** Sends a request; resolves with the reply payload or rejects with a typed error. */
  request(req: Request): Promise<Buffer> {
    const label = opLabel(req.type);
    if (this.closedBy) return Promise.reject(new ConnectionClosedError(this.closedBy.message));
    if (req.payload.length > this.transport.maxPayload) {
      return Promise.reject(new PayloadTooLargeError(label, req.payload.length, this.transport.maxPayload));
    }
    const reqId = this.allocReqId();
    const message = encodeMessage({ type: req.type, reqId, txId: req.txId, payload: req.payload });
    return new Promise<Buffer>((resolve, reject) => {
      // Registered before writing: the reply may arrive before write() settles.
      const deadline = this.timeoutMs > 0 ? performance.now() + this.timeoutMs : Infinity;
      this.pending.set(reqId, { type: req.type, path: req.path, deadline, resolve, reject });
      this.armSweeper();
      this.transport.write(message).catch((err: unknown) => this.writeFailed(reqId, label, req.path, err));
    });
  }

  /**
   * One coarse timer per connection instead of one per request (pipelined reads stay cheap):
   * it runs only while requests wait, and never keeps the process alive on its own.
   */
  private armSweeper(): void {
    if (this.sweeper || this.timeoutMs <= 0) return;
    const every = Math.max(10, Math.min(1000, this.timeoutMs / 4));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  private sweep(): void {
    const now = performance.now();
    for (const [reqId, p] of this.pending) {
      if (p.deadline > now) continue;
      this.pending.delete(reqId); // a late reply then finds nothing and is dropped
      p.reject(new RequestTimeoutError(opLabel(p.type), p.path, this.timeoutMs));
    }
    if (this.pending.size === 0) this.stopSweeper();
  }

  private stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private allocReqId(): number {
    do {
      this.nextReqId = (this.nextReqId + 1) >>> 0 || 1;
    } while (this.pending.has(this.nextReqId));
    return this.nextReqId;
  }

  /** A failed write: on the device, watch errors come back this way as an errno (LNX). */
  private writeFailed(reqId: number, op: string, path: string | undefined, err: unknown): void {
    const p = this.pending.get(reqId);
    if (!p) return;
    this.pending.delete(reqId);
    if (this.pending.size === 0) this.stopSweeper();
    const code = (err as NodeJS.ErrnoException)?.code;
    if (err instanceof XenstoreLocalError) p.reject(err);
    else if (!this.closedBy && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) p.reject(new XenstoreError(code, op, path));
    else p.reject(new ConnectionClosedError(`writing to xenstore failed: ${String(err)}`, { cause: err }));
  }

  private receive(chunk: Buffer): void {
    let messages: Message[];
    try {
      messages = this.decoder.push(chunk);
    } catch (err) {
      // No resync is possible in a byte stream: drop the connection.
      this.fail(err as Error);
      void this.transport.close();
      return;
    }
    for (const m of messages) this.dispatch(m);
  }

  private dispatch(m: Message): void {
    if (m.type === Op.WATCH_EVENT) {
      let ev;
      try {
        ev = parseWatchEvent(m.payload);
      } catch {
        return; // a malformed event carries nothing to route; ignore it
      }
      this.onEvent(ev.path, ev.token);
      return;
    }
    const p = this.pending.get(m.reqId);
    if (!p) return; // a reply to a request that already failed locally
    this.pending.delete(m.reqId);
    if (this.pending.size === 0) this.stopSweeper(); // an idle connection wakes nobody up
    if (m.type === Op.ERROR) p.reject(new XenstoreError(parseErrorName(m.payload), opLabel(p.type), p.path));
    else if (m.type !== p.type) {
      p.reject(new ProtocolError(`xenstore answered ${opLabel(p.type)} (req_id ${m.reqId}) with ${opLabel(m.type)}`));
    } else p.resolve(m.payload);
  }

  /** Fails every outstanding request once; the session is unusable afterwards. */
  private fail(cause: Error): void {
    if (this.closedBy) return;
    this.closedBy = cause;
    this.stopSweeper();
    // A framing error keeps its own type (ProtocolError); anything else is a closed connection.
    const err = cause instanceof XenstoreLocalError ? cause : new ConnectionClosedError(cause.message, { cause });
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.onClosed(cause, this);
  }

  /** Closes the transport; outstanding requests fail with ConnectionClosedError. */
  async close(): Promise<void> {
    this.fail(new ConnectionClosedError('the xenstore client was closed'));
    await this.transport.close();
  }
}

function closedMessage(t: Transport, cause?: Error): string {
  const why = cause ? `: ${cause.message}` : '';
  return `the connection to xenstore (${t.kind} ${t.path}) was closed${why}`;
}

// The xenstore client: every operation a guest agent or a dom0 tool needs, over one transport,
// with watches routed by token and, optionally, automatic reconnection after a lost socket.
import { EventEmitter } from 'node:events';
import {
  checkPath, ConnectionClosedError, nulStrings, Op, parseString, XenstoreError,
} from '../protocol/index.js';
import type { Transport } from '../transport/index.js';
import { NodeOps } from './node-ops.js';
import { Session, type Request } from './session.js';
import { runTransaction, type TransactionOptions, type XenstoreTx } from './transaction.js';
import { listTree, type TreeNode } from './tree.js';
import { WatchRegistry, type Watch, type WatchEntry } from './watches.js';

export interface ClientOptions {
  /** Reconnect after the connection is lost (default false). */
  reconnect?: boolean;
  /** Delays between reconnection attempts, in ms; the last one repeats (default 50 → 2000). */
  reconnectDelays?: readonly number[];
  /**
   * How long a request waits for xenstored's answer before failing with RequestTimeoutError
   * (default 30 s; 0 waits for ever). xenstored answers in microseconds when it is alive, so only
   * a stopped or wedged daemon hits this, and a caller such as a boot script is not held for ever.
   */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const DEFAULT_DELAYS = [50, 100, 200, 400, 800, 1600, 2000];

/**
 * A connection to xenstore. Events: 'disconnect' (cause), 'reconnect' (after the watches are
 * registered again: re-read your state), 'error' (a watch could not be re-registered, or a
 * watch callback threw). While disconnected, requests fail at once with ConnectionClosedError
 * rather than wait, so nothing hangs a boot.
 */
export class XenstoreClient extends EventEmitter {
  private session: Session | undefined;
  private readonly watches = new WatchRegistry();
  private readonly ops: NodeOps;
  private closing = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly open: () => Promise<Transport>,
    private readonly options: ClientOptions = {},
  ) {
    super();
    this.ops = new NodeOps((req) => this.send(req), 0);
  }

  /** Opens the first connection; rejects if the endpoint cannot be opened. */
  async start(): Promise<this> {
    this.session = this.newSession(await this.open());
    return this;
  }

  /** The transport currently in use (undefined while reconnecting). */
  get transport(): Transport | undefined {
    return this.session && !this.session.closed ? this.session.transport : undefined;
  }

  private newSession(t: Transport): Session {
    const onEvent = (path: string, token: string) => this.watches.deliver(path, token, (e) => this.report(e));
    const timeout = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    return new Session(t, onEvent, (cause, s) => this.lost(cause, s), timeout);
  }

  /** An error nobody awaits (a throwing watch callback, a failed re-registration). */
  private report(err: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
    else process.emitWarning(`xenstore client: ${err instanceof Error ? err.message : String(err)}`);
  }

  private send(req: Request): Promise<Buffer> {
    const s = this.session;
    if (this.closing) return Promise.reject(new ConnectionClosedError('the xenstore client was closed'));
    if (!s || s.closed) {
      const why = this.options.reconnect ? 'reconnecting; retry after the "reconnect" event' : 'the connection was lost';
      return Promise.reject(new ConnectionClosedError(`not connected to xenstore (${why})`));
    }
    return s.request(req);
  }

  read(path: string): Promise<Buffer> { return this.ops.read(path); }
  readString(path: string): Promise<string> { return this.ops.readString(path); }
  tryRead(path: string): Promise<Buffer | undefined> { return this.ops.tryRead(path); }
  write(path: string, value: string | Buffer): Promise<void> { return this.ops.write(path, value); }
  mkdir(path: string): Promise<void> { return this.ops.mkdir(path); }
  rm(path: string): Promise<void> { return this.ops.rm(path); }
  directory(path: string): Promise<string[]> { return this.ops.directory(path); }
  getPerms(path: string): Promise<string[]> { return this.ops.getPerms(path); }
  setPerms(path: string, perms: string[]): Promise<void> { return this.ops.setPerms(path, perms); }

  /** `root` and every node below it with its value (like xenstore-ls), pipelined. */
  listTree(root: string): Promise<TreeNode[]> {
    return listTree(this.ops, root);
  }

  /** The base path of a domain, '/local/domain/<domid>' (allowed unprivileged). */
  async getDomainPath(domid: number): Promise<string> {
    if (!Number.isInteger(domid) || domid < 0 || domid > 0xffff) throw new RangeError(`bad domid ${domid}`);
    return parseString(await this.send({ type: Op.GET_DOMAIN_PATH, txId: 0, payload: nulStrings(String(domid)) }));
  }

  /**
   * Watches a path (and everything below it). onEvent fires once right after registration and
   * then on every change, possibly spuriously: treat each call as "go and re-read".
   */
  async watch(path: string, onEvent: (eventPath: string) => void): Promise<Watch> {
    checkPath(path);
    const entry = this.watches.add(path, onEvent);
    try {
      await this.sendWatch(Op.WATCH, entry);
    } catch (err) {
      this.watches.delete(entry.token);
      throw err;
    }
    return { path, token: entry.token, close: () => this.unwatch(entry) };
  }

  private async sendWatch(type: number, e: WatchEntry): Promise<void> {
    await this.send({ type, txId: 0, payload: nulStrings(e.path, e.token), path: e.path });
  }

  private async unwatch(entry: WatchEntry): Promise<void> {
    this.watches.delete(entry.token);
    if (this.closing || !this.transport) return; // the server forgets it with the connection
    try {
      await this.sendWatch(Op.UNWATCH, entry);
    } catch (err) {
      if (!(err instanceof XenstoreError && err.code === 'ENOENT') && !(err instanceof ConnectionClosedError)) throw err;
    }
  }

  /** Runs fn in a transaction, starting over on EAGAIN up to `attempts` times (default 8). */
  transaction<T>(fn: (tx: XenstoreTx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return runTransaction((req) => this.send(req), fn, options);
  }

  private lost(cause: Error, s: Session): void {
    if (s !== this.session || this.closing) return;
    this.emit('disconnect', cause);
    if (this.options.reconnect) this.scheduleReconnect(0);
  }

  private scheduleReconnect(attempt: number): void {
    const delays = this.options.reconnectDelays ?? DEFAULT_DELAYS;
    const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
    this.retryTimer = setTimeout(() => void this.reconnect(attempt), delay);
  }

  private async reconnect(attempt: number): Promise<void> {
    this.retryTimer = undefined;
    if (this.closing) return;
    let t: Transport;
    try {
      t = await this.open();
    } catch {
      return this.scheduleReconnect(attempt + 1);
    }
    if (this.closing) return void t.close();
    this.session = this.newSession(t);
    const failures = await this.reregister();
    if (this.session.closed) return; // lost again while re-registering; lost() rescheduled
    for (const err of failures) this.report(err);
    this.emit('reconnect');
  }

  /** Registers every watch again with its old token; the initial events tell callers to re-read. */
  private async reregister(): Promise<Error[]> {
    const results = await Promise.allSettled(this.watches.all().map((e) => this.sendWatch(Op.WATCH, e)));
    return results.flatMap((r) => (r.status === 'rejected' && !isExists(r.reason) ? [r.reason as Error] : []));
  }

  /** Closes the connection and stops reconnecting; outstanding requests fail. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.session?.close();
  }
}

function isExists(err: unknown): boolean {
  return err instanceof XenstoreError && err.code === 'EEXIST';
}

// The client's watch registry: token -> callback. Events are routed here by token only; the
// same registry is replayed after a reconnect, so callers never re-register their watches.

/** A registered watch; close() unregisters it. */
export interface Watch {
  readonly path: string;
  readonly token: string;
  close(): Promise<void>;
}

export interface WatchEntry {
  path: string;
  token: string;
  onEvent: (eventPath: string) => void;
}

/** Tokens unique within the process, so two clients on one bridge or device never clash. */
export class WatchRegistry {
  private readonly byToken = new Map<string, WatchEntry>();
  private counter = 0;
  private readonly prefix = `ovm-${process.pid}-${Math.random().toString(36).slice(2, 8)}-`;

  /** Adds a watch under a fresh token; done before WATCH is sent, so early events are not lost. */
  add(path: string, onEvent: (eventPath: string) => void): WatchEntry {
    const entry = { path, token: this.prefix + ++this.counter, onEvent };
    this.byToken.set(entry.token, entry);
    return entry;
  }

  delete(token: string): void {
    this.byToken.delete(token);
  }

  /**
   * Calls the watch's callback; unknown tokens (a watch just closed) are ignored. A callback
   * that throws must not break the connection's read loop, so its error goes to `onError`.
   */
  deliver(path: string, token: string, onError: (err: unknown) => void): boolean {
    const entry = this.byToken.get(token);
    if (!entry) return false;
    try {
      entry.onEvent(path);
    } catch (err) {
      onError(err);
    }
    return true;
  }

  all(): WatchEntry[] {
    return [...this.byToken.values()];
  }
}

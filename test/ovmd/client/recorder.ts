// Test helper: collects watch events and waits for a condition on them (an event, not a sleep).

export interface Recorder {
  readonly events: string[];
  readonly onEvent: (path: string) => void;
  /** Resolves once `pred(events)` holds; rejects after `ms` with what was seen. */
  waitFor(pred: (events: string[]) => boolean, ms?: number): Promise<void>;
}

export function recorder(): Recorder {
  const events: string[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    onEvent: (path) => {
      events.push(path);
      for (const w of [...waiters]) w();
    },
    waitFor(pred, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pred(events)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`condition not met within ${ms} ms; events: ${JSON.stringify(events)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}

/** True once `path` has been seen. */
export const saw = (path: string) => (events: string[]) => events.includes(path);

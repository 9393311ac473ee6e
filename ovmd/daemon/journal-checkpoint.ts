// When received values move from the intake journal to the store files. While messages keep
// coming they wait in the journal (each costs one data-only flush there); once the channel has
// been quiet for a moment they go to the store files. A run, a secret and every other store
// change apply them first anyway (param-store.ts). Not queued behind a run in progress: the run
// read its parameters when it started, and each store change is one synchronous step, so values
// that arrive during a long run reach the store files (and `ovmd -p/-r/-x` stop refusing them)
// without waiting for its end.
import { counted } from '../../template.d/render/plural.js';
import type { Log } from './log.js';
import type { ParamStore } from './param-store.js';

/** How long the channel must be quiet before received values go from the journal to the store files. */
const CHECKPOINT_IDLE_MS = 200;

/** Applies the journal now (start, stop) or once the channel is quiet (after each drain). */
export class JournalCheckpoint {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly store: ParamStore, private readonly log: Log) {}

  /** Why: after a drain, the values wait for a quiet moment instead of a store rewrite each. */
  whenIdle(): void {
    this.cancel();
    if (this.store.pendingCount() === 0 || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.now('the channel is quiet');
    }, CHECKPOINT_IDLE_MS);
  }

  /** Why: applies the journal to the store files now; says so when there was anything. */
  now(why: string): void {
    try {
      const n = this.store.checkpoint();
      if (n > 0) this.log.info(`applied ${counted(n, 'received parameter')} from the intake journal to the store (${why})`);
    } catch (error) {
      this.log.error(`cannot apply the intake journal to the store: ${(error as Error).message}; it is kept and tried again`);
    }
  }

  /** Why: the daemon stops: no timer is left, and nothing is scheduled again. */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

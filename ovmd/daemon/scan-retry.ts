// A source scan (Oracle's channel, XAPI's vm-data) that failed on an error answer is read again
// soon: the watch events that came while it ran were folded into the failed drain, so nothing
// else would wake the daemon before the period (minutes). Seen on real Xen: oxenstored now and
// then answers a guest's READ of an existing node with EINVAL.
import type { Log } from './log.js';

export const SCAN_RETRY_FIRST_MS = 1000;
export const SCAN_RETRY_MAX_MS = 30_000;

const NAME = { oracle: 'channel scan', vmData: 'vm-data scan' } as const;
export type ScanSource = keyof typeof NAME;

/** One pending retry per source, 1 s doubling to 30 s; each error said once until a scan works. */
export class ScanRetry {
  private readonly state = {
    oracle: { timer: undefined as NodeJS.Timeout | undefined, delay: SCAN_RETRY_FIRST_MS, said: '' },
    vmData: { timer: undefined as NodeJS.Timeout | undefined, delay: SCAN_RETRY_FIRST_MS, said: '' },
  };

  constructor(private readonly log: Log, private readonly rescan: (source: ScanSource) => void) {}

  /** Why: a failed scan is read again soon, not at the next period. */
  failed(source: ScanSource, error: Error): void {
    const s = this.state[source];
    if (error.message !== s.said) this.log.warn(`${NAME[source]} interrupted: ${error.message}; trying again in ${Math.round(s.delay / 1000)} s`);
    s.said = error.message;
    if (s.timer) return;
    const delay = s.delay;
    s.delay = Math.min(delay * 2, SCAN_RETRY_MAX_MS);
    s.timer = setTimeout(() => {
      s.timer = undefined;
      this.rescan(source);
    }, delay);
  }

  /** A scan with no answer at all: the caller connects afresh. */
  timedOut(source: ScanSource, error: Error): void {
    this.log.warn(`${NAME[source]} interrupted: ${error.message}; connecting to xenstore again`);
  }

  worked(source: ScanSource): void {
    const s = this.state[source];
    if (s.said) this.log.info(`${NAME[source]} works again`);
    s.said = '';
    s.delay = SCAN_RETRY_FIRST_MS;
  }

  stop(): void {
    for (const s of Object.values(this.state)) clearTimeout(s.timer);
  }
}

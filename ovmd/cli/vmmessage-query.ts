// ovm-vmmessage -q: the newest value the guest sent for a key, optionally only one that is newer
// than a starting point (--new, or a batch sent by the same command) and only once it satisfies a
// condition (--until REGEX, --final), waiting up to --wait seconds for it on every from-guest change.
import type { XenstoreClient } from '../client/index.js';
import { fromGuestDir, readFromGuest } from '../vmapi/host.js';
import { LAST_WRITE, nodePath } from '../vmapi/layout.js';

/** What counts as the answer to a query. */
export interface QuerySpec {
  key: string;
  /** Only guest messages numbered above this count (0: every message). */
  after: number;
  /** The newest counted value must pass this test, else the query keeps waiting. */
  accept: (value: string) => boolean;
  waitSec: number;
  /** What is awaited, in words, for the "has not sent" message. */
  wanted: string;
  /** --final: the exit status says how the run went (run-status.ts), not only that a result came. */
  final?: boolean;
}

/**
 * Why: "wait for the configuration result" must skip the "running" announcement that precedes
 * it. Every other state is final (configured, completed, failed, invalid, and any state a newer
 * guest adds), so a new state can never make a wait run to its deadline.
 */
export function isFinalResult(value: string): boolean {
  try {
    const state = (JSON.parse(value) as { state?: unknown }).state;
    return typeof state === 'string' && state !== 'running';
  } catch {
    return false;
  }
}

/** Why: the condition from --until/--final as one test, so the waiting loop stays simple. */
export function acceptFor(until: RegExp | undefined, final: boolean): (value: string) => boolean {
  return (value) => (until ? until.test(value) : true) && (final ? isFinalResult(value) : true);
}

/** Why: --new and send-then-query count from the guest's newest message at this moment. */
export async function newestNumber(xs: XenstoreClient, domid: number): Promise<number> {
  return Math.max(0, ...(await readFromGuest(xs, domid)).map((m) => m.n));
}

/** The newest counted value of the key, if it passes the test. */
async function answer(xs: XenstoreClient, domid: number, spec: QuerySpec): Promise<string | undefined> {
  const value = (await readFromGuest(xs, domid, spec.after)).filter((m) => m.key === spec.key).at(-1)?.value;
  return value !== undefined && spec.accept(value) ? value : undefined;
}

/** Why: resolves with the answer as soon as the guest sends it (a watch, not polling), or undefined at the deadline. */
export async function waitForAnswer(xs: XenstoreClient, domid: number, spec: QuerySpec, onWaiting?: () => void): Promise<string | undefined> {
  const now = await answer(xs, domid, spec);
  if (now !== undefined || spec.waitSec <= 0) return now;
  let timer: NodeJS.Timeout | undefined;
  let check = Promise.resolve();
  const found = new Promise<string | undefined>((resolve, reject) => {
    timer = setTimeout(() => resolve(undefined), spec.waitSec * 1000);
    // The watch fires once when set, which covers a message that arrived since the first look.
    const recheck = () => {
      check = check.then(async () => {
        const value = await answer(xs, domid, spec);
        if (value !== undefined) resolve(value);
      }).catch(reject);
    };
    xs.watch(nodePath(fromGuestDir(domid), LAST_WRITE), recheck).then((w) => {
      onWaiting?.();
      const close = () => void w.close().catch(() => undefined);
      found.then(close, close);
    }, reject);
  });
  try {
    return await found;
  } finally {
    clearTimeout(timer);
  }
}

// Gives memory back after a burst of work (start-up, a configuration run): a daemon that idles
// for days should sit at its floor, not at the peak of its last run. V8 collects lazily, so the
// daemon asks for one full collection once things are quiet again.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Runs a full garbage collection (the `gc` function V8 exposes when asked to). */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** Returns a function that schedules one collection `delayMs` after the last call. */
export function idleCollector(delayMs = 2000): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(collectGarbage, delayMs);
    timer.unref();
  };
}

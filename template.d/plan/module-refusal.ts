// Turns a module whose plan failed into a Refusal. A module refuses a value by exiting 2 with
// `error: <key>: <reason>` (docs/module-protocol.md, "Refusals"); the runner's one-line error
// for that is `exited with status 2: <key>: <reason>`. Any other failed plan (a crash, a
// timeout, a missing tool) refuses the batch too, with no key.
import type { Refusal } from '../params/refusal.js';

const KEYED = /^exited with status 2: ([^\s:]+): (.+)$/;

/** Why: a plan that failed for any reason keeps the whole batch from being applied. */
export function refusalFromError(module: string, error: string): Refusal {
  const keyed = KEYED.exec(error);
  if (keyed) return { key: keyed[1]!, module, reason: keyed[2]! };
  return { key: null, module, reason: error };
}

// Keys of a batch that no installed module declares, under Oracle's prefix: most likely a typo
// (`network.hostnmae`), which every module would silently ignore. Each gets the nearest key the
// installed modules do declare, at the same index, by edit distance (insertions, deletions,
// substitutions and swaps of two neighbours, as a mistyped word has them). Pure.
import type { Descriptor, Params } from '../params/descriptor.js';
import { descriptorFor } from '../params/indexed-keys.js';
import { nearestName } from '../render/nearest-name.js';

/** Oracle's key prefix: keys under it are meant for the installed modules. */
const ORACLE_PREFIX = 'com.oracle.linux.';
const INDEXED = /^(.*)\.(\d+)$/;

/** A declared key moved to the index of `key` when both are indexed (`ipaddr.0` -> `ipaddr.3`). */
function atIndexOf(key: string, known: string): string {
  const want = INDEXED.exec(key);
  const have = INDEXED.exec(known);
  return want && have ? `${have[1]}.${want[2]}` : known;
}

/** Why: the declared key a typo most likely meant, or undefined when none is close. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  return nearestName(key, new Set(known.map((k) => atIndexOf(key, k))), { allowed: Math.max(2, Math.floor(key.length / 8)) });
}

/** Why: one warning per key under com.oracle.linux. that no installed module declares. */
export function unknownKeyWarnings(params: Params, descriptors: readonly Descriptor[]): string[] {
  const known = descriptors.map((d) => d.key);
  return Object.keys(params)
    .filter((key) => key.startsWith(ORACLE_PREFIX) && descriptorFor(descriptors, key) === undefined)
    .map((key) => {
      const near = nearestKey(key, known);
      return `${key}: no installed module declares this key, so every module ignores it${near ? `; did you mean ${near}?` : ''}`;
    });
}

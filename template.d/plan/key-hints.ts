// Keys of a batch that no installed module declares, under Oracle's prefix: most likely a typo
// (`network.hostnmae`), which every module would silently ignore. Each gets the nearest key the
// installed modules do declare, at the same index, by edit distance (insertions, deletions,
// substitutions and swaps of two neighbours, as a mistyped word has them). Pure.
import type { Descriptor, Params } from '../params/descriptor.js';
import { descriptorFor } from '../params/indexed-keys.js';

/** Oracle's key prefix: keys under it are meant for the installed modules. */
const ORACLE_PREFIX = 'com.oracle.linux.';
const INDEXED = /^(.*)\.(\d+)$/;

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one spot). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** A declared key moved to the index of `key` when both are indexed (`ipaddr.0` -> `ipaddr.3`). */
function atIndexOf(key: string, known: string): string {
  const want = INDEXED.exec(key);
  const have = INDEXED.exec(known);
  return want && have ? `${have[1]}.${want[2]}` : known;
}

/** Why: the declared key a typo most likely meant, or undefined when none is close. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const candidate of new Set(known.map((k) => atIndexOf(key, k)))) {
    const d = distance(key, candidate);
    if (!best || d < best.d) best = { key: candidate, d };
  }
  const allowed = Math.max(2, Math.floor(key.length / 8));
  return best && best.d <= allowed ? best.key : undefined;
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

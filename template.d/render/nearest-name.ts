// "Did you mean ...?" for every command and message: the known name closest to a mistyped one,
// by edit distance. Callers decide how close is close enough and how the name is shown. Pure.

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
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

/** How close a candidate must be: at most `allowed` edits; `prefixes`: a name the word begins counts as exact. */
export interface NearestRule {
  allowed: number;
  prefixes?: boolean;
}

/** Why: the candidate a typo most likely meant (the first of equally close ones), or undefined when none is close. */
export function nearestName(typed: string, candidates: Iterable<string>, rule: NearestRule): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const d = rule.prefixes && name.startsWith(typed) ? 0 : editDistance(typed, name);
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= rule.allowed ? best.name : undefined;
}

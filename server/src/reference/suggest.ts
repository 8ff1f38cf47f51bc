import type { BlockContext } from './types';
import { directiveNames, specsIn } from './table';

/**
 * Did-you-mean for an unknown directive name: the closest known name by edit distance (transpositions count one),
 * preferring names that are allowed in `context`. Only close misses qualify: at most 1 edit for short names,
 * 2 for names of 6+ characters, 3 for 12+; so `proxy_passs` → `proxy_pass`, but `foo` → nothing.
 */
export function suggest(name: string, context?: BlockContext): string | undefined {
  const lower = name.toLowerCase();
  const limit = lower.length >= 12 ? 3 : lower.length >= 6 ? 2 : 1;
  let best: { name: string; score: number } | undefined;
  for (const candidate of directiveNames()) {
    if (Math.abs(candidate.length - lower.length) > limit) continue;
    const d = distance(lower, candidate, limit);
    if (d > limit) continue;
    // Prefer what fits here; between equals, the shorter edit, then alphabetical for stable output.
    const fits = context === undefined || specsIn(candidate, context).length > 0;
    const score = d * 2 + (fits ? 0 : 1);
    if (!best || score < best.score || (score === best.score && candidate < best.name)) best = { name: candidate, score };
  }
  return best && best.name !== name ? best.name : undefined;
}

/** Optimal string alignment distance, giving up (returning limit + 1) once every path exceeds `limit`. */
export function distance(a: string, b: string, limit = Infinity): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

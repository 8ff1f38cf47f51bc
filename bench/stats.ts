/** Order statistics over repeated measurements. */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: p95 of 50 values is the 48th smallest.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `fn` `warmup` times, then up to `runs` times; returns each run's wall time in ms. A slow measurement stops
 * repeating once `budgetMs` have gone by (after at least one timed run), so that one slow step cannot hold the
 * whole benchmark for minutes; the number of runs shows in the results.
 */
export function timeRuns(runs: number, fn: () => unknown, warmup = 1, budgetMs = 30_000): number[] {
  const start = performance.now();
  for (let i = 0; i < warmup && performance.now() - start < budgetMs / 3; i++) fn();
  const out: number[] = [];
  // With --expose-gc, each run starts from a collected heap: it pays for its own garbage, not for the last one's.
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < runs; i++) {
    gc?.();
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
    if (performance.now() - start > budgetMs) break;
  }
  return out;
}

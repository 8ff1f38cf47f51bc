import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A full collection before each batch: otherwise a batch may pay for the garbage of the one before it, and a large
// input's single run can land on an old-generation collection that the small input's runs never meet.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** CPU time of this process (user + system) spent in `fn`, in milliseconds. */
function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** How often `fn` must run for a batch of at least 25 ms: inputs parsed in a millisecond are not measured at the clock's grain. */
function repsFor(fn: () => unknown): number {
  let reps = 1;
  for (let once = cpuMs(fn); once < 25 && reps < 1024; once *= 2) reps *= 2;
  return reps;
}

/** Per call, in ms: the process's CPU time and the wall time of a batch of `reps` calls. */
function batch(fn: () => unknown, reps: number): { cpu: number; wall: number } {
  collect();
  const w0 = performance.now();
  const cpu = cpuMs(() => {
    for (let r = 0; r < reps; r++) fn();
  });
  return { cpu: cpu / reps, wall: (performance.now() - w0) / reps };
}

/**
 * How many times longer `large` takes than `small` per call. Both are warmed up, for 150 ms of CPU at least, before
 * either is timed, and their batches alternate, best of `rounds`: timing one input after the other let the JIT
 * optimise during the first and flatter the second (ratios of 12 to 20 for linear work on a loaded machine).
 * Each clock has its own noise: process CPU time counts the collector's background threads (which sweep after
 * each collection), wall time counts other processes. The smaller of the two ratios is the estimate: a step that
 * really grows faster than its input shows in both. Only for ratios between input sizes, never against an
 * absolute bound.
 */
export function timeRatio(small: () => unknown, large: () => unknown, rounds = 5): number {
  // Warm-up by time, not by count: a sub-millisecond parse needs many calls before the JIT has settled on its code.
  for (let spent = 0, i = 0; i < 3 || spent < 150; i++) spent += cpuMs(() => small()) + cpuMs(() => large());
  const repsSmall = repsFor(small);
  const repsLarge = repsFor(large);
  const best = { small: { cpu: Infinity, wall: Infinity }, large: { cpu: Infinity, wall: Infinity } };
  for (let i = 0; i < rounds; i++) {
    for (const [key, fn, reps] of [['small', small, repsSmall], ['large', large, repsLarge]] as const) {
      const b = batch(fn, reps);
      best[key].cpu = Math.min(best[key].cpu, b.cpu);
      best[key].wall = Math.min(best[key].wall, b.wall);
    }
  }
  const ratio = (k: 'cpu' | 'wall'): number => best.large[k] / Math.max(best.small[k], 0.001);
  return Math.min(ratio('cpu'), ratio('wall'));
}

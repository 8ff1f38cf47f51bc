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

function batchMs(fn: () => unknown, reps: number): number {
  collect();
  return cpuMs(() => {
    for (let r = 0; r < reps; r++) fn();
  }) / reps;
}

/**
 * How many times longer `large` takes than `small`, in CPU time per call (other processes on a busy machine do not
 * count). Both are warmed up, for 150 ms of CPU at least, before either is timed, and their batches alternate, best
 * of `rounds`: timing one input after the other let the JIT optimise during the first and flatter the second, which
 * gave ratios of 12 to 20 for linear work on a loaded machine. Only for ratios between input sizes, never against an
 * absolute bound.
 */
export function cpuRatio(small: () => unknown, large: () => unknown, rounds = 5): number {
  // Warm-up by time, not by count: a sub-millisecond parse needs many calls before the JIT has settled on its code.
  for (let spent = 0, i = 0; i < 3 || spent < 150; i++) spent += cpuMs(() => small()) + cpuMs(() => large());
  const repsSmall = repsFor(small);
  const repsLarge = repsFor(large);
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let i = 0; i < rounds; i++) {
    bestSmall = Math.min(bestSmall, batchMs(small, repsSmall));
    bestLarge = Math.min(bestLarge, batchMs(large, repsLarge));
  }
  return bestLarge / Math.max(bestSmall, 0.01);
}

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

/**
 * CPU time per call of `fn`, the best of `runs` batches after a warm-up. A batch repeats `fn` until it has run for
 * at least 25 ms, so that inputs parsed in a millisecond are not measured at the clock's and the scheduler's grain.
 * CPU time, not wall time: other processes on a busy machine do not count. Used only for ratios between input sizes,
 * never against an absolute bound.
 */
export function bestCpuMs(fn: () => unknown, runs = 3): number {
  let reps = 1;
  for (let once = cpuMs(fn); once < 25 && reps < 1024; once *= 2) reps *= 2;
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    collect();
    best = Math.min(best, cpuMs(() => {
      for (let r = 0; r < reps; r++) fn();
    }) / reps);
  }
  return best;
}

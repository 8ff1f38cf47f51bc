import { Session } from 'node:inspector';

// Growth measured by counting, not timing: V8's precise block coverage counts how often each block of JavaScript
// ran, exactly and whatever else the machine is doing. The sum over the product's code (server/src) is the work a
// call did; a loop over the whole input inside a loop over the input shows as the square of its size.

const session = new Session();
session.connect();
// The in-thread session answers synchronously: each callback has run when `post` returns.
session.post('Profiler.enable');
session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

const PRODUCT = '/server/src/';

/** Block executions in server/src since the last call (taking the coverage resets its counters). */
function takeCount(): number {
  let total = 0;
  let answered = false;
  session.post('Profiler.takePreciseCoverage', (err, r) => {
    if (err) throw err;
    answered = true;
    for (const script of r.result) {
      if (!script.url.includes(PRODUCT)) continue;
      for (const f of script.functions) for (const range of f.ranges) total += range.count;
    }
  });
  if (!answered) throw new Error('the inspector answered asynchronously: block counts are not available');
  return total;
}

/**
 * Natives scan text without running any block of ours: `indexOf` from a word's start used to read to the end of
 * the text for every word. Each call here counts the characters it read.
 */
function countingIndexOf(): { restore: () => void; scanned: () => number } {
  const original = String.prototype.indexOf;
  let scanned = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number): number {
    const start = Math.max(0, Math.min(from ?? 0, this.length));
    const at = original.call(this, search, start);
    scanned += (at < 0 ? this.length : at) - start;
    return at;
  };
  return { restore: () => void (String.prototype.indexOf = original), scanned: () => scanned };
}

/** The work `fn` did: blocks of server/src run, plus characters `indexOf` read. Deterministic for a given input. */
export function workOf(fn: () => unknown): number {
  takeCount();
  const indexOf = countingIndexOf();
  try {
    fn();
  } finally {
    indexOf.restore();
  }
  return takeCount() + indexOf.scanned();
}

/** How many times more work `large` did than `small`. */
export function workRatio(small: () => unknown, large: () => unknown): number {
  return workOf(large) / Math.max(workOf(small), 1);
}

/**
 * The best of `runs` runs after a warm-up, in CPU time of this process (user + system), so that other processes on a
 * busy machine do not count. Used only for ratios between input sizes, never against an absolute bound.
 */
export function bestCpuMs(fn: () => unknown, runs = 3): number {
  fn();
  let t = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    t = Math.min(t, (c.user + c.system) / 1000);
  }
  return t;
}

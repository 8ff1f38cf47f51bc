// The esbuild options every bundle shares: the product (scripts/build.mjs), the in-editor tests
// (scripts/e2e.mjs) and the benchmark (scripts/bench.mjs) are built for the same Node the same way.
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // The reference library is ESM; bundling turns it into plain CommonJS.
  mainFields: ['module', 'main'],
};

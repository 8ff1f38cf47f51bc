// A node:test reporter that writes only `{"passed":N,"failed":N,"skipped":N}` for the tests themselves
// (suites not counted): scripts/test.mjs reads it for its closing summary.
export default async function* countReporter(source) {
  const n = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    const data = event.data;
    if (data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass') {
      if (data.skip || data.todo) n.skipped++;
      else n.passed++;
    } else if (event.type === 'test:fail') n.failed++;
  }
  yield JSON.stringify(n);
}

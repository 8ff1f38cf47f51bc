// Entry point that VS Code's extension host loads as `extensionTestsPath`: runs every bundled
// `*.e2e.js` beside this file with mocha and rejects when any test failed.
// To add a test: write test/e2e/NAME.e2e.ts (mocha's describe/it; helpers.ts opens fixtures and
// polls) with its files under test/e2e/fixtures/; scripts/e2e.mjs bundles and runs it.
// `node scripts/e2e.mjs --grep TEXT` runs only the tests whose titles match.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Mocha's spec output, closed by a plain `N passed, N failed` line that any log reader can count. */
class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      const skipped = s && s.pending > 0 ? `, ${s.pending} skipped` : '';
      console.log(`${s?.passes ?? 0} passed, ${s?.failures ?? 0} failed${skipped}`);
    });
  }
}

export async function run(): Promise<void> {
  // The editor forwards console arguments unformatted, so hand it one finished line.
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(format(...data));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000, reporter: SpecWithTotals });
  const only = process.env.NGINX_WS_E2E_GREP;
  if (only) mocha.grep(only);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort();
  if (files.length === 0) throw new Error(`no *.e2e.js test files next to ${__filename}`);
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} in-editor test(s) failed`);
}

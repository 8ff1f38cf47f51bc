// Each scenario: our analysis flags the broken config, which misbehaves on a real nginx; the config our own
// quick fixes make of it passes `nginx -t` and behaves.
import { after, test } from 'node:test';
import { record, writeResults, type Column } from './lab/results';
import { flaggedBy, quickFixed, runSide } from './lab/scenario';
import { scenarios } from './scenarios';

async function step(scenario: string, rules: string[], column: Column, run: () => Promise<string> | string): Promise<void> {
  try {
    record(scenario, rules, column, await run());
  } catch (err) {
    record(scenario, rules, column, `FAILED: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    throw err;
  }
}

for (const s of scenarios) {
  test(`${s.name} [${s.rules.join(', ')}]`, async (t) => {
    await t.test('flagged by our analysis', () => step(s.name, s.rules, 'flagged', () => flaggedBy(s)));
    await t.test('broken', () => step(s.name, s.rules, 'broken', () => runSide(s, 'broken')));
    await t.test('fixed by our quick fix', () =>
      step(s.name, s.rules, 'fixed', async () => {
        const { applied } = quickFixed(s);
        return `${applied.map((a) => `«${a}»`).join(' + ')} → ${await runSide(s, 'fixed')}`;
      }),
    );
  });
}

after(() =>
  writeResults(
    'Live lab: nginx 1.22 (Debian) with real ws backends',
    'Analysis as nginx 1.22.1 with a 1 s heartbeat (times scaled 30:1: 2 s stands for the 60 s default). ' +
      'The fixed config is the broken one after the preferred quick fixes of the rule (re-analysed until it no longer fires), ' +
      'or after "fix all" where marked; it passes `nginx -t` before it runs.',
  ),
);

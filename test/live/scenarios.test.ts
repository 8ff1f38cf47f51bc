// Each scenario: its broken config misbehaves on a real nginx, its fixed config does not.
import { after, test } from 'node:test';
import { record, writeResults } from './lab/results';
import { runSide } from './lab/scenario';
import { scenarios } from './scenarios';

for (const s of scenarios) {
  test(`${s.name} [${s.rule}]`, async (t) => {
    for (const side of ['broken', 'fixed'] as const) {
      await t.test(side, async () => {
        try {
          record(s.name, s.rule, side, await runSide(s, side));
        } catch (err) {
          record(s.name, s.rule, side, `FAILED: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
          throw err;
        }
      });
    }
  });
}

after(() => writeResults('Live lab: nginx 1.22 (Debian) with real ws backends'));

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../server/src/service/analyze';
import { corpusDir } from '../../support/paths';

/** Configs that Debian's nginx 1.22 accepts: no rule may call any of them broken (an error is a false positive). */
describe('configs nginx accepts get no error from any rule', () => {
  const dir = path.join(corpusDir, 'valid', 'nginx-tests');
  const accepted = fs.readFileSync(path.join(dir, 'ACCEPTED-BY-NGINX-1.22.txt'), 'utf8').split('\n').filter((l) => l.endsWith('.conf'));

  test(`all ${accepted.length} accepted nginx-tests configs`, () => {
    assert.ok(accepted.length > 200, 'the corpus list must be there');
    const errors: string[] = [];
    for (const f of accepted) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      // Their includes name files of nginx's test harness that the corpus does not ship: those are not ours to judge.
      for (const x of analyzeText(`file://${path.join(dir, f)}`, text).findings) {
        if (x.severity === 'error' && x.rule !== 'include-not-found') errors.push(`${f}:${x.range.start.line + 1} ${x.rule}: ${x.message}`);
      }
    }
    assert.deepEqual(errors, []);
  });
});

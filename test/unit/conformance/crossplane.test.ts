import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from '../../../server/src/parser/parse';
import { normalizeCrossplane, readCrossplane, toCrossplane } from '../../support/crossplane';
import { corpusDir } from '../../support/paths';

/** nginx-tests files where nginx itself disagrees with crossplane, with the reason; nginx wins. */
const NGINX_TESTS_DISAGREE: Record<string, string> = {
  'access_log.conf':
    'in `varlog_${arg_logname} test` nginx ends the word at the space (its `${` rule only keeps the `{`); crossplane reads on to the `}` and swallows the space',
};

/**
 * crossplane cases where nginx disagrees with crossplane. nginx wins: each entry says why and checks what nginx does instead.
 */
const NGINX_DISAGREES: Record<string, { reason: string; check: (caseDir: string) => void }> = {
  'crossplane/quote-behavior': {
    reason: 'nginx requires a space after a closing quote: `"left"-quote` is `unexpected "-"` in nginx; crossplane splits it into two words',
    check: (dir) => assert.equal(firstError(path.join(dir, 'nginx.conf')), '1: unexpected "-"'),
  },
  'crossplane/messy': {
    reason:
      'in `/abc/${uri} /abc/${uri}.html` nginx ends the word at the space; crossplane reads `${` on to the `}`. ' +
      'A comment ending in a backslash keeps it in nginx; crossplane drops it',
    check: (dir) => {
      const file = parse(fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8'));
      assert.deepEqual(file.errors, []);
      const words = JSON.stringify(toCrossplane(file.children));
      assert.ok(words.includes('"/abc/${uri}","/abc/${uri}.html","=404"'), words);
    },
  },
  'crossplane/missing-semicolon': {
    reason: 'crossplane failed to open the file when the reference was made: its JSON holds no parse',
    check: (dir) => {
      assert.equal(firstError(path.join(dir, 'broken-above.conf')), '5: unexpected "}"');
      assert.equal(firstError(path.join(dir, 'broken-below.conf')), '8: unexpected "}"');
    },
  },
};

function firstError(confPath: string): string | undefined {
  const e = parse(fs.readFileSync(confPath, 'utf8')).errors[0];
  return e && `${e.nginxLine}: ${e.message}`;
}

function checkFile(confPath: string, expected: ReturnType<typeof readCrossplane>['config'][number]): void {
  const text = fs.readFileSync(confPath, 'utf8');
  const file = parse(text);
  assert.deepEqual(file.errors, [], `${confPath}: unexpected syntax errors`);
  assert.deepEqual(toCrossplane(file.children), normalizeCrossplane(expected.parsed), confPath);
}

describe('parses like crossplane: nginx test suite configs', () => {
  const dir = path.join(corpusDir, 'valid', 'nginx-tests');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.conf'));
  test(`all ${files.length} nginx-tests configs`, () => {
    assert.ok(files.length > 400, 'the corpus must be present');
    let agree = 0;
    const failures: string[] = [];
    for (const f of files) {
      if (NGINX_TESTS_DISAGREE[f]) {
        console.log(`${f}: nginx and crossplane disagree, nginx wins: ${NGINX_TESTS_DISAGREE[f]}`);
        continue;
      }
      const [expected] = readCrossplane(path.join(dir, `${f}.crossplane.json`)).config;
      try {
        checkFile(path.join(dir, f), expected);
        agree++;
      } catch (e) {
        failures.push(`${f}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    const compared = files.length - Object.keys(NGINX_TESTS_DISAGREE).length;
    console.log(`crossplane agreement, nginx-tests: ${agree}/${compared} (plus ${files.length - compared} where nginx disagrees with crossplane)`);
    assert.deepEqual(failures, []);
  });
});

describe('parses like crossplane: multi-file layouts and crossplane cases', () => {
  const cases = [
    'valid/nginx-conf',
    'valid/h5bp',
    ...fs
      .readdirSync(path.join(corpusDir, 'crossplane'))
      .filter((d) => fs.statSync(path.join(corpusDir, 'crossplane', d)).isDirectory())
      .map((d) => `crossplane/${d}`),
  ];
  for (const c of cases) {
    const caseDir = path.join(corpusDir, c);
    const reason = NGINX_DISAGREES[c];
    test(c, () => {
      const expected = readCrossplane(path.join(caseDir, 'expected.crossplane.json'));
      if (reason) {
        console.log(`${c}: nginx and crossplane disagree, nginx wins: ${reason.reason}`);
        reason.check(caseDir);
        return;
      }
      assert.ok(expected.config.length > 0);
      for (const x of expected.config) checkFile(path.join(caseDir, x.file), x);
    });
  }
});

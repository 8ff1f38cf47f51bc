// Pathological inputs: each is parsed and analysed to the end, without overflowing the stack, and 4x the input
// does about 4x the work (under 6x, where a quadratic step would do 16x). Work is counted, not timed (workCount.ts):
// a loaded machine cannot fail these; how the time grows is the bench's business (npm run bench).
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../../../server/src/parser/parse';
import { analyzeText } from '../../../server/src/service/analyze';
import { MAX_FILE_BYTES } from '../../../server/src/workspace/graph';
import { workRatio } from './workCount';
import { checkAnalysis, checkParse } from './invariants';

/** A fixed pseudo-random sequence, so that the garbage is the same in every run. */
function garbage(n: number): string {
  let x = 0x9e3779b9;
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 255;
  }
  return bytes.toString('latin1');
}

interface Case {
  name: string;
  /** The input at scale `n`. */
  make: (n: number) => string;
  /** Scaling is measured between `n` and `4n`. */
  n: number;
  /** The size the input must finish at (parsed, checked and analysed once); default `4n`. */
  full?: number;
}

const CASES: Case[] = [
  { name: '100,000 unclosed {', make: (n) => `http {\n${'a {'.repeat(n)}`, n: 25_000 },
  { name: 'a 5 MB single line of statements', make: (n) => 'location /a { return 200 "x"; } '.repeat(Math.round(n / 32)), n: 250_000, full: 5_000_000 },
  { name: 'a 5 MB single word (nginx: too long parameter, every 4 KB)', make: (n) => `a ${'x'.repeat(n)};`, n: 1_250_000, full: 5_000_000 },
  { name: '100,000 # comments', make: (n) => '# a comment line, { with ; "braces\n'.repeat(n), n: 25_000 },
  { name: 'if nested 10,000 levels', make: (n) => `http { server { location / {\n${'if ($a) {\n'.repeat(n)}${'}\n'.repeat(n)}}}}\n`, n: 2_500 },
  { name: '10,000 nested blocks', make: (n) => `${'b {\n'.repeat(n)}${'}\n'.repeat(n)}`, n: 2_500 },
  { name: 'an unterminated quote at the end of a large file', make: (n) => `${'server { listen 127.0.0.1:80; }\n'.repeat(Math.round(n / 32))}return 200 "abc`, n: 250_000 },
  { name: 'binary garbage', make: garbage, n: 250_000 },
  { name: '200,000 stray }', make: (n) => '}\n'.repeat(n), n: 50_000 },
  { name: 'a Lua block of 100,000 unclosed long brackets', make: (n) => `content_by_lua_block {\n${'[[ { '.repeat(n)}`, n: 25_000 },
];

describe('pathological inputs finish, with work proportional to their size', { timeout: 240_000 }, () => {
  for (const c of CASES) {
    test(c.name, (t) => {
      // The full input: a consistent tree, and an analysis that does not throw.
      const full = c.make(c.full ?? 4 * c.n);
      checkParse(full);
      checkAnalysis(full);

      const small = c.make(c.n);
      const large = c.make(4 * c.n);
      // A larger file is not analysed at all (include-limit): its analysis would take no time.
      assert.ok(large.length <= MAX_FILE_BYTES, `${large.length} characters is over the analysed size`);
      const parseRatio = workRatio(() => parse(small), () => parse(large));
      const analyze = (text: string) => () => analyzeText('file:///blowup/nginx.conf', text);
      const analysisRatio = workRatio(analyze(small), analyze(large));
      t.diagnostic(`4x the input: parse ${parseRatio.toFixed(2)}x, analysis ${analysisRatio.toFixed(2)}x the work`);
      assert.ok(parseRatio < 6, `parse: 4x the input did ${parseRatio.toFixed(2)}x the work`);
      assert.ok(analysisRatio < 6, `analysis: 4x the input did ${analysisRatio.toFixed(2)}x the work`);
    });
  }
});

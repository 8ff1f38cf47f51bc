// Property-based robustness of the parser: on any input it returns a consistent tree whose spans reconstruct the
// source. See invariants.ts for what is checked and spans.ts for what "reconstruct" means.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkParse } from './invariants';
import { corpusTexts, fcParams, mutatedCorpus, randomBytesText, statementSoup, tokenSoup } from './generators';

// A hang is a failure too: no test here should come near this.
const GUARD = { timeout: 120_000 };

describe('parse on any input', () => {
  test('every valid corpus file', GUARD, () => {
    let directives = 0;
    for (const text of corpusTexts()) directives += checkParse(text).stats.directives;
    assert.ok(directives > 10_000, `the corpus parsed into ${directives} directives`);
  });

  test('random bytes (UTF-8 and latin1)', GUARD, () => {
    fc.assert(
      fc.property(randomBytesText, (text) => {
        checkParse(text);
      }),
      fcParams(400),
    );
  });

  test('token soups: words, quotes, ;{}#$\\, line breaks, ${, Lua brackets', GUARD, () => {
    let errors = 0;
    let rawBodies = 0;
    let deep = 0;
    fc.assert(
      fc.property(tokenSoup, (text) => {
        const { stats } = checkParse(text);
        errors += stats.errors;
        rawBodies += stats.rawBodies;
        deep = Math.max(deep, stats.maxDepth);
      }),
      fcParams(1500),
    );
    // The soups must reach recovery, Lua bodies and nesting, or they test little.
    assert.ok(errors > 0 && rawBodies > 0 && deep >= 3, `errors ${errors}, raw bodies ${rawBodies}, depth ${deep}`);
  });

  test('statement soups: blocks, directives and stray tokens', GUARD, () => {
    fc.assert(
      fc.property(statementSoup, (text) => {
        checkParse(text);
      }),
      fcParams(800),
    );
  });

  test('mutated corpus files: characters and lines deleted, inserted, duplicated, swapped, cut', GUARD, () => {
    fc.assert(
      fc.property(mutatedCorpus, (text) => {
        checkParse(text);
      }),
      fcParams(400),
    );
  });
});

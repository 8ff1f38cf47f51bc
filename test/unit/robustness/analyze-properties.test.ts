// Property-based robustness of the whole analysis: `analyzeText` with every rule never throws, whatever the
// input, and what it reports about the text lies inside the text.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { rules } from '../../../server/src/rules';
import { checkAnalysis } from './invariants';
import { corpusTexts, fcParams, mutatedCorpus, randomBytesText, statementSoup, tokenSoup } from './generators';

const GUARD = { timeout: 180_000 };

describe('analyzeText on any input, all rules', () => {
  test('every rule is on by default', () => {
    assert.ok(rules.length >= 8);
    for (const r of rules) assert.notEqual(r.defaultSeverity, 'off');
  });

  test('every valid corpus file', GUARD, () => {
    let findings = 0;
    for (const text of corpusTexts()) findings += checkAnalysis(text);
    assert.ok(findings > 0);
  });

  test('random bytes (UTF-8 and latin1)', GUARD, () => {
    fc.assert(fc.property(randomBytesText, (text) => void checkAnalysis(text)), fcParams(150));
  });

  test('token soups', GUARD, () => {
    fc.assert(fc.property(tokenSoup, (text) => void checkAnalysis(text)), fcParams(300));
  });

  test('statement soups', GUARD, () => {
    fc.assert(fc.property(statementSoup, (text) => void checkAnalysis(text)), fcParams(300));
  });

  test('mutated corpus files', GUARD, () => {
    let findings = 0;
    fc.assert(
      fc.property(mutatedCorpus, (text) => {
        findings += checkAnalysis(text);
      }),
      fcParams(300),
    );
    assert.ok(findings > 0, 'mutated configs produce findings');
  });
});

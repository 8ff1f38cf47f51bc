// Property-based robustness of the formatter: on any input it either leaves a broken file alone or returns text
// with the same directive tree, which formats to itself; it never throws and its own check never fails.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyEdits, editsInRange, formatText } from '../../../server/src/format/format';
import { parse } from '../../../server/src/parser/parse';
import { directiveTree } from '../../support/formatCorpus';
import { fcParams, mutatedCorpus, randomBytesText, statementSoup, tokenSoup } from './generators';

const GUARD = { timeout: 120_000 };

const SPACE = fc.constantFrom(' ', '   ', '\t', '\n', '\n\n\n', '\r\n', ' \t\n  ', '\n    ');
const WORD = fc.constantFrom('listen', '80', '$host', '${VAR}', '"a b"', "'{\"k\": \"$v\"}'", '"^/x{3}$"', '"multi\n  line"', '($a', '"b")', 'a\\ b', '~*', "'\\''");
const COMMENT = fc.constantFrom('# note', '#', '# { ; }', "# it's");
const LUA = fc.constantFrom(' ngx.say("}") ', '\n  local t = { 1 }\n    ngx.say(t)\n  ', '\n  local s = [[\n  x]]\n', '');

/** Well-formed configs of random shape and spacing: directives, blocks, Lua blocks and comments anywhere a line allows. */
const wellFormed: fc.Arbitrary<string> = fc.letrec<{ body: string; stmt: string }>((tie) => ({
  stmt: fc.oneof(
    { weight: 4, arbitrary: fc.tuple(WORD, fc.array(fc.tuple(SPACE, WORD), { maxLength: 4 }), fc.constantFrom('', ' ', '\n')).map(([n, args, sp]) => `d${n.replace(/\W/g, '')}${args.map(([s, w]) => s + w).join('')}${sp};`) },
    { weight: 1, arbitrary: fc.tuple(SPACE, tie('body')).map(([sp, body]) => `server${sp}{${body}}`) },
    { weight: 1, arbitrary: fc.tuple(SPACE, LUA).map(([sp, lua]) => `content_by_lua_block${sp}{${lua}}`) },
    { weight: 1, arbitrary: COMMENT.map((c) => `${c}\n`) },
  ),
  body: fc.array(fc.tuple(SPACE, tie('stmt')), { maxLength: 5, depthIdentifier: 'body' }).map((xs) => xs.map(([s, x]) => s + x).join('') + '\n'),
})).body;

/** Formats `text` with `indent`; returns whether it was formatted (false: a syntax error, left alone). */
function checkFormat(text: string, indent: string): boolean {
  const r = formatText(text, { indent });
  if (r.kind === 'syntax-error') {
    assert.ok(parse(text).errors.length > 0);
    return false;
  }
  assert.equal(r.kind, 'formatted', r.kind === 'unsafe' ? r.reason : '');
  if (r.kind !== 'formatted') return false;
  assert.deepEqual(directiveTree(parse(r.text).children), directiveTree(parse(text).children));
  const again = formatText(r.text, { indent });
  assert.equal(again.kind === 'formatted' ? again.text : again.kind, r.text);
  return true;
}

describe('format on any input', () => {
  for (const [name, input, runs] of [
    ['random bytes', randomBytesText, 300],
    ['token soups', tokenSoup, 1500],
    ['statement soups', statementSoup, 1500],
    ['mutated corpus files', mutatedCorpus, 300],
    ['well-formed configs of random spacing', wellFormed, 1000],
  ] as const) {
    test(`${name}: a broken file is left alone, any other keeps its tree and is stable`, GUARD, () => {
      let formatted = 0;
      fc.assert(
        fc.property(input, fc.constantFrom('    ', '\t', '  '), (text, indent) => {
          if (checkFormat(text, indent)) formatted++;
        }),
        fcParams(runs),
      );
      if (name !== 'random bytes' && name !== 'token soups') assert.ok(formatted > 0, 'some inputs must be formatted');
    });
  }

  test('any subset of a formatting\'s edits (a range) keeps the directive tree', GUARD, () => {
    fc.assert(
      fc.property(fc.oneof(statementSoup, wellFormed), fc.nat(), fc.nat(), (text, a, b) => {
        const r = formatText(text, { indent: '    ' });
        if (r.kind !== 'formatted') return;
        const [start, end] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y);
        const out = applyEdits(text, editsInRange(r.edits, start, end));
        assert.deepEqual(directiveTree(parse(out).children), directiveTree(parse(text).children));
        assert.equal(parse(out).errors.length, 0);
      }),
      fcParams(1000),
    );
  });
});

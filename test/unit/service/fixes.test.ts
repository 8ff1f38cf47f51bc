import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineIndex } from '../../../server/src/parser/lineIndex';
import { applyFixesOnce, fixTexts, minimalEdit, type Analyzer } from '../../../server/src/service/fixes';
import type { Finding } from '../../../server/src/service/types';
import type { PosRange } from '../../../server/src/rules/types';

// The engine is tested with findings built by hand (a fake analyzer of regex "rules"), so that each case
// pins the engine's behaviour independently of which real rules offer fixes today.

const A = 'file:///conf/a.conf';
const B = 'file:///conf/b.conf';

function range(text: string, start: number, end: number): PosRange {
  const ix = new LineIndex(text);
  const s = ix.loc(start);
  const e = ix.loc(end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

interface FakeRule {
  id: string;
  re: RegExp;
  replace: string;
  preferred?: boolean;
  /** Edit this other URI instead of the match's own (a cross-file fix), at offset 0. */
  editUri?: string;
}

/** Each match of each rule is a finding whose fix replaces the match. `BROKEN` anywhere is a syntax error. */
function fake(rules: FakeRule[]): Analyzer {
  return (texts) => {
    const out = new Map<string, Finding[]>();
    for (const [uri, text] of texts) {
      const list: Finding[] = [];
      const broken = text.indexOf('BROKEN');
      if (broken !== -1) {
        list.push({ rule: 'syntax', severity: 'error', message: 'unexpected "BROKEN"', uri, range: range(text, broken, broken + 6), fixes: [] });
      }
      for (const r of rules) {
        for (const m of text.matchAll(new RegExp(r.re.source, 'g'))) {
          const at = m.index ?? 0;
          const r0 = range(text, at, at + m[0].length);
          const edit = r.editUri
            ? { uri: r.editUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: r.replace }
            : { uri, range: r0, newText: r.replace };
          list.push({
            rule: r.id,
            severity: 'warning',
            message: r.id,
            uri,
            range: r0,
            fixes: [{ title: `fix ${r.id}`, preferred: r.preferred ?? true, edits: [edit] }],
          });
        }
      }
      out.set(uri, list);
    }
    return out;
  };
}

describe('fixTexts', () => {
  test('applies a preferred fix and leaves every other character alone', () => {
    const text = 'server {\r\n    proxy_http_version 1.0;\r\n}\r\n';
    const out = fixTexts(new Map([[A, text]]), fake([{ id: 'v', re: /1\.0/, replace: '1.1' }]));
    assert.equal(out.texts.get(A), 'server {\r\n    proxy_http_version 1.1;\r\n}\r\n');
    assert.equal(out.applied, 1);
    assert.equal(out.passes, 1);
    assert.deepEqual(out.findings.get(A), []);
  });

  test('non-preferred fixes are never applied', () => {
    const out = fixTexts(new Map([[A, 'a 1.0;']]), fake([{ id: 'v', re: /1\.0/, replace: '1.1', preferred: false }]));
    assert.equal(out.texts.size, 0);
    assert.equal(out.applied, 0);
  });

  test('touching and overlapping fixes wait for the next pass, as in ESLint', () => {
    // "aa" -> "a": matches at 0 and 2 touch, so each pass takes one; the text converges in three passes.
    const out = fixTexts(new Map([[A, 'aaaa;']]), fake([{ id: 'dup', re: /aa/, replace: 'a' }]));
    assert.equal(out.texts.get(A), 'a;');
    assert.equal(out.passes, 3);
    assert.equal(out.applied, 3);
  });

  test('separate fixes in one file all apply in one pass', () => {
    const out = fixTexts(new Map([[A, 'x 1.0;\ny 1.0;\nz 1.0;\n']]), fake([{ id: 'v', re: /1\.0/, replace: '1.1' }]));
    assert.equal(out.texts.get(A), 'x 1.1;\ny 1.1;\nz 1.1;\n');
    assert.equal(out.passes, 1);
    assert.equal(out.applied, 3);
  });

  test('fixes that undo each other stop at the pass bound', () => {
    const out = fixTexts(
      new Map([[A, 'x;']]),
      fake([
        { id: 'xy', re: /x/, replace: 'y' },
        { id: 'yx', re: /y/, replace: 'x' },
      ]),
      { maxPasses: 4 },
    );
    assert.equal(out.passes, 4);
    assert.equal(out.texts.size, 0, 'four flips bring the text back to where it started');
  });

  test('a file with a syntax error is never touched; other files still are', () => {
    const rules = [{ id: 'v', re: /1\.0/, replace: '1.1' }];
    const out = fixTexts(
      new Map([
        [A, 'BROKEN 1.0;'],
        [B, 'ok 1.0;'],
      ]),
      fake(rules),
    );
    assert.equal(out.texts.has(A), false);
    assert.equal(out.texts.get(B), 'ok 1.1;');
    assert.deepEqual(out.syntaxErrors, [A]);
  });

  test('a fix that would break the syntax is undone and its file left as it was', () => {
    const out = fixTexts(
      new Map([
        [A, 'good;'],
        [B, 'plain 1.0;'],
      ]),
      fake([
        { id: 'breaks', re: /good/, replace: 'BROKEN' },
        { id: 'v', re: /1\.0/, replace: '1.1' },
      ]),
    );
    assert.equal(out.texts.has(A), false);
    assert.deepEqual(out.reverted, [A]);
    assert.equal(out.texts.get(B), 'plain 1.1;');
    assert.deepEqual(out.findings.get(A)?.map((f) => f.rule), ['breaks']);
  });

  test('a fix may edit another file of the set, but not a file outside it', () => {
    const into = fixTexts(
      new Map([
        [A, 'needs;'],
        [B, 'b;'],
      ]),
      fake([{ id: 'x', re: /needs/, replace: 'upstream app {}\n', editUri: B }]),
      { maxPasses: 1 },
    );
    assert.equal(into.texts.get(B), 'upstream app {}\nb;');
    assert.equal(into.texts.has(A), false);

    const outside = fixTexts(new Map([[A, 'needs;']]), fake([{ id: 'x', re: /needs/, replace: 'y', editUri: B }]));
    assert.equal(outside.texts.size, 0);
    assert.equal(outside.applied, 0);
  });
});

describe('applyFixesOnce', () => {
  const text = 'abcdef';
  const finding = (edits: [number, number, string][]): Finding => ({
    rule: 'r',
    severity: 'hint',
    message: 'm',
    uri: A,
    range: range(text, edits[0][0], edits[0][1]),
    fixes: [{ title: 't', preferred: true, edits: edits.map(([s, e, n]) => ({ uri: A, range: range(text, s, e), newText: n })) }],
  });

  test('a multi-edit fix is taken whole or not at all', () => {
    const first = finding([[0, 1, 'A']]);
    // Its second edit overlaps the first fix: none of its edits may land.
    const second = finding([
      [4, 5, 'E'],
      [0, 1, 'Z'],
    ]);
    const out = applyFixesOnce(new Map([[A, text]]), [first, second]);
    assert.equal(out.texts.get(A), 'Abcdef');
    assert.equal(out.applied, 1);
  });

  test('edits of one fix apply together, whatever their order', () => {
    const out = applyFixesOnce(
      new Map([[A, text]]),
      [
        finding([
          [5, 6, 'F'],
          [0, 0, '>'],
        ]),
      ],
    );
    assert.equal(out.texts.get(A), '>abcdeF');
  });

  test('locked files are skipped', () => {
    const out = applyFixesOnce(new Map([[A, text]]), [finding([[0, 1, 'A']])], new Set([A]));
    assert.equal(out.applied, 0);
    assert.equal(out.texts.size, 0);
  });
});

describe('minimalEdit', () => {
  function apply(before: string, after: string): string {
    const m = minimalEdit(before, after);
    return before.slice(0, m.start) + m.newText + before.slice(m.end);
  }

  test('keeps the common prefix and suffix', () => {
    assert.deepEqual(minimalEdit('listen 80;\nproxy_http_version 1.0;\n', 'listen 80;\nproxy_http_version 1.1;\n'), {
      // "listen 80;\n" is 11 characters, "proxy_http_version 1." 21 more: the `0` is at 32.
      start: 32,
      end: 33,
      newText: '1',
    });
  });

  test('never cuts a CRLF or a surrogate pair in two', () => {
    for (const [before, after] of [
      ['a\r\nb', 'a\nb'],
      ['x\u{1F600}y', 'x\u{1F601}y'],
      ['a\r\n', 'a\r\r\n'],
    ]) {
      const m = minimalEdit(before, after);
      assert.equal(apply(before, after), after);
      for (const cut of [m.start, m.end]) {
        const c = before.charCodeAt(cut);
        assert.ok(!(c === 10 && before.charCodeAt(cut - 1) === 13), `cut inside CRLF at ${cut} in ${JSON.stringify(before)}`);
        assert.ok(!(c >= 0xdc00 && c <= 0xdfff), `cut inside a surrogate pair at ${cut} in ${JSON.stringify(before)}`);
      }
    }
  });

  test('identical texts give an empty edit', () => {
    const m = minimalEdit('same', 'same');
    assert.equal(m.newText, '');
    assert.equal(m.start, m.end);
  });
});

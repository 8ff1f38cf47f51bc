// Parser bugs found by the robustness tests, each pinned by the smallest input that showed it.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Directive, Statement } from '../../../server/src/parser/ast';
import { MAX_NESTING, parse } from '../../../server/src/parser/parse';
import { lexicalSpans } from '../../../server/src/parser/spans';
import { analyzeText } from '../../../server/src/service/analyze';
import { checkParse, withoutRuleFailures } from './invariants';
import { workRatio } from './workCount';

function directives(list: Statement[]): Directive[] {
  return list.filter((s): s is Directive => s.kind === 'directive');
}

describe('parser regressions', () => {
  test('a quoted word closed right at the end of the text is one word, not two', () => {
    // Was: args ["\"b\"", "b\""], the second a copy of the first without its opening quote.
    const f = parse('a "b"');
    const [d] = directives(f.children);
    assert.deepEqual(
      d.args.map((a) => [a.raw, a.value, a.quote]),
      [['"b"', 'b', 'double']],
    );
    assert.deepEqual(
      f.errors.map((e) => e.message),
      ['unexpected end of file, expecting ";" or "}"'],
    );
    // A quoted name closed at the end: the name, no argument.
    const [n] = directives(parse('"a"').children);
    assert.equal(n.name, 'a');
    assert.deepEqual(n.args, []);
    checkParse('a "b"');
    checkParse("x 'y'");
  });

  test('a too long parameter that starts with "{" opens no block', () => {
    // Was: the error's offset pointed at the `{` inside the quotes, and recovery opened a nameless block there.
    const text = `server"{"{${'w'.repeat(4100)} rest;`;
    const f = parse(text);
    assert.equal(f.errors[0].message, 'too long parameter, probably missing terminating """ character');
    const [server] = directives(f.children);
    assert.equal(server.name, 'server"');
    const inner = server.block ? directives(server.block.children) : [];
    assert.ok(
      inner.every((d) => d.name !== ''),
      'no nameless block',
    );
    checkParse(text);
  });

  test("a word's unescaping looks only inside the word (a line of 200,000 statements parses in linear time)", () => {
    // Was: `indexOf('\\')` from each word's start scanned to the end of the text: quadratic without backslashes.
    // Short statements on one line: the words of one long statement would all survive young-generation
    // collections together, which is no test of the scan.
    const words = (n: number): string => 'a b; '.repeat(n);
    const small = words(50_000);
    const large = words(200_000);
    const ratio = workRatio(() => parse(small), () => parse(large));
    // Linear work gives 4; the quadratic scan (characters indexOf read) gave about 16.
    assert.ok(ratio < 6, `4x the words did ${ratio.toFixed(2)}x the work`);
  });

  test('100,000 nested blocks parse without overflowing the stack; nesting beyond MAX_NESTING is kept as raw text', () => {
    const n = 100_000;
    const text = `http {\n${'location /x {\n'.repeat(n)}${'}\n'.repeat(n)}}\n`;
    const { file, stats } = checkParse(text);
    assert.equal(stats.maxDepth, MAX_NESTING);
    // The first MAX_NESTING levels (http, then locations) are a tree, each closed by its own `}`.
    let d = directives(file.children)[0];
    for (let depth = 1; depth <= MAX_NESTING; depth++) {
      assert.ok(d.block && !d.block.rawBody && d.block.close, `level ${depth} is a closed block`);
      d = directives(d.block.children)[0];
    }
    // The deepest kept level holds the rest as its raw body, closed by the matching `}`.
    assert.ok(d.block?.rawBody, 'the cut-off block has a raw body');
    // http's `{` and n locations' `{`: MAX_NESTING of them open tree blocks, one opens the raw block.
    assert.equal(d.block.rawBody.text.split('{').length - 1, n + 1 - MAX_NESTING - 1);
    assert.equal(text[d.block.close?.start.offset ?? -1], '}');
    // One issue says so, after nginx's own errors (there are none here).
    assert.deepEqual(
      file.errors.map((e) => e.message),
      [`nginx-ws: blocks nested more than ${MAX_NESTING} levels deep are not analysed`],
    );
  });

  test("errors inside a cut-off block are still nginx's, and come first", () => {
    const n = MAX_NESTING + 10;
    const text = `${'a {\n'.repeat(n)}b ;;\n${'}\n'.repeat(n - 1)}`;
    const f = parse(text);
    assert.deepEqual(
      f.errors.map((e) => e.message),
      ['unexpected ";"', 'unexpected end of file, expecting "}"', `nginx-ws: blocks nested more than ${MAX_NESTING} levels deep are not analysed`],
    );
    assert.equal(f.errors[0].nginxLine, n + 1);
    checkParse(text);
  });

  test('a Lua block inside a cut-off block keeps its braces to itself', () => {
    const n = MAX_NESTING + 2;
    const text = `${'a {\n'.repeat(n)}content_by_lua_block { ngx.say("}") }\n${'}\n'.repeat(n)}`;
    const f = parse(text);
    assert.deepEqual(
      f.errors.map((e) => e.message),
      [`nginx-ws: blocks nested more than ${MAX_NESTING} levels deep are not analysed`],
    );
    checkParse(text);
  });

  test('the analysis of 10,000 nested blocks, locations and ifs finishes without throwing', () => {
    for (const open of ['b {', 'location /x {', 'if ($a) {']) {
      const text = `events {}\nhttp {\nserver {\nlocation / {\n${`${open}\n`.repeat(10_000)}${'}\n'.repeat(10_003)}}\n`;
      const a = withoutRuleFailures(() => analyzeText('file:///deep/nginx.conf', text));
      assert.ok(a.findings.some((f) => f.message.includes('nested more than')), `${open}: the cut is reported`);
    }
  });

  test('lexical spans of a small config, in order', () => {
    const text = 'a "b" c; # d\nx { y; } content_by_lua_block { ngx.say("}") }';
    const spans = lexicalSpans(parse(text)).map((s) => `${s.kind}:${text.slice(s.start, s.end)}`);
    assert.deepEqual(spans, [
      'name:a',
      'arg:"b"',
      'arg:c',
      'semicolon:;',
      'comment:# d',
      'name:x',
      'open:{',
      'name:y',
      'semicolon:;',
      'close:}',
      'name:content_by_lua_block',
      'open:{',
      'raw: ngx.say("}") ',
      'close:}',
    ]);
  });
});

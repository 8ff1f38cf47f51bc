import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Directive, Statement } from '../../../server/src/parser/ast';
import { parse } from '../../../server/src/parser/parse';
import { nginxTestFiles } from '../../support/nginx';
import { ourFirstError } from '../rules/nginxAgrees';

/** `name arg arg` for every directive (nested ones indented), as nginx's handlers would see their words. */
function words(list: Statement[], indent = ''): string[] {
  return list.flatMap((s) =>
    s.kind === 'comment' ? [] : [`${indent}${[s.name, ...s.args.map((a) => a.value)].map((w) => JSON.stringify(w)).join(' ')}`, ...(s.block && !s.block.rawBody ? words(s.block.children, indent + '  ') : [])],
  );
}

/** A location body inside a minimal valid config, so that `nginx -t` judges only what the test puts there. */
const inLocation = (body: string): string => `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / {\n${body}\n        }\n    }\n}\n`;

/** Asserts our first nginx-style error equals what `nginx -t` says (both undefined when nginx accepts). */
function sameVerdictAsNginx(text: string): string | undefined {
  const v = nginxTestFiles({ 'nginx.conf': text });
  const theirs = v.ok ? undefined : `${v.line}: ${v.message}`;
  assert.equal(ourFirstError(text), theirs, v.output);
  return theirs;
}

describe('tokenizing as ngx_conf_read_token does', () => {
  test('a `}` inside a word is part of the word; only whitespace, `;` and `{` end one', () => {
    assert.deepEqual(words(parse('return 200 a}b;\n').children), ['"return" "200" "a}b"']);
    sameVerdictAsNginx(inLocation('            return 200 a}b;'));
  });

  test('`#` starts a comment only where a word could start', () => {
    const f = parse('add_header X-A a#b; # a comment\n');
    assert.deepEqual(words(f.children), ['"add_header" "X-A" "a#b"']);
    assert.equal(f.children.filter((c) => c.kind === 'comment').length, 1);
  });

  test('quotes hold `;`, `{` and `}` and may be empty; backslash escapes are resolved as nginx resolves them', () => {
    const f = parse(`return 200 "a;{b}" '' "q\\"t" x\\ y "tab\\t";\n`);
    assert.deepEqual(f.children.flatMap((c) => (c.kind === 'directive' ? c.args.map((a) => [a.value, a.quote]) : [])), [
      ['200', 'none'],
      ['a;{b}', 'double'],
      ['', 'single'],
      ['q"t', 'double'],
      ['x\\ y', 'none'],
      ['tab\t', 'double'],
    ]);
    sameVerdictAsNginx(inLocation(`            return 200 "a;{b}";`));
  });

  test('`${name}` keeps its brace inside the word', () => {
    assert.deepEqual(words(parse('set $p ${scheme}://x;\n').children), ['"set" "$p" "${scheme}://x"']);
  });

  test('an unquoted regex with `{2}` opens a block where nginx does, and fails the way nginx fails; quoted, it is one word', () => {
    const bad = inLocation('            location ~ ^/a{2}$ { return 200; }');
    assert.equal(sameVerdictAsNginx(bad), '6: unknown directive "2}$"');
    const good = inLocation('            location ~ "^/a{2}$" { return 200; }');
    assert.equal(sameVerdictAsNginx(good), undefined);
    const loc = (parse(good).children[1] as Directive).block?.children[0] as Directive;
    assert.deepEqual(loc.args.map((a) => a.value), []);
  });

  test('a Lua block is raw text: braces in Lua strings and comments do not count', () => {
    const f = parse('content_by_lua_block {\n    local s = "}" -- }\n    ngx.say(s)\n}\nserver_tokens off;\n');
    const lua = f.children[0] as Directive;
    assert.equal(lua.block?.rawBody?.text, '\n    local s = "}" -- }\n    ngx.say(s)\n');
    assert.deepEqual(words(f.children), ['"content_by_lua_block"', '"server_tokens" "off"']);
    assert.deepEqual(f.errors, []);
  });

  test('bytes that are not UTF-8 are tolerated', () => {
    const f = parse(Buffer.from([0x72, 0x65, 0x74, 0x75, 0x72, 0x6e, 0x20, 0xff, 0xfe, 0x3b, 0x0a]).toString('utf8'));
    assert.equal(f.errors.length, 0);
    assert.equal((f.children[0] as Directive).args.length, 1);
  });
});

describe('syntax errors in nginx\'s words and on nginx\'s line, checked against nginx -t', () => {
  const cases: Record<string, string> = {
    'a `}` right after a word': '            return 200 }',
    'a stray `;`': '            ;',
    'a quote left open to the end of the file': '            return 200 "open',
    'a missing `}`': '            location /x {',
    'a block directive ended by `;`': '            location /x;',
    'a simple directive followed by `{`': '            return 200 {',
    'a word glued to a closing quote': '            return 200 "a"b;',
  };
  for (const [name, body] of Object.entries(cases)) {
    test(name, () => {
      const text = name.includes('missing') || name.includes('open') ? inLocation(body).replace(/\n {8}\}\n {4}\}\n\}\n$/, '\n') : inLocation(body);
      assert.ok(sameVerdictAsNginx(text), 'nginx must reject it');
    });
  }

  test('a parameter over 4 KB: too long parameter', () => {
    const text = inLocation(`            return 200 ${'x'.repeat(5000)};`);
    assert.match(sameVerdictAsNginx(text) ?? '', /^6: too long parameter "xxxxxxxxxx\.\.\." started$/);
  });

  test('after an error, parsing goes on and later errors are reported too; the tree keeps what parsed', () => {
    // The `}` that ends `listen 80` early is taken as the server's own: the next `server` parses as a sibling.
    const f = parse('http {\n    server {\n        listen 80 }\n    server {\n        location / { return 200; }\n    }\n}\n;\n');
    assert.deepEqual(f.errors.map((e) => `${e.nginxLine}: ${e.message}`), ['3: unexpected "}"', '8: unexpected ";"']);
    assert.deepEqual(words(f.children), ['"http"', '  "server"', '    "listen" "80"', '  "server"', '    "location" "/"', '      "return" "200"']);
  });
});

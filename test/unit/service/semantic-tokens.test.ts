import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../../../server/src/parser/parse';
import { parseConfigOrTemplate } from '../../../server/src/parser/template';
import { encodeTokens, semanticTokens } from '../../../server/src/service/semanticTokens';

describe('semantic tokens', () => {
  const file = parse('http {\n    proxy_passs x;\n    map $http_upgrade $up { default upgrade; }\n    return 200 "$up $host";\n}\n');
  const tokens = semanticTokens(file).map((t) => `${t.line}:${t.character} ${t.type}${t.builtin ? ' builtin' : ''}`);

  test('known directives are keywords; a misspelt one is marked unknown', () => {
    assert.ok(tokens.includes('0:0 keyword'));
    assert.ok(tokens.includes('1:4 unknownDirective'));
  });

  test('built-in variables carry defaultLibrary; the configuration\'s own do not; map keys are data, not directives', () => {
    assert.ok(tokens.includes('2:8 variable builtin'));
    assert.ok(tokens.includes('2:22 variable'));
    assert.ok(!tokens.some((t) => t.startsWith('2:28 ')), 'default in a map body is a key, not a directive');
    assert.ok(tokens.includes('3:16 variable') && tokens.includes('3:20 variable builtin'));
  });

  test('in a template, what a tag writes is neither a directive nor a variable', () => {
    const t = parseConfigOrTemplate('server {\n    {{ .Name }} on;\n    set $x ${{ .Var }};\n    return 200 $host;\n}\n', '/t/site.tmpl');
    const got = semanticTokens(t).map((k) => `${k.line}:${k.character} ${k.type}`);
    assert.deepEqual(got, ['0:0 keyword', '2:4 keyword', '2:8 variable', '3:4 keyword', '3:15 variable']);
  });

  test('encoding is relative, five integers per token', () => {
    const data = encodeTokens(semanticTokens(parse('a $host;\nb;\n')));
    assert.deepEqual(data, [0, 0, 1, 1, 0, 0, 2, 5, 2, 1, 1, 0, 1, 1, 0]);
  });
});

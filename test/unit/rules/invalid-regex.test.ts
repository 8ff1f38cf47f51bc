import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxRegexMessage, pcre2CompileError } from '../../../server/src/analysis/pcre2Syntax';
import { nginxTestFiles } from '../../support/nginx';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-regex';
const srv = (body: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        ${body}\n    }`);
/** A pattern as a quoted nginx word: `\` and `"` escaped. */
const quoted = (p: string) => `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Patterns and PCRE2's verdict as Debian's nginx 1.22.1 (PCRE2 10.42) prints it; `undefined` when it compiles. */
const CASES: [string, string | undefined][] = [
  ['^/api/(v1|v2', 'missing closing parenthesis in "^/api/(v1|v2"'],
  ['^/a)', 'unmatched closing parenthesis in "^/a)" at ")"'],
  ['[a-z', 'missing terminating ] for character class in "[a-z"'],
  ['*.php$', 'quantifier does not follow a repeatable item in "*.php$" at "*.php$"'],
  ['^/a|+b', 'quantifier does not follow a repeatable item in "^/a|+b" at "+b"'],
  ['^*', 'quantifier does not follow a repeatable item in "^*" at "*"'],
  ['a{2}{3}', 'quantifier does not follow a repeatable item in "a{2}{3}" at "}"'],
  ['a\\', '\\ at end of pattern in "a\\"'],
  ['[z-a]', 'range out of order in character class in "[z-a]" at "a]"'],
  ['a{3,2}', 'numbers out of order in {} quantifier in "a{3,2}" at "}"'],
  ['a{70000}', 'number too big in {} quantifier in "a{70000}" at "}"'],
  ['(a)\\2', 'reference to non-existent subpattern in "(a)\\2" at "2"'],
  ['[[:foo:]]', 'unknown POSIX class name in "[[:foo:]]" at "foo:]]"'],
  ['[:alpha:]', 'POSIX named classes are supported only within a class in "[:alpha:]" at "[:alpha:]"'],
  ['(?#note', 'missing ) after (?# comment in "(?#note"'],
  ['(?<id>a)(?<id>b)', 'two named subpatterns have the same name (PCRE2_DUPNAMES not set) in "(?<id>a)(?<id>b)" at "b)"'],
  ['(?<1d>a)', 'subpattern name must start with a non-digit in "(?<1d>a)" at "1d>a)"'],
  ['^/(?<app>[^/]+)/ws/?$', undefined],
  ['\\.(?:jpe?g|png|css|js)$', undefined],
  ['^(?!/api/)(?i)x{2,}[]a-]\\Q(\\E[[:^alpha:]]a++b*?', undefined],
  ['a{,3}x{', undefined],
];

/** Cases where PCRE2 answers with something the checker does not model: it must say nothing rather than guess. */
const SILENT = ['('.repeat(251) + 'a' + ')'.repeat(251), '(?<=a+)b', '\\p{Foo}', '(*FOO)a', '[a-\\d]'];

describe(RULE, () => {
  test('the checker gives PCRE2\'s message and offset, as nginx prints them', () => {
    const body = CASES.map(([p], i) => `location ~ ${quoted(p)} { return ${200 + i}; }`);
    for (const [i, [pattern, expected]] of CASES.entries()) {
      const e = pcre2CompileError(pattern);
      const ours = e && nginxRegexMessage(pattern, e);
      assert.equal(ours, expected && `pcre2_compile() failed: ${expected}`, pattern);
      const v = nginxTestFiles({ 'nginx.conf': srv(body[i]) });
      assert.equal(v.message, ours, `${pattern}: ${v.output}`);
    }
  });

  test('what the checker does not model, nginx still rejects, and the checker leaves alone', () => {
    for (const pattern of SILENT) {
      assert.equal(pcre2CompileError(pattern), undefined, pattern);
      const v = nginxTestFiles({ 'nginx.conf': srv(`location ~ ${quoted(pattern)} { }`) });
      assert.match(v.message ?? '', /^pcre2_compile\(\) failed: /, v.output);
    }
  });

  test('location ~ and ~*', () => {
    expectNginxError(RULE, srv('location ~* «^/api/(v1|v2» {\n            return 204;\n        }'), 'pcre2_compile() failed: missing closing parenthesis in "^/api/(v1|v2"');
    expectNginxError(RULE, srv('location «~^/a)» { }'), 'pcre2_compile() failed: unmatched closing parenthesis in "^/a)" at ")"');
  });

  test('rewrite, if, server_name ~', () => {
    expectNginxError(RULE, srv('rewrite «^/old/(.*$» /new/$1 permanent;'), 'pcre2_compile() failed: missing closing parenthesis in "^/old/(.*$"');
    expectNginxError(RULE, srv('if ($http_user_agent ~* «"[bot"») { return 403; }'), 'pcre2_compile() failed: missing terminating ] for character class in "[bot"');
    expectNginxError(RULE, srv('if ($uri !~ «^/a)$)» { return 403; }'), 'pcre2_compile() failed: unmatched closing parenthesis in "^/a)$" at ")$"');
    expectNginxError(RULE, srv('server_name example.test «~^(www\\.)?example\\.(com|net$»;'), 'pcre2_compile() failed: missing closing parenthesis in "^(www\\.)?example\\.(com|net$"');
  });

  test('map keys with ~ and ~*', () => {
    const conf = inHttp('    map $uri $bucket {\n        default 0;\n        «~*^/a(b 1;»\n    }\n    server {\n        listen 127.0.0.1:8080;\n        return 200 $bucket;\n    }');
    expectNginxError(RULE, conf, 'pcre2_compile() failed: missing closing parenthesis in "^/a(b"');
  });

  test('what nginx accepts, in every place', () => {
    expectAccepted(
      RULE,
      inHttp(`    map $uri $bucket {
        default 0;
        ~^/a(?<rest>.*)$ 1;
        "~*\\.(css|js)$" 2;
    }
    server {
        listen 127.0.0.1:8080;
        server_name ~^(?<sub>[a-z]+)\\.example\\.test$ ~(?i)^www\\. example.test;
        rewrite ^/old/(.*)$ /new/$1 permanent;
        if ($http_upgrade ~* ^websocket$) { return 426; }
        if ($uri ~ "(a|b)") { return 418; }
        location ~ ^/(?:api|ws)/v\\d+/ { return 200 $bucket; }
        location ~* \\.(jpe?g|png)$ { return 204; }
    }`),
    );
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { expectFindings, FILE, unmark } from '../../support/rules';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'duplicate-upstream';

describe(RULE, () => {
  test('the same name twice, letter case aside', () => {
    expectNginxError(RULE, inHttp('    upstream app { server 127.0.0.1:9000; }\n    «upstream App {» server 127.0.0.1:9001; }'), 'duplicate upstream "App"');
  });

  test('across two files of conf.d', () => {
    const main = inHttp('    include conf.d/*.conf;');
    const a = 'upstream app { server 127.0.0.1:9000; }\nserver { listen 127.0.0.1:8080; location / { proxy_pass http://app; } }\n';
    const b = '«upstream app {» server 127.0.0.1:9001; }\n';
    expectFindings(RULE, { [FILE]: main, '/etc/nginx/conf.d/a.conf': a, '/etc/nginx/conf.d/b.conf': b }, ['duplicate upstream "app"'], '/etc/nginx/conf.d/b.conf');
    const v = nginxTestFiles({ 'nginx.conf': main, 'conf.d/a.conf': a, 'conf.d/b.conf': unmark(b).text });
    assert.equal(v.message, 'duplicate upstream "app"', v.output);
    assert.match(v.file ?? '', /b\.conf$/);
  });

  test('what nginx accepts: one block per name, a proxy_pass before its block', () => {
    expectAccepted(RULE, inHttp('    server {\n        listen 127.0.0.1:8080;\n        location / { proxy_pass http://app; }\n    }\n    upstream app { server 127.0.0.1:9000; }\n    upstream app2 { server 127.0.0.1:9001; }'));
  });
});

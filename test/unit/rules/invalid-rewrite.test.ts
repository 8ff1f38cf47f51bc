import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-rewrite';
const srv = (body: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        ${body}\n    }`);

describe(RULE, () => {
  test('a flag that is not last, break, redirect or permanent, letter case included', () => {
    expectNginxError(RULE, srv('rewrite ^/old/(.*)$ /new/$1 «301»;'), 'invalid parameter "301"');
    expectNginxError(RULE, srv('location / { rewrite ^/a /b «LAST»; }'), 'invalid parameter "LAST"');
  });

  test('the four flags, and none', () => {
    expectAccepted(RULE, srv('rewrite ^/a /b last;\n        rewrite ^/c /d break;\n        rewrite ^/e /f redirect;\n        rewrite ^/g /h permanent;\n        rewrite ^/i /j;'));
  });
});

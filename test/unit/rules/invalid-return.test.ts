import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-return';
const srv = (body: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        ${body}\n    }`);

describe(RULE, () => {
  test('a code above 999, a negative one, a variable, a path', () => {
    expectNginxError(RULE, srv('return «1000»;'), 'invalid return code "1000"');
    expectNginxError(RULE, srv('return «1000» "too big";'), 'invalid return code "1000"');
    expectNginxError(RULE, srv('return «-1»;'), 'invalid return code "-1"');
    expectNginxError(RULE, srv('return «$status»;'), 'invalid return code "$status"');
    expectNginxError(RULE, srv('location / { return «/login»; }'), 'invalid return code "/login"');
    expectNginxError(RULE, srv('return «https://example.test/» 301;'), 'invalid return code "https://example.test/"');
  });

  test('what nginx accepts: 0-999 with or without text, a lone URL for 302', () => {
    expectAccepted(RULE, srv('location /a { return 999; }\n        location /b { return 0; }\n        location /c { return 444; }\n        location /d { return 301 https://$host$request_uri; }\n        location /e { return https://example.test/; }\n        location /f { return $scheme://$host/; }\n        location /g { return 200 "ok"; }'));
  });
});

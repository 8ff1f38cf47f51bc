import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-error-page';
const srv = (body: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        ${body}\n    }`);

describe(RULE, () => {
  test('statuses outside 300-599, 499, not numbers', () => {
    expectNginxError(RULE, srv('error_page 404 «200» /ok.html;'), 'value "200" must be between 300 and 599');
    expectNginxError(RULE, srv('error_page «50x» /50x.html;'), 'invalid value "50x"');
    expectNginxError(RULE, srv('error_page «499» /closed.html;'), 'invalid value "499"');
  });

  test('a response code that is not a number, or with no status before it', () => {
    expectNginxError(RULE, srv('error_page 404 «=ok» /404.html;'), 'invalid value "=ok"');
    expectNginxError(RULE, srv('error_page «=200» /404.html;'), 'invalid value "=200"');
  });

  test('what nginx accepts', () => {
    expectAccepted(RULE, srv('error_page 500 502 503 504 /50x.html;\n        error_page 404 = @fallback;\n        error_page 403 =200 /index.html;\n        error_page 301 302 https://example.test/;\n        location @fallback { return 404; }'));
  });
});

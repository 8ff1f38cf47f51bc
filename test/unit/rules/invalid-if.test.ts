import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-if';
const loc = (cond: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        location / {\n            if ${cond} { return 405; }\n        }\n    }`);

describe(RULE, () => {
  test('operators nginx lacks', () => {
    expectNginxError(RULE, loc('($request_method «==» POST)'), 'unexpected "==" in condition');
    expectNginxError(RULE, loc('($uri «=~» ^/a)'), 'unexpected "=~" in condition');
    expectNginxError(RULE, loc('( $host «!==» a )'), 'unexpected "!==" in condition');
  });

  test('a value with a space, a name without $, an unknown file test, no condition', () => {
    expectNginxError(RULE, loc('«($http_user_agent» = curl 8)'), 'invalid condition "$http_user_agent"');
    expectNginxError(RULE, loc('«(host» = a)'), 'invalid condition "host"');
    expectNginxError(RULE, loc('«(-q» $request_filename)'), 'invalid condition "-q"');
    expectNginxError(RULE, loc('«($uri» ~*)'), 'invalid condition "$uri"');
    expectNginxError(RULE, loc('«()»'), 'invalid condition ")"');
  });

  test('what nginx accepts', () => {
    expectAccepted(
      RULE,
      loc('($http_upgrade) { return 426; }\n            if ( $host = a ) { return 404; }\n            if ($host != "") { return 403; }\n            if (!-f $request_filename) { return 404; }\n            if (-d $request_filename) { return 403; }\n            if ($uri ~ (a)) { return 410; }\n            if ($uri !~* "^/b c")'),
    );
  });
});

import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-server-name';
const srv = (body: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        ${body}\n    }`);

describe(RULE, () => {
  test('a leading * that is not a whole label, a lone * or .', () => {
    expectNginxError(RULE, srv('server_name example.test «*b.test»;'), 'server name "*b.test" is invalid');
    expectNginxError(RULE, srv('server_name «**.b.test»;'), 'server name "**.b.test" is invalid');
    expectNginxError(RULE, srv('server_name «*»;'), 'server name "*" is invalid');
    expectNginxError(RULE, srv('server_name «.»;'), 'server name "." is invalid');
  });

  test('an empty regex', () => {
    expectNginxError(RULE, srv('server_name «~»;'), 'empty regex in server name "~"');
  });

  test('what nginx accepts: *.x, .x, x.*, _, empty, $hostname and regexes', () => {
    expectAccepted(RULE, srv('server_name *.b.test .c.test d.* _ "" $hostname ~^(www\\.)?g\\.test$;'));
  });
});

import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, expectNginxMergeError, inHttp } from './handlerJudge';

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

  test('wildcards the names hash refuses, when servers share the address', () => {
    const two = (names: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        server_name a.test;\n    }\n    server {\n        listen 127.0.0.1:8080;\n        server_name ${names};\n    }`);
    expectNginxMergeError(RULE, two('b.test «www.*.test»'), 'invalid server name or wildcard "www.*.test" on 127.0.0.1:8080');
    expectNginxMergeError(RULE, two('«A*.test»'), 'invalid server name or wildcard "a*.test" on 127.0.0.1:8080');
    expectNginxMergeError(RULE, two('«*.b.*»'), 'invalid server name or wildcard "*.b.*" on 127.0.0.1:8080');
    // Servers without listen share *:80. nginx names no line: it builds the hash after reading the config.
    expectNginxMergeError(RULE, inHttp('    server { server_name a.test; }\n    server { server_name «b..test»; }'), 'invalid server name or wildcard "b..test" on 0.0.0.0:80');
  });

  test('alone on its address, no hash is built and nginx accepts any of them', () => {
    expectAccepted(RULE, srv('server_name www.*.test a*.test b..test;'));
  });

  test('what nginx accepts: *.x, .x, x.*, _, empty, $hostname and regexes', () => {
    expectAccepted(RULE, srv('server_name *.b.test .c.test d.* _ "" $hostname ~^(www\\.)?g\\.test$;'));
  });
});

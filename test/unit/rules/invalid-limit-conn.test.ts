import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-limit-conn';
const conf = (z: string, limit: string) => inHttp(`    ${z}\n    server {\n        listen 127.0.0.1:8080;\n        ${limit}\n    }`);
const GOOD = 'limit_conn_zone $binary_remote_addr zone=addr:10m;';

describe(RULE, () => {
  test('a zone without a size, or too small', () => {
    expectNginxError(RULE, conf('limit_conn_zone $binary_remote_addr «zone=addr»;', 'limit_conn addr 10;'), 'invalid zone size "zone=addr"');
    expectNginxError(RULE, conf('limit_conn_zone $binary_remote_addr «zone=addr:8k»;', 'limit_conn addr 10;'), 'zone "zone=addr:8k" is too small');
  });

  test('a connection count outside 1-65535', () => {
    expectNginxError(RULE, conf(GOOD, 'limit_conn addr «0»;'), 'invalid number of connections "0"');
    expectNginxError(RULE, conf(GOOD, 'limit_conn addr «many»;'), 'invalid number of connections "many"');
    expectNginxError(RULE, conf(GOOD, 'limit_conn addr «70000»;'), 'connection limit must be less 65536');
  });

  test('what nginx accepts', () => {
    expectAccepted(RULE, conf(GOOD, 'limit_conn addr 1;\n        location / { limit_conn addr 65535; }'));
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FILE, findingsOf } from '../../support/rules';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-upstream-server';
const up = (body: string) => inHttp(`    upstream app {\n        ${body}\n    }\n    server {\n        listen 127.0.0.1:8080;\n        location / { proxy_pass http://app; }\n    }`);

describe(RULE, () => {
  test('parameter values: weight of at least 1, numbers, a fail_timeout in seconds', () => {
    expectNginxError(RULE, up('server 127.0.0.1:9000 «weight=0»;'), 'invalid parameter "weight=0"');
    expectNginxError(RULE, up('server 127.0.0.1:9000 weight=2 «max_fails=-1»;'), 'invalid parameter "max_fails=-1"');
    expectNginxError(RULE, up('server 127.0.0.1:9000 «max_conns=many»;'), 'invalid parameter "max_conns=many"');
    expectNginxError(RULE, up('server 127.0.0.1:9000 «fail_timeout=500ms»;'), 'invalid parameter "fail_timeout=500ms"');
  });

  test('backup after hash, ip_hash or random', () => {
    expectNginxError(RULE, up('ip_hash;\n        server 127.0.0.1:9000;\n        server 127.0.0.1:9001 «backup»;'), 'balancing method does not support parameter "backup"');
    expectNginxError(RULE, up('hash $remote_addr consistent;\n        server 127.0.0.1:9000;\n        server 127.0.0.1:9001 «backup»;'), 'balancing method does not support parameter "backup"');
  });

  test('addresses', () => {
    expectNginxError(RULE, up('server «127.0.0.1:99999»;'), 'invalid port in upstream "127.0.0.1:99999"');
    expectNginxError(RULE, up('server «127.0.0.1:9000/ws»;'), 'invalid host in upstream "127.0.0.1:9000/ws"');
    expectNginxError(RULE, up('server «unix:»;'), 'no path in the unix domain socket in upstream "unix:"');
  });

  test('an envsubst placeholder is not judged: nginx takes no variables here, the template is filled in first', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: up('server ${API_HOST}:${API_PORT} max_fails=3;') }), []);
  });

  test('what nginx accepts', () => {
    expectAccepted(RULE, up('least_conn;\n        server 127.0.0.1:9000 weight=01 max_fails=0 max_conns=100 fail_timeout=1m30s;\n        server 127.0.0.1:9001 backup;\n        server unix:/tmp/app.sock down;'));
  });
});

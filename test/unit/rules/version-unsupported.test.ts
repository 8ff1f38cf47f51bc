import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { expectFindings, FILE, findingsOf, unmark } from '../../support/rules';
import { inHttp } from './handlerJudge';

const RULE = 'version-unsupported';
const srv = (body: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        ${body}\n    }`);

/** Our message starts with nginx's; Debian's nginx 1.22.1 is the older version that fails on the config. */
function olderNginxFails(marked: string, message: string): void {
  const v = nginxTestFiles({ 'nginx.conf': unmark(marked).text });
  assert.equal(v.message, message, v.output);
}

describe(RULE, () => {
  test('http2 on before 1.25.1, not from 1.25.1 on', () => {
    const conf = srv('«http2» on;');
    expectFindings(RULE, { [FILE]: conf }, ['unknown directive "http2" (added in nginx 1.25.1; nginxWs.nginxVersion is 1.22.1)'], FILE, { nginxVersion: '1.22.1' });
    olderNginxFails(conf, 'unknown directive "http2"');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.25.1' }), []);
  });

  test('directives of later versions: keepalive_min_timeout (1.27.4), early_hints (1.29.0)', () => {
    const conf = srv('«keepalive_min_timeout» 1s;');
    expectFindings(RULE, { [FILE]: conf }, ['unknown directive "keepalive_min_timeout" (added in nginx 1.27.4; nginxWs.nginxVersion is 1.24.0)'], FILE, { nginxVersion: '1.24.0' });
    olderNginxFails(conf, 'unknown directive "keepalive_min_timeout"');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.27.4' }), []);
  });

  test('listen ... quic before 1.25.0', () => {
    const conf = inHttp('    server {\n        listen 127.0.0.1:8443 «quic»;\n    }');
    expectFindings(RULE, { [FILE]: conf }, ['invalid parameter "quic" (added in nginx 1.25.0; nginxWs.nginxVersion is 1.22.1)'], FILE, { nginxVersion: '1.22.1' });
    olderNginxFails(conf, 'invalid parameter "quic"');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.26.2' }), []);
  });

  test('ssl on from 1.25.1 on; before, only the deprecation warning', () => {
    const conf = srv('«ssl» on;');
    expectFindings(RULE, { [FILE]: conf }, ['unknown directive "ssl" (removed in nginx 1.25.1: use "listen ... ssl"; nginxWs.nginxVersion is 1.26.0)'], FILE, { nginxVersion: '1.26.0' });
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.24.0' }), []);
  });

  test('an unknown version reports nothing here', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: srv('http2 on;\n        ssl on;\n        early_hints $http2;') }), []);
  });
});

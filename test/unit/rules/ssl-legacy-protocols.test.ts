import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { throwawayCertificate } from '../../support/snippetFixtures';

const RULE = 'ssl-legacy-protocols';

const config = (http: string, server: string): string => `events {}
http {
${http}    server {
        listen 127.0.0.1:8443 ssl;
        ssl_certificate tls/server.crt;
        ssl_certificate_key tls/server.key;
${server}        location / {
            return 204;
        }
    }
}
`;

describe(RULE, () => {
  test('fires on TLSv1 and TLSv1.1, naming them, on the directive', () => {
    const [f] = expectFindings(RULE, { [FILE]: config('', '        «ssl_protocols TLSv1 TLSv1.1 TLSv1.2;»\n') }, [/^ssl_protocols enables TLSv1, TLSv1\.1: /]);
    assert.equal(f.severity, 'warning');
  });

  test('fires on SSLv3 and SSLv2, and at http level', () => {
    expectFindings(RULE, { [FILE]: config('    «ssl_protocols SSLv2 SSLv3 TLSv1.2;»\n', '') }, [/enables SSLv2, SSLv3/]);
  });

  test('does not fire on TLSv1.2 and TLSv1.3, nor when ssl_protocols is not set', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        ssl_protocols TLSv1.2 TLSv1.3;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        ssl_protocols TLSv1.3;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '') }), []);
  });

  test('the fix allows only TLSv1.2 and TLSv1.3; nginx -t accepts it and the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '        ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n') });
    assert.equal(fixed[FILE], config('', '        ssl_protocols TLSv1.2 TLSv1.3;\n'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    const { cert, key } = throwawayCertificate();
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE], 'tls/server.crt': cert, 'tls/server.key': key });
    assert.ok(verdict.ok, verdict.output);
  });
});

describe(`${RULE}: case`, () => {
  test('nginx reads protocol names without regard to case, so tlsv1 is TLSv1', () => {
    expectFindings(RULE, { [FILE]: config('', '        «ssl_protocols tlsv1 TLSv1.2;»\n') }, [/^ssl_protocols enables tlsv1: /]);
    const { cert, key } = throwawayCertificate();
    const v = nginxTestFiles({ 'nginx.conf': config('', '        ssl_protocols tlsv1 TLSv1.2;\n'), 'tls/server.crt': cert, 'tls/server.key': key });
    assert.ok(v.ok, v.output);
  });
});

describe(`${RULE}: a whole config without TLS`, () => {
  const plain = (extra: string): string => `events {}\nhttp {\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n${extra}    server {\n        listen 127.0.0.1:8080;\n        location / {\n            return 204;\n        }\n    }\n}\n`;

  test('is quiet when every file of the tree is in view and no server speaks TLS: nothing offers the protocols', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain('') }), []);
    const v = nginxTestFiles({ 'nginx.conf': plain('') });
    assert.ok(v.ok, v.output);
  });

  test('still fires when an include reads no file (its servers may speak TLS), or in a fragment', () => {
    assert.equal(findingsOf(RULE, { [FILE]: plain('    include /srv/nginx-ws-test/sites/*;\n') }).length, 1);
    assert.equal(findingsOf(RULE, { '/etc/nginx/conf.d/tls.conf': 'ssl_protocols TLSv1 TLSv1.2;\n' }, '/etc/nginx/conf.d/tls.conf').length, 1);
  });
});

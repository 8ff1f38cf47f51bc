import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'ws-http2';

const WS = `        location /ws/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
`;

const config = (http: string, server: string, body = WS): string => `events {}
http {
${http}    server {
${server}        ssl_certificate /etc/nginx/tls/site.crt;
        ssl_certificate_key /etc/nginx/tls/site.key;
${body}    }
}
`;

describe(RULE, () => {
  test('says nothing for a TLS server with http2 and a correct WebSocket location: nothing to change', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 443 ssl http2;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 443 ssl;\n        http2 on;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('    http2 on;\n', '        listen 443 ssl;\n') }), []);
  });

  test('says nothing for `http2 on;` on a cleartext port: it accepts HTTP/1.1 too', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 8080;\n        http2 on;\n') }), []);
  });

  test('says nothing for a cleartext-looking `listen ... http2` under `ssl on;`', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 8443 http2;\n        ssl on;\n') }), []);
  });

  test('`http2 off;` in the server overrides http', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('    http2 on;\n', '        listen 443 ssl;\n        http2 off;\n') }), []);
  });

  test('a cleartext `listen ... http2` warns that HTTP/1.1 handshakes fail before nginx 1.25.1', () => {
    const [f] = expectFindings(RULE, { [FILE]: config('', '        «listen 8080 http2;»\n') }, [/only HTTP\/2 with prior knowledge before nginx 1\.25\.1/]);
    assert.equal(f.severity, 'information');
  });

  test('on nginx 1.25.1+ a cleartext http2 port also accepts HTTP/1.1: nothing to report', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 8080 http2;\n') }, FILE, { nginxVersion: '1.25.1' }), []);
  });

  test('does not fire without http2', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 443 ssl;\n') }), []);
  });

  test('does not fire for a server without WebSocket locations', () => {
    const plain = '        location / {\n            proxy_pass http://127.0.0.1:9000;\n        }\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 8080 http2;\n', plain) }), []);
  });

  test('reports the listen in nginx.conf when the WebSocket location is in an included file, and nothing in that file', () => {
    const main = config('', '        «listen 8080 http2;»\n', '        include ws.conf;\n');
    const inc = WS.replace(/^ {8}/gm, '');
    expectFindings(RULE, { [FILE]: main, '/etc/nginx/ws.conf': inc }, [/prior knowledge/]);
    assert.deepEqual(findingsOf(RULE, { [FILE]: main, '/etc/nginx/ws.conf': inc }, '/etc/nginx/ws.conf'), []);
  });
});

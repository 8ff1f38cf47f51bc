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
  test('fires on `listen ... ssl http2` of a server with a WebSocket location, explaining the separate HTTP/1.1 connection', () => {
    const [f] = expectFindings(RULE, { [FILE]: config('', '        «listen 443 ssl http2;»\n') }, [/RFC 8441.*separate HTTP\/1\.1 connection/]);
    assert.equal(f.severity, 'information');
    assert.deepEqual(f.fixes, []);
  });

  test('fires on `http2 on;` in the server', () => {
    expectFindings(RULE, { [FILE]: config('', '        listen 443 ssl;\n        «http2 on;»\n') }, [/RFC 8441/]);
  });

  test('fires on `http2 on;` inherited from http, at the http-level directive', () => {
    expectFindings(RULE, { [FILE]: config('    «http2 on;»\n', '        listen 443 ssl;\n') }, [/RFC 8441/]);
  });

  test('`http2 off;` in the server overrides http', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('    http2 on;\n', '        listen 443 ssl;\n        http2 off;\n') }), []);
  });

  test('a cleartext `listen ... http2` warns that HTTP/1.1 handshakes fail before nginx 1.25.1', () => {
    expectFindings(RULE, { [FILE]: config('', '        «listen 8080 http2;»\n') }, [/only HTTP\/2 with prior knowledge before nginx 1\.25\.1/]);
  });

  test('on nginx 1.25.1+ a cleartext http2 port also accepts HTTP/1.1', () => {
    expectFindings(RULE, { [FILE]: config('', '        «listen 8080 http2;»\n') }, [/still accepts on this port/], FILE, { nginxVersion: '1.25.1' });
  });

  test('does not fire without http2', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 443 ssl;\n') }), []);
  });

  test('does not fire for a server without WebSocket locations', () => {
    const plain = '        location / {\n            proxy_pass http://127.0.0.1:9000;\n        }\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        listen 443 ssl http2;\n', plain) }), []);
  });

  test('reports the listen in nginx.conf when the WebSocket location is in an included file, and nothing in that file', () => {
    const main = config('', '        «listen 443 ssl http2;»\n', '        include ws.conf;\n');
    const inc = WS.replace(/^ {8}/gm, '');
    expectFindings(RULE, { [FILE]: main, '/etc/nginx/ws.conf': inc }, [/RFC 8441/]);
    assert.deepEqual(findingsOf(RULE, { [FILE]: main, '/etc/nginx/ws.conf': inc }, '/etc/nginx/ws.conf'), []);
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, FILE } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

/** A config whose Connection passthrough (behind a load balancer) needs a map at http level and a new value in the location. */
function passthrough(eol: string, unit: string): string {
  return [
    'events {}',
    'http {',
    `${unit}server {`,
    `${unit}${unit}listen 127.0.0.1:8080;`,
    `${unit}${unit}set_real_ip_from 10.0.0.0/8;`,
    `${unit}${unit}location /ws/ {`,
    `${unit}${unit}${unit}proxy_pass http://127.0.0.1:9000;`,
    `${unit}${unit}${unit}proxy_http_version 1.1;`,
    `${unit}${unit}${unit}proxy_set_header Upgrade $http_upgrade;`,
    `${unit}${unit}${unit}proxy_set_header Connection $http_connection;`,
    `${unit}${unit}}`,
    `${unit}}`,
    '}',
    '',
  ].join(eol);
}

function fixedPassthrough(eol: string, unit: string): string {
  return [
    'events {}',
    'http {',
    `${unit}map $http_upgrade $connection_upgrade {`,
    `${unit}${unit}default upgrade;`,
    `${unit}${unit}''      close;`,
    `${unit}}`,
    `${unit}server {`,
    `${unit}${unit}listen 127.0.0.1:8080;`,
    `${unit}${unit}set_real_ip_from 10.0.0.0/8;`,
    `${unit}${unit}location /ws/ {`,
    `${unit}${unit}${unit}proxy_pass http://127.0.0.1:9000;`,
    `${unit}${unit}${unit}proxy_http_version 1.1;`,
    `${unit}${unit}${unit}proxy_set_header Upgrade $http_upgrade;`,
    `${unit}${unit}${unit}proxy_set_header Connection $connection_upgrade;`,
    `${unit}${unit}}`,
    `${unit}}`,
    '}',
    '',
  ].join(eol);
}

describe('inserted lines follow the file', () => {
  test('a CRLF file stays CRLF: the inserted map block ends its lines with CRLF', () => {
    const fixed = applyFix('ws-connection-passthrough', { [FILE]: passthrough('\r\n', '    ') })[FILE];
    assert.equal(fixed, fixedPassthrough('\r\n', '    '));
    nginxAccepts(fixed);
  });

  test('a file indented with tabs gets tabs, inside the inserted block too', () => {
    const fixed = applyFix('ws-connection-passthrough', { [FILE]: passthrough('\n', '\t') })[FILE];
    assert.equal(fixed, fixedPassthrough('\n', '\t'));
    nginxAccepts(fixed);
  });

  test('a file indented with two spaces gets two spaces', () => {
    const fixed = applyFix('ws-connection-passthrough', { [FILE]: passthrough('\n', '  ') })[FILE];
    assert.equal(fixed, fixedPassthrough('\n', '  '));
  });
});

describe('inserted lines never land after a return', () => {
  test('header-inheritance copies the lost add_header above the return, not after the line below it', () => {
    // nginx applies add_header written after return too; above it is where a reader looks.
    const text = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        add_header Access-Control-Allow-Origin *;\n        location /down/ {\n            return 503;\n            add_header Retry-After 120;\n        }\n    }\n}\n';
    const fixed = applyFix('header-inheritance', { [FILE]: text })[FILE];
    assert.equal(fixed, text.replace('            return 503;\n', '            add_header Access-Control-Allow-Origin *;\n            return 503;\n'));
    nginxAccepts(fixed);
  });

  test('ws-read-timeout puts proxy_read_timeout above a return that ends the location', () => {
    const text = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location /ws/ {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection "upgrade";\n            return 403;\n        }\n    }\n}\n';
    const fixed = applyFix('ws-read-timeout', { [FILE]: text }, FILE, { heartbeatInterval: 30 })[FILE];
    assert.equal(fixed, text.replace('            return 403;\n', '            proxy_read_timeout 3600s;\n            return 403;\n'));
    nginxAccepts(fixed);
  });
});

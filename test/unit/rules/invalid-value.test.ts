import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';
import { assertNginxAgrees } from './nginxAgrees';

const RULE = 'invalid-value';

const site = (location: string, http = '') => `events {}
http {
${http}    upstream app {
        server 127.0.0.1:9000;
    }
    server {
        listen 127.0.0.1:8080;
        location /ws/ {
            proxy_pass http://app;
${location}        }
    }
}
`;

/** One bad value in the location: our finding is nginx's first error, message and line. */
function rejects(line: string, message: string): void {
  const conf = site(`            «${line}»\n`);
  expectFindings(RULE, { [FILE]: conf }, [message]);
  assertNginxAgrees(conf);
}

/** Values nginx takes: no finding, and nginx -t passes. */
function accepts(lines: string[]): void {
  const conf = site(lines.map((l) => `            ${l}\n`).join(''));
  assert.deepEqual(findingsOf(RULE, { [FILE]: conf }).map((f) => f.message), []);
  assertNginxAgrees(conf);
}

describe(RULE, () => {
  test('times: an unknown unit, and units out of order', () => {
    rejects('proxy_read_timeout 10x;', '"proxy_read_timeout" directive invalid value');
    rejects('proxy_send_timeout 30s1m;', '"proxy_send_timeout" directive invalid value');
  });

  test('times in milliseconds take ms but neither y nor M; a variable is not expanded', () => {
    rejects('proxy_read_timeout 1y;', '"proxy_read_timeout" directive invalid value');
    rejects('proxy_connect_timeout $arg_t;', '"proxy_connect_timeout" directive invalid value');
    accepts(['proxy_read_timeout "1h 30m";', 'proxy_send_timeout 500ms;', 'proxy_connect_timeout 1m30;', 'send_timeout 2d;']);
  });

  test('a time that overflows nginx\'s 64-bit integer', () => {
    rejects('proxy_read_timeout 9999999999999999999;', '"proxy_read_timeout" directive invalid value');
  });

  test('sizes take k and m; offsets also g', () => {
    rejects('client_max_body_size 10Q;', '"client_max_body_size" directive invalid value');
    rejects('proxy_buffer_size 1g;', '"proxy_buffer_size" directive invalid value');
    accepts(['client_max_body_size 1G;', 'proxy_buffer_size 8K;']);
  });

  test('numbers', () => {
    rejects('keepalive_requests 1x;', '"keepalive_requests" directive invalid number');
  });

  test('buffer counts and sizes must be positive', () => {
    rejects('proxy_buffers 0 4k;', '"proxy_buffers" directive invalid value');
  });

  test('word lists (enum) ignore letter case', () => {
    rejects('proxy_http_version 3;', 'invalid value "3"');
    accepts(['autoindex_format JSON;']);
  });

  test('word sets (bitmask): every word is checked, in any letter case', () => {
    rejects('proxy_ssl_protocols TLSv1.2 TLSv1.4;', 'invalid value "TLSv1.4"');
    rejects('proxy_next_upstream error timeout http_501;', 'invalid value "http_501"');
    accepts(['proxy_ssl_protocols tlsv1.2 TLSV1.3;', 'proxy_next_upstream error timeout http_502;']);
  });

  test('access modes', () => {
    rejects('proxy_store_access user:rx;', 'invalid value "user:rx"');
    accepts(['proxy_store_access user:rw group:r all:r;']);
  });

  test('expires: a time, epoch, max or off; a variable is left to the request', () => {
    rejects('expires soon;', '"expires" directive invalid value');
    rejects('expires @25h;', '"expires" directive daily time value must be less than 24 hours');
    accepts(['expires $arg_ttl;']);
    accepts(['expires modified -1h;']);
  });

  test('keepalive in an upstream wants a positive number', () => {
    const conf = site('', '').replace('server 127.0.0.1:9000;\n', 'server 127.0.0.1:9000;\n        «keepalive 0;»\n');
    expectFindings(RULE, { [FILE]: conf }, ['invalid value "0" in "keepalive" directive']);
    assertNginxAgrees(conf);
  });

  test('worker_connections and worker_processes', () => {
    const conf = '«worker_processes Auto;»\nevents {\n    worker_connections 1024;\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['"worker_processes" directive invalid value']);
    assertNginxAgrees(conf);
    const events = 'events {\n    «worker_connections 1k;»\n}\n';
    expectFindings(RULE, { [FILE]: events }, ['invalid number "1k"']);
    assertNginxAgrees(events);
  });

  test('a duplicate is refused before its value is read: duplicate-directive reports it', () => {
    const conf = site('            proxy_read_timeout 60s;\n            proxy_read_timeout 10x;\n');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
    assertNginxAgrees(conf);
  });

  test('a template placeholder is not judged: the file is rendered before nginx reads it', () => {
    const conf = site('            proxy_read_timeout ${proxy.read.timeout};\n');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
  });
});

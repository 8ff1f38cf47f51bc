// The answers the live lab cannot easily provoke: redirects, 426, 504, nginx's 60 s default.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain } from './explain';
import { parseTarget } from './handshake';

const status = (code: number, headers: Record<string, string> = {}, body = '') =>
  explain({ kind: 'status', status: code, headers, body });

test('426 blames the upgrade headers and the HTTP version', () => {
  assert.deepEqual(status(426).rules, ['ws-upgrade-header', 'ws-connection-header', 'ws-http-version']);
});

test('a redirect names where it goes and blames no rule', () => {
  const e = status(301, { location: 'wss://example.test/ws' });
  assert.match(e.explanation, /wss:\/\/example\.test\/ws/);
  assert.deepEqual(e.rules, []);
});

test('504 points at the backend, not the config', () => {
  assert.deepEqual(status(504).rules, []);
});

test('a silent drop near 60 s names nginx\'s default', () => {
  const e = explain({ kind: 'upgraded', acceptValid: true, closedAfterMs: 60_020, watchedMs: 65_000 });
  assert.deepEqual(e.rules, ['ws-read-timeout']);
  assert.match(e.explanation, /default of 60 s/);
});

test('a wrong Sec-WebSocket-Accept is reported even with a 101', () => {
  assert.match(explain({ kind: 'upgraded', acceptValid: false, watchedMs: 1_000 }).explanation, /Sec-WebSocket-Accept/);
});

test('URLs: default ports, paths with queries, IPv6 and wrong schemes', () => {
  assert.deepEqual(parseTarget('wss://example.test/chat?room=1'), {
    secure: true,
    host: 'example.test',
    port: 443,
    path: '/chat?room=1',
    hostHeader: 'example.test',
  });
  assert.equal(parseTarget('ws://[::1]:8080').host, '::1');
  assert.equal(parseTarget('ws://[::1]:8080').hostHeader, '[::1]:8080');
  assert.equal(parseTarget('ws://h').path, '/');
  assert.throws(() => parseTarget('http://example.test/'), /ws:\/\/ or wss:\/\//);
});

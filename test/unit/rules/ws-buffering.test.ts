import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import { startOnFreePorts } from '../../live/lab/nginx-server';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-buffering';

const config = (server: string, path: string, location: string): string => `events {}
http {
    server {
        listen 127.0.0.1:8080;
${server}        «location ${path}» {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
${location}        }
    }
}
`;

const clean = (t: string): string => t.replace(/[«»]/g, '');

describe(RULE, () => {
  test('fires on SockJS and SignalR endpoints with buffering on by default, on the location line', () => {
    for (const path of ['/sockjs/', '/chathub', '/hubs/notifications', '~ ^/signalr/']) {
      expectFindings(RULE, { [FILE]: config('', path, '') }, [
        "proxy_buffering is on (nginx's default) in a location whose fallback transports stream responses: the WebSocket itself is never buffered, but a streamed fallback response that the backend does not send chunked waits in nginx's buffers until they fill or it ends: add proxy_buffering off",
      ]);
    }
  });

  test('does not fire on a WebSocket-only path, Socket.IO (long-polling), or location /', () => {
    for (const path of ['/ws/', '/socket.io/', '/']) assert.deepEqual(findingsOf(RULE, { [FILE]: config('', path, '') }), [], path);
  });

  test("does not fire on Bitwarden's notifications hub, whose clients connect over WebSocket only", () => {
    for (const path of ['/notifications/hub', '/notifications/hub/', '~ ^/notifications/hub$']) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: config('', path, '') }), [], path);
    }
    // Another hub under a notifications path is still SignalR with its fallbacks.
    assert.equal(findingsOf(RULE, { [FILE]: config('', '/notifications/chathub', '') }).length, 1);
  });

  test('does not fire on a plain HTTP location, even a streaming one (not a WebSocket proxy)', () => {
    const plain = 'events {}\nhttp {\n    server {\n        location /sse/ {\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }), []);
  });

  test('respects off set in the location or inherited from the server', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '/sockjs/', '            proxy_buffering off;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('        proxy_buffering off;\n', '/sockjs/', '') }), []);
  });

  test('an explicit on is flagged on the directive and changed to off', () => {
    const text = config('', '/sockjs/', '            «proxy_buffering on;»\n').replace('«location /sockjs/»', 'location /sockjs/');
    expectFindings(RULE, { [FILE]: text }, [/^proxy_buffering is on \(set here\)/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(text).replace('proxy_buffering on;', 'proxy_buffering off;'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('an inherited on names its origin; the fix adds off to the location; nginx -t accepts it', () => {
    const text = config('        proxy_buffering on;\n', '/chathub', '');
    expectFindings(RULE, { [FILE]: text }, [/^proxy_buffering is on \(inherited from server at line 5\)/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(config('        proxy_buffering on;\n', '/chathub', '            proxy_buffering off;\n')));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });
});

/** A backend streaming four events 300 ms apart, chunked (Node's default for HTTP/1.1) or close-delimited. */
function streamingBackend(): Promise<{ port: number; close(): void }> {
  const events = (write: (s: string) => void, end: () => void): void => {
    let n = 0;
    const timer = setInterval(() => {
      write(`data: ${++n}\n\n`);
      if (n === 4) {
        clearInterval(timer);
        end();
      }
    }, 300);
  };
  const server = net.createServer((socket) => {
    socket.once('data', (req) => {
      const chunked = req.toString().startsWith('GET /chunked');
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n${chunked ? 'Transfer-Encoding: chunked\r\n' : 'Connection: close\r\n'}\r\n`);
      const frame = (s: string): string => (chunked ? `${s.length.toString(16)}\r\n${s}\r\n` : s);
      events((s) => socket.write(frame(s)), () => socket.end(chunked ? '0\r\n\r\n' : ''));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, close: () => server.close() })));
}

/** Ms after the request at which the first body bytes arrived. */
function firstBytesAfter(port: number, path: string): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path }, (res) => res.once('data', () => resolve(Date.now() - start))).on('error', reject);
  });
}

// What the message says, measured on Debian's nginx with buffering on: a chunked stream passes chunk by chunk,
// a close-delimited one is held until it ends (4 events over 1.2 s).
describe(`${RULE}: nginx behaviour`, () => {
  test('buffering holds a stream without chunked encoding, not a chunked one', async () => {
    const backend = await streamingBackend();
    const { server, ports } = await startOnFreePorts(1, ([port]) =>
      `events {}\nhttp {\n    server {\n        listen 127.0.0.1:${port};\n        location / {\n            proxy_pass http://127.0.0.1:${backend.port};\n            proxy_http_version 1.1;\n        }\n    }\n}\n`,
    );
    try {
      const chunked = await firstBytesAfter(ports[0], '/chunked');
      const closeDelimited = await firstBytesAfter(ports[0], '/plain');
      assert.ok(chunked < 900, `chunked: first event after ${chunked} ms`);
      assert.ok(closeDelimited >= 1_100, `close-delimited: first event after ${closeDelimited} ms`);
    } finally {
      await server.stop();
      backend.close();
    }
  });
});

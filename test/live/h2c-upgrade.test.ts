// ws-upgrade-any on a real nginx: the usual `Upgrade $http_upgrade` line hands a client's `Upgrade: h2c` to the
// backend (the first step of h2c request smuggling); with the rule's fix, only `websocket` gets through.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { test } from 'node:test';
import { analyzeFiles } from '../../server/src/service/analyze';
import { fixTexts } from '../../server/src/service/fixes';
import { resolveSettings } from '../../server/src/service/settings';
import { startOnFreePorts } from './lab/nginx-server';

const SETTINGS = resolveSettings({ rules: { 'ws-upgrade-any': 'warning' } });

const config = (port: number, backend: number): string => `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    server {
        listen 127.0.0.1:${port};
        location /ws/ {
            proxy_pass http://127.0.0.1:${backend};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`;

/** A backend that records the Upgrade header of every request it gets, upgrade or not, and answers 200. */
async function recordingBackend(): Promise<{ port: number; seen: (string | undefined)[]; stop: () => Promise<void> }> {
  const seen: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.upgrade);
    res.end('plain');
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    seen.push(req.headers.upgrade);
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, seen, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One raw HTTP/1.1 request asking for an h2c upgrade, as a smuggling client sends it. */
function askForH2c(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write('GET /ws/ HTTP/1.1\r\nHost: lab\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n');
    });
    let data = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer from nginx')));
    socket.on('data', (c) => {
      data += c.toString('latin1');
      // The status line and headers are the answer: nginx keeps the client connection open after it.
      if (data.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('end', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

test('the usual lines pass Upgrade: h2c to the backend; after the ws-upgrade-any fix they do not', async () => {
  const backend = await recordingBackend();
  try {
    for (const fixed of [false, true]) {
      const { server, ports } = await startOnFreePorts(1, ([port]) => {
        const text = config(port!, backend.port);
        if (!fixed) return text;
        const findings = analyzeFiles(new Map([['/lab/nginx.conf', text]]), '/lab/nginx.conf', SETTINGS).findings;
        assert.equal(findings.filter((f) => f.rule === 'ws-upgrade-any').length, 1);
        const out = fixTexts(new Map([['file:///lab/nginx.conf', text]]), (texts) => new Map([...texts].map(([uri, t]) => [uri, analyzeFiles(new Map([['/lab/nginx.conf', t]]), '/lab/nginx.conf', SETTINGS).findings.filter((f) => f.rule === 'ws-upgrade-any')])));
        return out.texts.get('file:///lab/nginx.conf') ?? text;
      });
      try {
        backend.seen.length = 0;
        await askForH2c(ports[0]!);
        assert.equal(backend.seen.length, 1, 'the request reached the backend');
        assert.equal(backend.seen[0], fixed ? undefined : 'h2c', fixed ? 'the fixed config forwards no h2c' : 'the usual lines forward h2c');
      } finally {
        await server.stop();
      }
    }
  } finally {
    await backend.stop();
  }
});

// A real WebSocket backend on the `ws` package. Each instance has a name that it reports over plain
// HTTP (a JSON report) and over WebSocket (a response header and a first "hello" message), so a test
// can tell which instance nginx chose and what nginx forwarded.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** What the backend answers to a plain HTTP request. */
export interface BackendReport {
  instance: string;
  method: string;
  url: string;
  httpVersion: string;
  connection: string | null;
  upgrade: string | null;
  headers: http.IncomingHttpHeaders;
  /** Distinct TCP connections this instance has accepted so far, this one included. */
  tcpConnections: number;
}

/** The first message of every WebSocket session. */
export interface HelloMessage {
  type: 'hello';
  instance: string;
  httpVersion: string;
  headers: http.IncomingHttpHeaders;
}

export interface BackendStats {
  tcpConnections: number;
  plainRequests: number;
  /** Requests that Node's parser recognised as upgrades (Upgrade header plus Connection: upgrade). */
  upgradeRequests: number;
  sessions: number;
}

export interface Backend {
  name: string;
  port: number;
  /** `127.0.0.1:PORT`, ready for an upstream `server` line or proxy_pass. */
  address: string;
  stats: BackendStats;
  stop(): Promise<void>;
}

export const INSTANCE_HEADER = 'x-backend-instance';

function queryOf(req: http.IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://backend').searchParams;
}

/**
 * A server-sent event stream: one event, silence, a last event, end. Each event says when it was sent. Node sends
 * it chunked to an HTTP/1.1 request; `chunked: false` sends it close-delimited (no length, no chunks, as every
 * answer to HTTP/1.0 is), as servers that do not chunk do.
 */
function eventStream(res: http.ServerResponse, name: string, silentMs: number, chunked: boolean): void {
  if (!chunked) res.useChunkedEncodingByDefault = false;
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', [INSTANCE_HEADER]: name });
  const event = (n: number): string => `data: ${JSON.stringify({ n, sentAt: Date.now() })}\n\n`;
  res.write(event(1));
  const timer = setTimeout(() => res.end(event(2)), silentMs);
  res.on('close', () => clearTimeout(timer));
}

/**
 * Behaviour is chosen by the WebSocket URL's query:
 * - `requireHttp11=1`: refuse an upgrade over HTTP/1.0 with a 400, as RFC 6455 §4.2.1 asks and strict
 *   servers do (`ws` alone accepts it);
 * - `pushEveryMs=N`: send `{type:"tick",n}` every N ms;
 * - `silentForMs=N`: say nothing after the hello for N ms, then send `{type:"awake"}`;
 * - `closeAfterMs=N`: end the session with close code 4000 after N ms.
 * Every data message is echoed back with its type (text or binary) kept.
 * A plain request with `streamSilentMs=N` gets an event stream: one event, N ms of silence, a last event;
 * with `streamChunked=0` as well, the stream is close-delimited even over HTTP/1.1.
 */
export async function startBackend(name: string): Promise<Backend> {
  const stats: BackendStats = { tcpConnections: 0, plainRequests: 0, upgradeRequests: 0, sessions: 0 };
  const sockets = new Set<Duplex>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  wss.on('headers', (headers) => headers.push(`X-Backend-Instance: ${name}`));

  const server = http.createServer((req, res) => {
    stats.plainRequests++;
    const query = queryOf(req);
    const streamSilentMs = Number(query.get('streamSilentMs') ?? 0);
    if (streamSilentMs > 0) return eventStream(res, name, streamSilentMs, query.get('streamChunked') !== '0');
    const report: BackendReport = {
      instance: name,
      method: req.method ?? '',
      url: req.url ?? '',
      httpVersion: req.httpVersion,
      connection: req.headers.connection ?? null,
      upgrade: req.headers.upgrade ?? null,
      headers: req.headers,
      tcpConnections: stats.tcpConnections,
    };
    const body = JSON.stringify(report);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      [INSTANCE_HEADER]: name,
    });
    res.end(body);
  });
  server.on('connection', (socket) => {
    stats.tcpConnections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    stats.upgradeRequests++;
    if (queryOf(req).get('requireHttp11') === '1' && req.httpVersion === '1.0') {
      const body = 'a WebSocket handshake needs HTTP/1.1 or later\n';
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
          `Content-Length: ${body.length}\r\nX-Backend-Instance: ${name}\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => session(ws, req));
  });

  function session(ws: WebSocket, req: http.IncomingMessage): void {
    stats.sessions++;
    const timers: NodeJS.Timeout[] = [];
    ws.on('close', () => timers.forEach(clearTimeout));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    const hello: HelloMessage = { type: 'hello', instance: name, httpVersion: req.httpVersion, headers: req.headers };
    ws.send(JSON.stringify(hello));

    const query = queryOf(req);
    const pushEvery = Number(query.get('pushEveryMs') ?? 0);
    const silentFor = Number(query.get('silentForMs') ?? 0);
    if (pushEvery > 0) {
      let n = 0;
      timers.push(setInterval(() => ws.send(JSON.stringify({ type: 'tick', n: ++n })), pushEvery));
    }
    const closeAfter = Number(query.get('closeAfterMs') ?? 0);
    if (closeAfter > 0) timers.push(setTimeout(() => ws.close(4000, 'backend says goodbye'), closeAfter));
    if (silentFor > 0) {
      timers.push(setTimeout(() => ws.send(JSON.stringify({ type: 'awake', afterMs: silentFor })), silentFor));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    name,
    port,
    address: `127.0.0.1:${port}`,
    stats,
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

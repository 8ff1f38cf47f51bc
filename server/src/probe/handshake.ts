// Opens a WebSocket handshake over a raw socket so that every answer (101, 400, 502, 200 ...)
// is seen as it is, not hidden behind a client library's error.
import { createHash, randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface Target {
  secure: boolean;
  host: string;
  port: number;
  /** Path and query as sent in the request line. */
  path: string;
  /** The Host header: the port appears only when it is not the scheme's default. */
  hostHeader: string;
}

export interface HandshakeOptions {
  /** Bound on connecting and reading the response head. */
  timeoutMs: number;
  /** Extra request headers; they may replace the standard ones (to send a deliberately bad request). */
  headers?: Record<string, string>;
  /** For wss://: a CA to trust (a test's self-signed certificate). */
  ca?: string | Buffer;
  /** For wss://: `false` accepts any certificate. Defaults to `true`. */
  rejectUnauthorized?: boolean;
}

export interface HandshakeResponse {
  statusCode: number;
  /** The response's first line, e.g. `HTTP/1.1 101 Switching Protocols`. */
  statusLine: string;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Whether Sec-WebSocket-Accept matches our key (only meaningful for 101). */
  acceptValid: boolean;
  socket: net.Socket;
  /** Bytes that arrived after the head: the start of a body or of the first frames. */
  rest: Buffer;
}

/** Why no HTTP response head could be read. */
export type HandshakeFailure = 'connect-error' | 'tls-error' | 'timeout' | 'no-response' | 'bad-response';

export class HandshakeError extends Error {
  constructor(
    readonly failure: HandshakeFailure,
    message: string,
  ) {
    super(message);
  }
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_HEAD_BYTES = 64 * 1024;

export function parseTarget(url: string): Target {
  const u = new URL(url);
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    throw new Error(`expected a ws:// or wss:// URL, got ${u.protocol}`);
  }
  const secure = u.protocol === 'wss:';
  const defaultPort = secure ? 443 : 80;
  const port = u.port ? Number(u.port) : defaultPort;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    secure,
    host,
    port,
    path: `${u.pathname || '/'}${u.search}`,
    hostHeader: port === defaultPort ? u.hostname : `${u.hostname}:${port}`,
  };
}

export function expectedAccept(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

function connect(target: Target, opts: HandshakeOptions): net.Socket {
  if (!target.secure) return net.connect({ host: target.host, port: target.port });
  return tls.connect({
    host: target.host,
    port: target.port,
    // SNI must be a name, never an address.
    servername: net.isIP(target.host) ? undefined : target.host,
    ca: opts.ca,
    rejectUnauthorized: opts.rejectUnauthorized ?? true,
    ALPNProtocols: ['http/1.1'],
  });
}

function parseHead(head: string): { statusCode: number; statusLine: string; headers: Record<string, string> } {
  const lines = head.split('\r\n');
  const statusLine = lines[0] ?? '';
  const m = /^HTTP\/\d\.\d (\d{3})/.exec(statusLine);
  if (!m) throw new HandshakeError('bad-response', `not an HTTP response: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { statusCode: Number(m[1]), statusLine, headers };
}

/** Sends an upgrade request and resolves with the response head; the socket stays open for the caller. */
export function openHandshake(url: string, opts: HandshakeOptions): Promise<HandshakeResponse> {
  const target = parseTarget(url);
  const key = randomBytes(16).toString('base64');
  const headers: Record<string, string> = {
    Host: target.hostHeader,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': key,
    'Sec-WebSocket-Version': '13',
    ...opts.headers,
  };
  const request =
    `GET ${target.path} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n';

  return new Promise((resolve, reject) => {
    const socket = connect(target, opts);
    let received = Buffer.alloc(0);
    let settled = false;
    const timer = setTimeout(
      () => fail(new HandshakeError('timeout', `no response head within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );

    function cleanup(): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    }
    function fail(err: HandshakeError): void {
      if (settled) return;
      settled = true;
      cleanup();
      socket.destroy();
      reject(err);
    }
    function onError(err: NodeJS.ErrnoException): void {
      const tlsProblem = target.secure && !(err.code ?? '').startsWith('ECONN') && err.code !== 'ETIMEDOUT';
      fail(new HandshakeError(tlsProblem ? 'tls-error' : 'connect-error', err.message));
    }
    function onClose(): void {
      fail(new HandshakeError('no-response', 'the connection closed before a response head arrived'));
    }
    function onData(chunk: Buffer): void {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (received.length > MAX_HEAD_BYTES) fail(new HandshakeError('bad-response', 'response head too large'));
        return;
      }
      let parsed: ReturnType<typeof parseHead>;
      try {
        parsed = parseHead(received.subarray(0, end).toString('latin1'));
      } catch (err) {
        fail(err instanceof HandshakeError ? err : new HandshakeError('bad-response', String(err)));
        return;
      }
      settled = true;
      cleanup();
      resolve({
        ...parsed,
        acceptValid: parsed.headers['sec-websocket-accept'] === expectedAccept(key),
        socket,
        rest: received.subarray(end + 4),
      });
    }

    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.once(target.secure ? 'secureConnect' : 'connect', () => socket.write(request));
  });
}

/** Reads a non-101 response's body (by Content-Length, chunked or until close), bounded in time and size. */
export function readBody(res: HandshakeResponse, timeoutMs: number, maxBytes = 1024 * 1024): Promise<Buffer> {
  const length = res.headers['content-length'] === undefined ? undefined : Number(res.headers['content-length']);
  const chunked = /chunked/i.test(res.headers['transfer-encoding'] ?? '');
  return new Promise((resolve) => {
    let body = res.rest;
    const timer = setTimeout(done, timeoutMs);
    function complete(): boolean {
      if (length !== undefined) return body.length >= length;
      if (chunked) return body.includes('\r\n0\r\n\r\n') || body.subarray(0, 5).toString() === '0\r\n\r\n';
      return false;
    }
    function done(): void {
      clearTimeout(timer);
      res.socket.off('data', onData);
      res.socket.off('close', done);
      res.socket.destroy();
      resolve(chunked ? dechunk(body) : length !== undefined ? body.subarray(0, length) : body);
    }
    function onData(chunk: Buffer): void {
      body = Buffer.concat([body, chunk]);
      if (complete() || body.length > maxBytes) done();
    }
    if (complete()) return done();
    res.socket.on('data', onData);
    res.socket.on('close', done);
  });
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(raw.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

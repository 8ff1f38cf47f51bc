// The lab's client: a raw handshake (the probe's own code) and a small session on top of it.
import * as http from 'node:http';
import type * as net from 'node:net';
import { Opcode, MessageReader, closePayload, encodeFrame, type Message } from '../../../server/src/probe/frames';
import { openHandshake, readBody, type HandshakeOptions } from '../../../server/src/probe/handshake';
import type { BackendReport } from './backend';

export interface HandshakeOutcome {
  status: number;
  statusLine: string;
  headers: Record<string, string>;
  /** Open only for a 101 whose Sec-WebSocket-Accept was right. */
  session?: WsSession;
  /** The body of a non-101 answer. */
  body?: string;
}

const HANDSHAKE_TIMEOUT_MS = 5_000;

export async function handshake(
  url: string,
  opts: Partial<HandshakeOptions> = {},
): Promise<HandshakeOutcome> {
  const res = await openHandshake(url, { timeoutMs: HANDSHAKE_TIMEOUT_MS, ...opts });
  const base = { status: res.statusCode, statusLine: res.statusLine, headers: res.headers };
  if (res.statusCode !== 101) return { ...base, body: (await readBody(res, 2_000)).toString('utf8') };
  if (!res.acceptValid) {
    res.socket.destroy();
    throw new Error(`101 with a wrong Sec-WebSocket-Accept: ${res.headers['sec-websocket-accept']}`);
  }
  return { ...base, session: new WsSession(res.socket, res.rest) };
}

/** Connects and insists on a 101. */
export async function connect(url: string, opts: Partial<HandshakeOptions> = {}): Promise<WsSession> {
  const out = await handshake(url, opts);
  if (!out.session) throw new Error(`expected 101 from ${url}, got ${out.statusLine}: ${out.body?.slice(0, 200)}`);
  return out.session;
}

export class WsSession {
  readonly openedAt = Date.now();
  private readonly reader = new MessageReader();
  private readonly queue: Message[] = [];
  private waiters: Array<() => void> = [];
  private closedAtMs: number | undefined;
  /** Whether the peer sent a close frame; nginx's timeouts just drop the TCP connection (a 1006). */
  closeFrameReceived = false;

  constructor(
    private readonly socket: net.Socket,
    rest: Buffer,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closedAtMs ??= Date.now();
      this.wake();
    });
    if (rest.length > 0) this.receive(rest);
  }

  get closed(): boolean {
    return this.closedAtMs !== undefined;
  }

  send(data: string | Buffer): void {
    const binary = Buffer.isBuffer(data);
    this.socket.write(encodeFrame(binary ? Opcode.binary : Opcode.text, binary ? data : Buffer.from(data), true));
  }

  /** The next data message; throws if the connection closes or nothing comes within `timeoutMs`. */
  async next(timeoutMs: number): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.queue.shift();
      if (m) return m;
      if (this.closed) throw new Error('the connection closed while a message was awaited');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await this.wait(left);
    }
  }

  async nextJson<T>(timeoutMs: number): Promise<T> {
    const m = await this.next(timeoutMs);
    return JSON.parse(m.data.toString('utf8')) as T;
  }

  /** Ms from the 101 until the connection closed, or undefined if it is still open after `maxMs` more. */
  async closedAfter(maxMs: number): Promise<number | undefined> {
    const deadline = Date.now() + maxMs;
    while (!this.closed && Date.now() < deadline) await this.wait(deadline - Date.now());
    return this.closedAtMs === undefined ? undefined : this.closedAtMs - this.openedAt;
  }

  close(): void {
    if (this.closed) return;
    this.socket.end(encodeFrame(Opcode.close, closePayload(1000), true));
    setTimeout(() => this.socket.destroy(), 500).unref();
  }

  private receive(chunk: Buffer): void {
    for (const m of this.reader.push(chunk)) {
      if (m.opcode === Opcode.ping) this.socket.write(encodeFrame(Opcode.pong, m.data, true));
      else if (m.opcode === Opcode.close) {
        this.closeFrameReceived = true;
        this.socket.end();
      }
      else if (m.opcode !== Opcode.pong) this.queue.push(m);
    }
    this.wake();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
}

/** A plain HTTP GET on a fresh connection; the backend's JSON report when it answered. */
export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; report?: BackendReport; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        const json = /json/.test(res.headers['content-type'] ?? '');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          report: json ? (JSON.parse(body) as BackendReport) : undefined,
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

/** Parses a backend's JSON report out of a handshake answered as a plain request. */
export function reportOf(out: HandshakeOutcome): BackendReport | undefined {
  if (!out.body || !/json/.test(out.headers['content-type'] ?? '')) return undefined;
  return JSON.parse(out.body) as BackendReport;
}

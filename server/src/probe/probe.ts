// `nginx-ws probe URL`: one real handshake, then watch the upgraded connection, then explain.
import { explain, type Observation } from './explain';
import { Opcode, MessageReader, closePayload, encodeFrame } from './frames';
import { HandshakeError, openHandshake, readBody, type HandshakeFailure, type HandshakeOptions, type HandshakeResponse } from './handshake';

/** The status code as text ('101', '400', '502' ...), or why no response came. */
export type ProbeOutcome = `${number}` | HandshakeFailure;

export interface ProbeOptions extends Omit<HandshakeOptions, 'timeoutMs'> {
  /**
   * The whole budget: the handshake must finish within it, and an upgraded connection is then watched
   * for what is left, to catch a proxy that drops it (more than 60 s catches nginx's default).
   */
  timeoutMs: number;
  /** The response head, as soon as it has arrived (before any body is read or the connection is watched). */
  onResponse?: (head: { statusLine: string; headers: Record<string, string> }) => void;
  /** After a 101: the watch of `watchMs` starts now. */
  onWatch?: (watchMs: number) => void;
}

export interface ProbeResult {
  url: string;
  /** A 101 with the right Sec-WebSocket-Accept that stayed open for the whole watch: what a healthy endpoint does. */
  ok: boolean;
  outcome: ProbeOutcome;
  statusLine?: string;
  headers: Record<string, string>;
  /** After a 101: ms until the server side closed; absent when it was still open at the end. */
  closedAfterMs?: number;
  /** After a 101: the close code, when the server sent a close frame. */
  closeCode?: number;
  explanation: string;
  /** Rule ids of the likely causes, most likely first. */
  rules: string[];
}

const BODY_READ_MS = 1_000;
const BODY_MAX_BYTES = 16 * 1024;

export async function probe(url: string, opts: ProbeOptions): Promise<ProbeResult> {
  const started = Date.now();
  let res: HandshakeResponse;
  try {
    res = await openHandshake(url, opts);
  } catch (err) {
    if (!(err instanceof HandshakeError)) throw err;
    const o: Observation = { kind: 'failure', failure: err.failure, detail: err.message, timeoutMs: opts.timeoutMs };
    return { url, ok: false, outcome: err.failure, headers: {}, ...explain(o) };
  }
  const base = { url, outcome: String(res.statusCode) as ProbeOutcome, statusLine: res.statusLine, headers: res.headers };
  opts.onResponse?.({ statusLine: res.statusLine, headers: res.headers });
  if (res.statusCode !== 101) {
    const body = (await readBody(res, BODY_READ_MS, BODY_MAX_BYTES)).toString('utf8');
    return { ...base, ok: false, ...explain({ kind: 'status', status: res.statusCode, headers: res.headers, body }) };
  }
  const watchMs = Math.max(0, opts.timeoutMs - (Date.now() - started));
  opts.onWatch?.(watchMs);
  const watched = await watch(res, watchMs);
  return {
    ...base,
    ok: res.acceptValid && watched.closedAfterMs === undefined,
    ...watched,
    ...explain({ kind: 'upgraded', acceptValid: res.acceptValid, watchedMs: watchMs, ...watched }),
  };
}

/** Keeps the session open (answering pings) until the server closes it or `watchMs` is up. */
function watch(res: HandshakeResponse, watchMs: number): Promise<{ closedAfterMs?: number; closeCode?: number }> {
  const { socket } = res;
  const opened = Date.now();
  const reader = new MessageReader();
  let closeCode: number | undefined;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('close', onClose);
      // Still open: say goodbye properly, and never wait long for the other side.
      socket.end(encodeFrame(Opcode.close, closePayload(1000), true));
      setTimeout(() => socket.destroy(), 1_000).unref();
      resolve({});
    }, watchMs);
    function onClose(): void {
      clearTimeout(timer);
      resolve({ closedAfterMs: Date.now() - opened, ...(closeCode === undefined ? {} : { closeCode }) });
    }
    function onData(chunk: Buffer): void {
      for (const m of reader.push(chunk)) {
        if (m.opcode === Opcode.ping) socket.write(encodeFrame(Opcode.pong, m.data, true));
        if (m.opcode === Opcode.close) {
          closeCode = m.data.length >= 2 ? m.data.readUInt16BE(0) : 1005;
          socket.end(encodeFrame(Opcode.close, m.data.subarray(0, 2), true));
        }
      }
    }
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    socket.on('close', onClose);
    if (res.rest.length > 0) onData(res.rest);
  });
}

/** The first lines for a terminal: the status line and the response headers. */
export function formatHead(url: string, head: { statusLine: string; headers: Record<string, string> }): string {
  return [`${url}: ${head.statusLine}`, ...Object.entries(head.headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
}

/** A few lines for a terminal; without the status line when `formatHead` printed it already. */
export function formatProbe(r: ProbeResult, headShown = false): string {
  const lines = headShown && r.statusLine !== undefined ? [] : [`${r.url}: ${r.statusLine ?? r.outcome}`];
  if (r.closedAfterMs !== undefined) lines.push(`closed after ${(r.closedAfterMs / 1000).toFixed(1)} s`);
  lines.push(r.explanation);
  if (r.rules.length > 0) lines.push(`likely rules: ${r.rules.join(', ')}`);
  return lines.join('\n');
}

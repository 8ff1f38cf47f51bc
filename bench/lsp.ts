// The language server as an editor sees it: the bundled out/server.js over a real stdio LSP connection.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { SERVER_EXEC_ARGV } from '../client/src/serverFlags';
import { median, quantile } from './stats';

interface Publish {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

class Server {
  private waiters: { match: (p: Publish) => boolean; resolve: (p: Publish) => void; reject: (e: Error) => void }[] = [];
  private exit: Error | undefined;
  stderr = '';

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {}

  /** Spawns the server and completes the handshake; `initMs` is from spawn to the initialize result. */
  static async start(serverJs: string, folder: string | undefined, debounceMs: number): Promise<{ server: Server; initMs: number }> {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [...SERVER_EXEC_ARGV, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    if (!proc.stdout || !proc.stdin || !proc.stderr) throw new Error('no stdio pipes');
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const server = new Server(proc, conn);
    proc.stderr.on('data', (d: Buffer) => (server.stderr += d.toString()));
    proc.on('exit', (code, signal) => server.died(new Error(`server exited (${code ?? signal}): ${server.stderr.slice(-2000)}`)));
    conn.onNotification('textDocument/publishDiagnostics', (p: Publish) => server.received(p));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }] : null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { debounceMs },
    });
    const initMs = performance.now() - t0;
    await conn.sendNotification('initialized', {});
    return { server, initMs };
  }

  private received(p: Publish): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(p)) return true;
      w.resolve(p);
      return false;
    });
  }

  private died(err: Error): void {
    this.exit = err;
    for (const w of this.waiters) w.reject(err);
    this.waiters = [];
  }

  /** Resolves on the next publish that matches (register before sending what causes it). */
  next(match: (p: Publish) => boolean, timeoutMs = 120_000): Promise<Publish> {
    if (this.exit) return Promise.reject(this.exit);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching publishDiagnostics within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject,
      });
    });
  }

  /** Resident set size of the server process now, in MB (VmRSS). */
  rssMb(): number {
    const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  }

  /** Peak resident set size of the server process so far, in MB (VmHWM). */
  peakRssMb(): number {
    const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  }

  async stop(): Promise<void> {
    if (!this.exit) {
      const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      try {
        await this.conn.sendRequest('shutdown');
        await this.conn.sendNotification('exit');
      } catch {
        // Closing already.
      }
      await gone;
    }
    this.conn.dispose();
  }
}

export interface EditLoop {
  lines: number;
  edits: number;
  openToDiagnosticsMs: number;
  p50: number;
  p95: number;
  /** p95 without the first 10 edits, which run before the JIT has optimised the analysis. */
  p95Warm: number;
  max: number;
  debounceMs: number;
  /** Peak RSS of the server over the loop. */
  peakRssMb: number;
}

export interface LspResults {
  initialize: { runs: number[]; median: number };
  edit: EditLoop;
  /** The same loop in the large config (about 35,000 lines). */
  largeEdit: EditLoop;
  /** One-character edits in one file of the 1,000-file workspace (its tree is rebuilt each time). */
  workspaceEdit: { edits: number; p50: number; p95: number; max: number };
  /** Peak RSS of the server: after the edit session, and after indexing the 1,000-file workspace and opening its main file. */
  peakRssMb: { edit: number; workspace: number };
  workspaceOpenToDiagnosticsMs: number;
  /** The same file edited `edits` more times: the server's memory, sampled every tenth of the way, and its peak. */
  soak: { edits: number; rssMb: number[]; peakRssMb: number; seconds: number };
}

/** One server with the file at `editPath` open, for `edits` one-character edits (debounce 0). */
async function editLoop(serverJs: string, editPath: string, edits: number, editorDebounceMs: number): Promise<EditLoop> {
  const text = fs.readFileSync(editPath, 'utf8');
  const lines = text.split('\n');
  const uri = pathToFileURL(editPath).href;
  const { server } = await Server.start(serverJs, path.dirname(editPath), 0);
  let t0 = performance.now();
  const opened = server.next((p) => p.uri === uri && p.version === 1);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text } });
  await opened;
  const openMs = performance.now() - t0;

  // One character each: the last digit of a `proxy_read_timeout 3600s` somewhere in the file, 3600s <-> 3601s.
  const targets = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('proxy_read_timeout 3600s;'));
  const latencies: number[] = [];
  const state = new Map<number, string>();
  for (let k = 0; k < edits; k++) {
    const [line, row] = targets[(k * 7919) % targets.length];
    const col = line.indexOf('3600s') + 3;
    const now = state.get(row) ?? '0';
    const next = now === '0' ? '1' : '0';
    state.set(row, next);
    const version = k + 2;
    const got = server.next((p) => p.uri === uri && p.version === version);
    t0 = performance.now();
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: row, character: col }, end: { line: row, character: col + 1 } }, text: next }],
    });
    await got;
    latencies.push(performance.now() - t0);
  }
  const peakRssMb = server.peakRssMb();
  await server.stop();
  return {
    lines: lines.length - 1,
    edits,
    openToDiagnosticsMs: openMs,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p95Warm: quantile(latencies.slice(10), 0.95),
    max: Math.max(...latencies),
    debounceMs: editorDebounceMs,
    peakRssMb,
  };
}

/**
 * `initRuns` fresh servers for the handshake; one server with the 5,000-line file for `edits` one-character
 * edits (debounce 0, so that each latency is the server's own work); one server on the 1,000-file workspace.
 */
export async function runLsp(serverJs: string, dir: string, initRuns: number, edits: number, editorDebounceMs: number, soakEdits = 10_000): Promise<LspResults> {
  const initTimes: number[] = [];
  for (let i = 0; i < initRuns; i++) {
    const { server, initMs } = await Server.start(serverJs, undefined, 0);
    initTimes.push(initMs);
    await server.stop();
  }

  const edit = await editLoop(serverJs, path.join(dir, 'edit', 'nginx.conf'), edits, editorDebounceMs);
  const largeEdit = await editLoop(serverJs, path.join(dir, 'edit-large', 'nginx.conf'), edits, editorDebounceMs);

  const wsRoot = path.join(dir, 'workspace');
  const mainPath = path.join(wsRoot, 'nginx.conf');
  const mainUri = pathToFileURL(mainPath).href;
  const ws = await Server.start(serverJs, wsRoot, 0);
  let t0 = performance.now();
  const wsOpened = ws.server.next((p) => p.uri === mainUri && p.version === 1);
  await ws.server.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: mainUri, languageId: 'nginx', version: 1, text: fs.readFileSync(mainPath, 'utf8') },
  });
  await wsOpened;
  const wsOpenMs = performance.now() - t0;
  const wsRss = ws.server.peakRssMb();

  // One file of the thousand, edited: the include tree it belongs to is rebuilt on each keystroke.
  const sitePath = path.join(wsRoot, 'conf.d', 'app-0001.conf');
  const siteUri = pathToFileURL(sitePath).href;
  const siteText = fs.readFileSync(sitePath, 'utf8');
  const siteOpened = ws.server.next((p) => p.uri === siteUri && p.version === 1);
  await ws.server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: siteUri, languageId: 'nginx', version: 1, text: siteText } });
  await siteOpened;
  const siteLines = siteText.split('\n');
  const siteRow = siteLines.findIndex((l) => l.includes('proxy_read_timeout 3600s;'));
  const siteCol = siteLines[siteRow].indexOf('3600s') + 3;
  const siteLatencies: number[] = [];
  for (let k = 0; k < edits; k++) {
    const version = k + 2;
    const got = ws.server.next((p) => p.uri === siteUri && p.version === version);
    t0 = performance.now();
    await ws.server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: siteUri, version },
      contentChanges: [{ range: { start: { line: siteRow, character: siteCol }, end: { line: siteRow, character: siteCol + 1 } }, text: String(k % 2) }],
    });
    await got;
    siteLatencies.push(performance.now() - t0);
  }
  // The soak: many more edits of that file, with the memory sampled as it goes (it must stay flat).
  const soakRss: number[] = [ws.server.rssMb()];
  const soakStart = performance.now();
  for (let k = 0; k < soakEdits; k++) {
    const version = edits + k + 2;
    const got = ws.server.next((p) => p.uri === siteUri && p.version === version);
    await ws.server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: siteUri, version },
      contentChanges: [{ range: { start: { line: siteRow, character: siteCol }, end: { line: siteRow, character: siteCol + 1 } }, text: String(k % 2) }],
    });
    await got;
    if ((k + 1) % Math.max(1, Math.floor(soakEdits / 10)) === 0) soakRss.push(ws.server.rssMb());
  }
  const soak = { edits: soakEdits, rssMb: soakRss, peakRssMb: ws.server.peakRssMb(), seconds: (performance.now() - soakStart) / 1000 };
  await ws.server.stop();

  return {
    initialize: { runs: initTimes, median: median(initTimes) },
    edit,
    largeEdit,
    peakRssMb: { edit: edit.peakRssMb, workspace: wsRss },
    workspaceEdit: { edits, p50: quantile(siteLatencies, 0.5), p95: quantile(siteLatencies, 0.95), max: Math.max(...siteLatencies) },
    workspaceOpenToDiagnosticsMs: wsOpenMs,
    soak,
  };
}

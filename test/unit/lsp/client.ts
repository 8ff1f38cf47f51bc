import { spawn, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { ensureBuilt, serverJs } from './built';

export interface StartOptions {
  initializationOptions?: unknown;
  capabilities?: ClientCapabilities;
  workspaceFolders?: { uri: string; name: string }[] | null;
  /** Answers the server's `workspace/configuration` requests (only asked when capabilities allow it). */
  configuration?: (items: { scopeUri?: string; section?: string }[]) => unknown[];
  /** The command to run instead of `node out/server.js --stdio` (the CLI's `lsp`). */
  command?: { file: string; args: string[] };
}

const DEFAULT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    publishDiagnostics: { versionSupport: true },
  },
};

/**
 * A minimal LSP client over stdio to the real bundled server: what the tests see is what an editor sees.
 * Every notification is recorded; waits resolve on the first matching one after a mark, and fail at once
 * if the server process dies.
 */
export class LspClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** `window/showMessage` notifications: what the user would see pop up. */
  readonly messages: { type: number; message: string }[] = [];
  stderr = '';
  private waiters: { from: number; match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void; reject: (e: Error) => void }[] = [];
  private exited: Error | undefined;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<{ client: LspClient; init: InitializeResult }> {
    ensureBuilt();
    const cmd = options.command ?? { file: process.execPath, args: [serverJs, '--stdio'] };
    const proc = spawn(cmd.file, cmd.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    if (!proc.stdout || !proc.stdin || !proc.stderr) throw new Error('no stdio pipes');
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspClient(proc, conn);
    proc.stderr.on('data', (d: Buffer) => (client.stderr += d.toString()));
    proc.on('exit', (code, signal) => client.died(new Error(`server exited (${code ?? signal}); stderr: ${client.stderr}`)));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => client.received(p));
    conn.onNotification('window/logMessage', (p: { message: string }) => client.logs.push(p.message));
    conn.onNotification('window/showMessage', (p: { type: number; message: string }) => client.messages.push(p));
    conn.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      options.configuration ? options.configuration(p.items) : p.items.map(() => null),
    );
    conn.onRequest('client/registerCapability', () => null);
    conn.listen();
    const init: InitializeResult = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders ?? null,
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      initializationOptions: options.initializationOptions ?? { debounceMs: 0 },
    });
    await conn.sendNotification('initialized', {});
    return { client, init };
  }

  private received(p: PublishDiagnosticsParams): void {
    this.diagnostics.push(p);
    const index = this.diagnostics.length - 1;
    this.waiters = this.waiters.filter((w) => {
      if (index >= w.from && w.match(p)) {
        w.resolve(p);
        return false;
      }
      return true;
    });
  }

  private died(err: Error): void {
    this.exited = err;
    for (const w of this.waiters) w.reject(err);
    this.waiters = [];
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /** The index the next publish will have: wait from here to ignore everything already received. */
  mark(): number {
    return this.diagnostics.length;
  }

  /** The first publish at or after `from` that matches. */
  waitForDiagnostics(from: number, match: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const hit = this.diagnostics.slice(from).find(match);
    if (hit) return Promise.resolve(hit);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.waiters.push({ from, match, resolve, reject }));
  }

  async open(uri: string, text: string, version = 1, languageId = 'nginx'): Promise<void> {
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params);
  }

  async stop(): Promise<void> {
    if (this.alive) {
      const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      try {
        await this.conn.sendRequest('shutdown');
        await this.conn.sendNotification('exit');
        this.proc.stdin?.end();
      } catch {
        // Already closing.
      }
      await gone;
    }
    this.conn.dispose();
  }
}

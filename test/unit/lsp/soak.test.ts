// Soak: one server, a few documents, a few thousand seeded random operations (incremental edits, opens,
// closes, requests cancelled at once). At the end the server is alive, its last diagnostics of every open
// document are what the analysis of the final texts gives, and its memory has not kept growing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { Diagnostic, DocumentSymbol, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { analyzeFiles, analyzeText } from '../../../server/src/service/analyze';
import { defaultSettings } from '../../../server/src/service/settings';
import type { Finding } from '../../../server/src/service/types';
import { LspClient } from './client';
import { positionAt, prng } from '../../support/randomEdits';

const SEED = Number(process.env.SOAK_SEED ?? 20240611);
const OPERATIONS = Number(process.env.SOAK_OPS ?? 3000);
/** A document larger than this gets deletions rather than insertions, so that the run stays fast. */
const MAX_DOC = 12_000;
/** Bounded waits: far above what any step takes, so that only a hang trips them. */
const WAIT_MS = 30_000;

const MAIN = `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    upstream backend { server 127.0.0.1:9000; }
    include conf.d/*.conf;
}
`;
const SITE_A = `server {
    listen 127.0.0.1:8080;
    location /ws/ {
        proxy_pass http://backend;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_read_timeout 3600s;
    }
}
`;
const SITE_B = `server {
    listen 127.0.0.1:8081;
    location /socket.io/ {
        proxy_pass http://backend;
        proxy_set_header Upgrade $http_upgrade;
    }
}
`;
const SITE_C = `server {
    listen 127.0.0.1:8082;
    location / { return 200 "ok"; }
}
`;
const UNTITLED = `location /ws { proxy_pass http://127.0.0.1:9; }\n`;

const SNIPPETS = [
  '{', '}', ';', '"', "'", '\\', '#', ' ', '\n', '\n', '$', '${', 'é', '$connection_upgrade', '$http_upgrade',
  'server {', 'location /ws/ {', 'http {', '}\n', 'proxy_pass http://backend;\n', 'proxy_http_version 1.1;\n',
  'proxy_set_header Upgrade $http_upgrade;\n', 'proxy_set_header Connection "upgrade";\n', 'proxy_read_timeout 10s;\n',
  'listen 80;\n', 'ip_hash;\n', 'include conf.d/*.conf;\n', 'if ($http_upgrade) { return 400; }\n', '"a;b}"', "'{'",
  'map $http_upgrade $connection_upgrade {\n    default upgrade;\n    "" close;\n}\n',
  'location /ws/ {\n    proxy_pass http://backend;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n}\n',
  'server {\n    listen 127.0.0.1:9090;\n    location /chat {\n        proxy_pass http://127.0.0.1:7000;\n        proxy_set_header Connection $connection_upgrade;\n    }\n}\n',
  'upstream u { server 127.0.0.1:1; }\n', 'content_by_lua_block { ngx.say("}") }\n',
];

function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, 'VmRSS in /proc/PID/status');
  return Number(m[1]);
}

/** A promise, or a failure after `ms` naming what never came. The timer is cleared either way. */
async function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what()}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Key = string;
const diagKey = (d: { code?: string | number; range: Diagnostic['range']; message: string }): Key =>
  `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;
const findingKey = (f: Finding): Key => diagKey({ code: f.rule, range: f.range, message: f.message });
const sorted = (keys: Key[]): Key[] => [...keys].sort();

interface Doc {
  uri: string;
  /** Path on disk for `file:` documents. */
  file?: string;
  /** The text as this test believes the server holds it; undefined while closed. */
  text?: string;
  version: number;
  /** The publish index at this document's last open or change: its final publish comes at or after it. */
  since: number;
}

describe('soak: thousands of edits, opens, closes and cancelled requests', { timeout: 180_000 }, () => {
  let dir: string;
  let client: LspClient;
  let docs: Doc[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-soak-'));
    fs.mkdirSync(path.join(dir, 'conf.d'));
    const files: [string, string][] = [
      ['nginx.conf', MAIN],
      ['conf.d/a.conf', SITE_A],
      ['conf.d/b.conf', SITE_B],
      ['conf.d/c.conf', SITE_C],
    ];
    for (const [rel, text] of files) fs.writeFileSync(path.join(dir, rel), text);
    docs = files.slice(0, 3).map(([rel]) => ({ uri: pathToFileURL(path.join(dir, rel)).href, file: path.join(dir, rel), version: 0, since: 0 }));
    docs.push({ uri: 'untitled:Untitled-7', version: 0, since: 0 });
    ({ client } = await LspClient.start({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'soak' }] }));
  });
  after(async () => {
    await client?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${OPERATIONS} seeded operations (seed ${SEED})`, async () => {
    const rand = prng(SEED);
    const int = (n: number): number => Math.floor(rand() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
    const pid = client.proc.pid;
    assert.ok(pid !== undefined);

    const open = async (d: Doc): Promise<void> => {
      d.text = d.file ? fs.readFileSync(d.file, 'utf8') : UNTITLED;
      // A reopened document starts again at version 1, as an editor's new model does.
      d.version = 1;
      d.since = client.mark();
      await client.open(d.uri, d.text, d.version);
    };
    const sync = async (): Promise<void> => {
      // Requests are answered in order after every notification sent before them.
      const d = docs[0];
      await within(client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: d.uri } }), WAIT_MS, () => 'documentSymbol');
    };
    for (const d of docs) await open(d);

    const cancelled: { method: string; outcome: Promise<'result' | 'cancelled'> }[] = [];
    let edits = 0;
    let closes = 0;
    let firstRss = 0;

    for (let op = 0; op < OPERATIONS; op++) {
      if (op === Math.floor(OPERATIONS / 3)) {
        await sync();
        firstRss = rssKb(pid);
      }
      const r = rand();
      const d = pick(docs);
      if (d.text === undefined) {
        await open(d);
        continue;
      }
      if (r < 0.75) {
        // One to three changes in one event, applied in order as the protocol says.
        const changes: TextDocumentContentChangeEvent[] = [];
        let text: string = d.text;
        for (let k = 1 + int(3); k > 0; k--) {
          const start = int(text.length + 1);
          const grow = text.length < MAX_DOC && rand() < 0.55;
          const end = grow && rand() < 0.7 ? start : Math.min(text.length, start + int(grow ? 8 : 60));
          const newText = grow ? pick(SNIPPETS) : rand() < 0.3 ? pick(SNIPPETS) : '';
          changes.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: newText });
          text = text.slice(0, start) + newText + text.slice(end);
        }
        d.text = text;
        d.version++;
        d.since = client.mark();
        await client.change(d.uri, d.version, changes);
        edits++;
      } else if (r < 0.9) {
        const method = pick(['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'textDocument/codeAction']);
        const at = positionAt(d.text, int(d.text.length + 1));
        const params =
          method === 'textDocument/codeAction'
            ? {
                textDocument: { uri: d.uri },
                range: { start: { line: 0, character: 0 }, end: at },
                context: { diagnostics: [], ...(rand() < 0.5 ? { only: ['source.fixAll.nginxWs'] } : {}) },
              }
            : { textDocument: { uri: d.uri }, position: at };
        const source = new CancellationTokenSource();
        const sent = client.conn.sendRequest<unknown>(method, params, source.token);
        source.cancel();
        cancelled.push({
          method,
          outcome: sent.then(
            () => 'result' as const,
            (err: unknown) => {
              // -32800 is RequestCancelled: anything else (an internal error, a lost connection) is a failure.
              if (err instanceof ResponseError && err.code === -32800) return 'cancelled' as const;
              throw new Error(`${method} after $/cancelRequest: ${err instanceof Error ? err.message : String(err)}`);
            },
          ),
        });
      } else if (r < 0.96) {
        await client.close(d.uri);
        d.text = undefined;
        closes++;
      } else {
        await sync();
      }
    }

    // Every cancelled request was answered: with a result, or with RequestCancelled.
    const outcomes = await within(Promise.all(cancelled.map((c) => c.outcome)), WAIT_MS, () => `${cancelled.length} cancelled requests`);
    assert.ok(client.alive, client.stderr);
    await sync();
    const lastRss = rssKb(pid);

    // Expected diagnostics: the open file documents' final texts go to disk (the server holds the same texts in
    // memory over the disk; closed ones are the disk's already), then the folder is analysed as the server's project.
    for (const d of docs) if (d.file && d.text !== undefined) fs.writeFileSync(d.file, d.text);
    const disk = new Map<string, string>();
    for (const rel of ['nginx.conf', 'conf.d/a.conf', 'conf.d/b.conf', 'conf.d/c.conf']) disk.set(path.join(dir, rel), fs.readFileSync(path.join(dir, rel), 'utf8'));
    const expectedOf = (d: Doc & { text: string }): Key[] =>
      sorted((d.file ? analyzeFiles(disk, d.file, defaultSettings) : analyzeText(d.uri, d.text, defaultSettings)).findings.map(findingKey));

    const lastPublish = (uri: string): PublishDiagnosticsParams | undefined => client.diagnostics.filter((p) => p.uri === uri).at(-1);
    const openDocs = docs.filter((d): d is Doc & { text: string } => d.text !== undefined);
    assert.ok(openDocs.length > 0);
    let checkedFindings = 0;
    for (const d of openDocs) {
      const expected = expectedOf(d);
      checkedFindings += expected.length;
      // An edit to one file re-checks the open files of its tree, so a publish of the final version may come
      // from before another document's last edit: wait (bounded) for the one that reflects every final text.
      await within(
        client.waitForDiagnostics(d.since, (p) => p.uri === d.uri && p.version === d.version && sameKeys(p, expected)),
        WAIT_MS,
        () => `${d.uri} v${d.version}: expected\n${expected.join('\n')}\nlast publish (v${lastPublish(d.uri)?.version}):\n${sorted(lastPublish(d.uri)?.diagnostics.map(diagKey) ?? []).join('\n')}`,
      );
    }
    // And nothing published after that says otherwise.
    await sync();
    for (const d of openDocs) {
      const p = lastPublish(d.uri);
      assert.equal(p?.version, d.version, d.uri);
      assert.deepEqual(sorted(p?.diagnostics.map(diagKey) ?? []), expectedOf(d), d.uri);
    }

    assert.ok(client.alive, client.stderr);
    assert.ok(edits > OPERATIONS / 2, `edits: ${edits}`);
    assert.ok(closes > 0 && cancelled.length > 100, `closes ${closes}, cancelled ${cancelled.length}`);
    assert.ok(checkedFindings > 0, 'the final texts have findings to compare');
    const cancelledCount = outcomes.filter((o) => o === 'cancelled').length;

    // Memory: the first sample is taken once the server has parsed, analysed and cached every document and
    // warmed its JIT; from there the working set should be flat. V8 grows its heap lazily and collects when
    // it likes, so a healthy server can still sit well above the first sample at the end: 2.5× leaves room
    // for that (and for documents that grew), while a per-version cache or listener leak over ~2000 edits
    // would be far past it. 600 MB is an absolute ceiling for a handful of 12 KB documents.
    const ratio = lastRss / firstRss;
    console.log(
      `soak: ${edits} edits, ${closes} closes, ${cancelled.length} cancelled requests (${cancelledCount} answered RequestCancelled), ` +
        `${client.diagnostics.length} publishes, RSS ${Math.round(firstRss / 1024)} MB → ${Math.round(lastRss / 1024)} MB (×${ratio.toFixed(2)})`,
    );
    assert.ok(ratio < 2.5, `RSS grew ×${ratio.toFixed(2)} (${firstRss} kB → ${lastRss} kB)`);
    assert.ok(lastRss < 600 * 1024, `RSS ${lastRss} kB`);

    // Still answers a request that needs a fresh analysis.
    const probe = 'untitled:probe';
    const from = client.mark();
    await client.open(probe, 'http { server { listen 80; } }\n');
    const p = await within(client.waitForDiagnostics(from, (x) => x.uri === probe), WAIT_MS, () => 'probe diagnostics');
    assert.deepEqual(sorted(p.diagnostics.map(diagKey)), sorted(analyzeText(probe, 'http { server { listen 80; } }\n', defaultSettings).findings.map(findingKey)));
  });
});

function sameKeys(p: PublishDiagnosticsParams, expected: Key[]): boolean {
  const got = sorted(p.diagnostics.map(diagKey));
  return got.length === expected.length && got.every((k, i) => k === expected[i]);
}

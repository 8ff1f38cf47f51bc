// "nginx-ws: Validate with nginx -t" through the real bundled server over stdio, running Debian's nginx:
// nginx's messages arrive as diagnostics at its file and line; untrusted or without nginxPath, nothing runs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { fixtureDir } from '../../support/fixtureDir';
import { NGINX, nginxTest, requireNginx } from '../../support/nginx';
import type { ValidateResult } from '../../../server/src/lsp/nginxValidate';
import { LspClient, type StartOptions } from '../lsp/client';

// The wire name is spelled out (the client sends it as a string); the result type is the server's own.
const REQUEST = 'nginxWs/validateWithNginx';

const MAIN = `events {}

http {
    include conf.d/*.conf;
}
`;
const SITE = `server {
    listen 127.0.0.1:8080;

    location / {
        proxy_passs http://127.0.0.1:9000;
    }
}
`;
const SITE_FIXED = SITE.replace('proxy_passs', 'proxy_pass');
/** nginx -t names no file for an unknown variable: the message goes on nginx.conf's first line. */
const SITE_UNKNOWN_VARIABLE = SITE_FIXED.replace('9000;', '9000;\n        proxy_set_header X-Id $nginx_ws_no_such_variable;');

const WS_SITE = `server {
    listen 127.0.0.1:8080;

    location /ws/ {
        proxy_pass http://127.0.0.1:9000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`;

const fromNginx = (p: PublishDiagnosticsParams): Diagnostic[] => p.diagnostics.filter((d) => d.source === 'nginx -t');
const uriOf = (p: string): string => pathToFileURL(p).href;

const cleanup: string[] = [];
after(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

function workspace(site = SITE): { dir: string; main: string; site: string } {
  const dir = fixtureDir({ 'nginx.conf': MAIN, 'conf.d/x.conf': site });
  cleanup.push(dir);
  return { dir, main: path.join(dir, 'nginx.conf'), site: path.join(dir, 'conf.d/x.conf') };
}

/** A stand-in nginx that records every start in `marker`, then runs the real one (or prints `version` for -v). */
function recordingNginx(dir: string, version?: string): { bin: string; marker: string } {
  const bin = path.join(dir, 'recording-nginx');
  const marker = path.join(dir, 'started');
  const v = version ? `if [ "$1" = "-v" ]; then echo "nginx version: nginx/${version}" >&2; exit 0; fi\n` : '';
  fs.writeFileSync(bin, `#!/bin/sh\necho "$@" >> '${marker}'\n${v}exec ${NGINX} "$@"\n`, { mode: 0o755 });
  return { bin, marker };
}

async function start(dir: string, init: Record<string, unknown>, extra: StartOptions = {}): Promise<LspClient> {
  const { client } = await LspClient.start({
    workspaceFolders: [{ uri: uriOf(dir), name: 'conf' }],
    initializationOptions: { debounceMs: 0, ...init },
    ...extra,
  });
  return client;
}

describe('validate with nginx -t, trusted, nginxPath /usr/sbin/nginx', { timeout: 120_000 }, () => {
  let client: LspClient;
  let ws: ReturnType<typeof workspace>;
  before(async () => {
    requireNginx();
    ws = workspace();
    client = await start(ws.dir, { nginxWs: { nginxPath: NGINX, validateOnSave: true }, trusted: true });
  });
  after(async () => {
    await client.stop();
  });

  test("nginx's unknown directive is published at conf.d/x.conf's line, beside our own diagnostics", async () => {
    const verdict = nginxTest(ws.main);
    assert.equal(verdict.ok, false, verdict.output);
    assert.equal(verdict.file, ws.site, verdict.output);
    assert.ok(verdict.line && verdict.message, verdict.output);

    const siteUri = uriOf(ws.site);
    let from = client.mark();
    await client.open(siteUri, SITE);
    const ours = await client.waitForDiagnostics(from, (p) => p.uri === siteUri);
    assert.ok(ours.diagnostics.some((d) => d.code === 'unknown-directive'), JSON.stringify(ours.diagnostics));
    assert.deepEqual(fromNginx(ours), [], 'nginx ran before it was asked');

    from = client.mark();
    const r = await client.request<ValidateResult>(REQUEST, { uri: siteUri });
    assert.equal(r.ran, true, r.message);
    assert.equal(r.ok, false);
    assert.deepEqual(r.roots, [ws.main]);
    assert.equal(r.errors, 1);
    assert.ok(r.message.includes(verdict.message), r.message);

    const p = await client.waitForDiagnostics(from, (x) => x.uri === siteUri && fromNginx(x).length > 0);
    const lineText = SITE.split('\n')[verdict.line - 1] ?? '';
    assert.deepEqual(fromNginx(p), [
      {
        range: { start: { line: verdict.line - 1, character: 0 }, end: { line: verdict.line - 1, character: lineText.length } },
        severity: DiagnosticSeverity.Error,
        source: 'nginx -t',
        code: 'nginx-t',
        message: verdict.message,
      },
    ]);
    assert.ok(lineText.includes('proxy_passs'));
    assert.ok(p.diagnostics.some((d) => d.source === 'nginx-ws' && d.code === 'unknown-directive'), 'our diagnostics were replaced');
  });

  test('they stay until the next run, which clears them when nginx accepts the config', async () => {
    const siteUri = uriOf(ws.site);
    fs.writeFileSync(ws.site, SITE_FIXED);
    let from = client.mark();
    await client.change(siteUri, 2, [{ text: SITE_FIXED }]);
    const edited = await client.waitForDiagnostics(from, (x) => x.uri === siteUri && x.version === 2);
    assert.equal(fromNginx(edited).length, 1, 'an edit alone does not clear what nginx said');

    from = client.mark();
    const r = await client.request<ValidateResult>(REQUEST, { uri: siteUri });
    assert.equal(r.ok, true, r.message);
    assert.match(r.message, /is ok/);
    // The wait is the assertion: a publish of the site without nginx's diagnostic, after the run.
    const cleared = await client.waitForDiagnostics(from, (x) => x.uri === siteUri && fromNginx(x).length === 0);
    assert.ok(cleared.diagnostics.every((d) => d.source === 'nginx-ws'));
  });

  test('on save: a message without file:line goes on the root config (not open) first line; closing clears the open file', async () => {
    const siteUri = uriOf(ws.site);
    const mainUri = uriOf(ws.main);
    const verdict = (() => {
      fs.writeFileSync(ws.site, SITE_UNKNOWN_VARIABLE);
      return nginxTest(ws.main);
    })();
    assert.equal(verdict.ok, false);
    assert.equal(verdict.file, undefined, `nginx named a place: ${verdict.output}`);

    let from = client.mark();
    await client.change(siteUri, 3, [{ text: SITE_UNKNOWN_VARIABLE }]);
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: siteUri } });
    const onMain = await client.waitForDiagnostics(from, (x) => x.uri === mainUri && fromNginx(x).length > 0);
    const firstLine = MAIN.split('\n')[0] ?? '';
    assert.deepEqual(fromNginx(onMain), [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
        severity: DiagnosticSeverity.Error,
        source: 'nginx -t',
        code: 'nginx-t',
        message: verdict.message,
      },
    ]);

    // Back to a config nginx accepts, saved: the root's message is withdrawn.
    fs.writeFileSync(ws.site, SITE_FIXED);
    from = client.mark();
    await client.change(siteUri, 4, [{ text: SITE_FIXED }]);
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: siteUri } });
    const withdrawn = await client.waitForDiagnostics(from, (x) => x.uri === mainUri);
    assert.deepEqual(withdrawn.diagnostics, []);

    // Broken again through the command, then closed and reopened without a run: nothing of nginx's is left.
    fs.writeFileSync(ws.site, SITE);
    await client.change(siteUri, 5, [{ text: SITE }]);
    from = client.mark();
    await client.request<ValidateResult>(REQUEST, { uri: siteUri });
    await client.waitForDiagnostics(from, (x) => x.uri === siteUri && fromNginx(x).length === 1);
    await client.close(siteUri);
    from = client.mark();
    await client.open(siteUri, SITE, 6);
    const reopened = await client.waitForDiagnostics(from, (x) => x.uri === siteUri && x.version === 6);
    assert.deepEqual(fromNginx(reopened), []);
    assert.ok(reopened.diagnostics.length > 0, 'our own diagnostics are back');
  });

  test('without a document: every main config of the workspace; an untitled document is refused', async () => {
    fs.writeFileSync(ws.site, SITE_FIXED);
    const r = await client.request<ValidateResult>(REQUEST, {});
    assert.equal(r.ran, true);
    assert.deepEqual(r.roots, [ws.main]);
    assert.equal(r.ok, true, r.message);
    const u = await client.request<ValidateResult>(REQUEST, { uri: 'untitled:Untitled-1' });
    assert.equal(u.ran, false);
    assert.match(u.message, /save this document to a file/);
  });
});

describe('settings pulled with workspace/configuration', { timeout: 60_000 }, () => {
  test('nginxPath from the client\'s configuration runs nginx -t', async () => {
    const ws = workspace();
    const client = await start(
      ws.dir,
      { trusted: true },
      {
        capabilities: { workspace: { configuration: true } },
        configuration: (items) => items.map(() => ({ nginxPath: NGINX })),
      },
    );
    try {
      const r = await client.request<ValidateResult>(REQUEST, { uri: uriOf(ws.site) });
      assert.equal(r.ran, true, r.message);
      assert.equal(r.ok, false);
      assert.match(r.message, /unknown directive "proxy_passs"/);
    } finally {
      await client.stop();
    }
  });
});

describe('nothing runs when it must not', { timeout: 60_000 }, () => {
  test('an untrusted workspace: refused, and the binary is never started (nor for nginxVersion "auto" or on save)', async () => {
    const ws = workspace();
    const rec = recordingNginx(ws.dir);
    const client = await start(ws.dir, { nginxWs: { nginxPath: rec.bin, validateOnSave: true, nginxVersion: 'auto' }, trusted: false });
    try {
      const siteUri = uriOf(ws.site);
      const from = client.mark();
      await client.open(siteUri, SITE);
      await client.waitForDiagnostics(from, (p) => p.uri === siteUri);
      await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: siteUri } });
      const r = await client.request<ValidateResult>(REQUEST, { uri: siteUri });
      assert.equal(r.ran, false);
      assert.match(r.message, /not trusted/);
      assert.deepEqual(r.roots, []);
      // A request after the save: the save's handler has run by now.
      await client.request('textDocument/documentSymbol', { textDocument: { uri: siteUri } });
      assert.equal(fs.existsSync(rec.marker), false, `the binary was started: ${fs.existsSync(rec.marker) ? fs.readFileSync(rec.marker, 'utf8') : ''}`);
      assert.ok(client.logs.some((l) => /not trusted/.test(l)), client.logs.join('\n'));
    } finally {
      await client.stop();
    }
  });

  test('trust absent from initializationOptions counts as untrusted', async () => {
    const ws = workspace();
    const rec = recordingNginx(ws.dir);
    const client = await start(ws.dir, { nginxWs: { nginxPath: rec.bin } });
    try {
      const r = await client.request<ValidateResult>(REQUEST, { uri: uriOf(ws.site) });
      assert.equal(r.ran, false);
      assert.match(r.message, /not trusted/);
      assert.equal(fs.existsSync(rec.marker), false);
    } finally {
      await client.stop();
    }
  });

  test('trusted but without nginxPath: refused, saying so', async () => {
    const ws = workspace();
    const client = await start(ws.dir, { nginxWs: { validateOnSave: true }, trusted: true });
    try {
      const r = await client.request<ValidateResult>(REQUEST, { uri: uriOf(ws.site) });
      assert.equal(r.ran, false);
      assert.match(r.message, /nginxWs\.nginxPath is not set/);
    } finally {
      await client.stop();
    }
  });

  test('the same recording binary, trusted: it is started (so the checks above could fail)', async () => {
    const ws = workspace();
    const rec = recordingNginx(ws.dir);
    const client = await start(ws.dir, { nginxWs: { nginxPath: rec.bin }, trusted: true });
    try {
      const r = await client.request<ValidateResult>(REQUEST, { uri: uriOf(ws.site) });
      assert.equal(r.ran, true, r.message);
      assert.equal(r.ok, false);
      assert.match(fs.readFileSync(rec.marker, 'utf8'), /^-t -c \S+nginx\.conf -p \S+\/ -e stderr -q -g pid /m);
    } finally {
      await client.stop();
    }
  });
});

describe('nginxVersion "auto"', { timeout: 60_000 }, () => {
  const wsHttpVersion = async (init: Record<string, unknown>): Promise<{ flagged: boolean; logs: string[] }> => {
    const ws = workspace(WS_SITE);
    const client = await start(ws.dir, init);
    try {
      const siteUri = uriOf(ws.site);
      const from = client.mark();
      await client.open(siteUri, WS_SITE);
      const p = await client.waitForDiagnostics(from, (x) => x.uri === siteUri);
      return { flagged: p.diagnostics.some((d) => d.code === 'ws-http-version'), logs: client.logs };
    } finally {
      await client.stop();
    }
  };

  test("reads Debian's nginx version (older than 1.29.7): a WebSocket location without proxy_http_version is flagged", async () => {
    const v = /nginx\/(\d+\.\d+\.\d+)/.exec(spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr)?.[1];
    assert.ok(v);
    const r = await wsHttpVersion({ nginxWs: { nginxPath: NGINX, nginxVersion: 'auto' }, trusted: true });
    assert.equal(r.flagged, true);
    assert.ok(r.logs.some((l) => l.includes(`${NGINX} is nginx ${v}`)), r.logs.join('\n'));
  });

  test('a binary that reports 1.29.7 (HTTP/1.1 by default): the same location is not flagged', async () => {
    const dir = fixtureDir({});
    cleanup.push(dir);
    const rec = recordingNginx(dir, '1.29.7');
    const r = await wsHttpVersion({ nginxWs: { nginxPath: rec.bin, nginxVersion: 'auto' }, trusted: true });
    assert.equal(r.flagged, false, r.logs.join('\n'));
    assert.match(fs.readFileSync(rec.marker, 'utf8'), /^-v$/m);
  });
});

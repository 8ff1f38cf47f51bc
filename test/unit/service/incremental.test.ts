import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { app, configOfLines } from '../../../bench/generate';
import { analyzePath } from '../../../server/src/service/analyze';
import { IncrementalAnalysis } from '../../../server/src/service/incremental/analyzer';
import { resolveSettings } from '../../../server/src/service/settings';
import type { Finding } from '../../../server/src/service/types';
import { memoryHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { corpusDir, repoRoot } from '../../support/paths';

// The incremental analysis must say exactly what a fresh analysis of the same texts says, after every edit of a long
// random sequence: typing, deleting, whole directives and blocks coming and going, includes, maps and upstreams.

/** mulberry32: a small seeded generator, so that a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOT = '/ws';
const example = (p: string): string => fs.readFileSync(path.join(repoRoot, 'examples', p), 'utf8');
const corpus = (name: string): string => fs.readFileSync(path.join(corpusDir, 'realworld', name), 'utf8');

/** A project: the examples' main config and sites, generated applications, a snippet, a second main config, real-world sites. */
function workspaceFiles(): Map<string, string> {
  const main = example('nginx.conf').replace(
    '    include conf.d/*.conf;',
    '    limit_req_zone $binary_remote_addr zone=one:10m rate=5r/s;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    include conf.d/*.conf;',
  );
  const files = new Map<string, string>([
    [`${ROOT}/nginx.conf`, main],
    [`${ROOT}/conf.d/chat.conf`, example('conf.d/chat.conf')],
    [`${ROOT}/conf.d/live-feed.conf`, example('conf.d/live-feed.conf')],
    [`${ROOT}/conf.d/apps.conf`, [1, 2, 3, 4].map((i) => app(i, '')).join('\n')],
    [`${ROOT}/snippets/ws-proxy.conf`, 'proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection $connection_upgrade;\n'],
    [`${ROOT}/big/nginx.conf`, configOfLines(260)],
    [`${ROOT}/sites/centrifugo.conf`, corpus('012-centrifugo-docs-lb.conf')],
    [`${ROOT}/sites/homeassistant.conf`, corpus('022-lsio-homeassistant-subdomain.conf')],
  ]);
  return files;
}

const DIRECTIVES = [
  'proxy_set_header X-Real-IP $remote_addr;',
  'proxy_read_timeout 20s;',
  'proxy_http_version 1.0;',
  'proxy_http_version 1.1;',
  'listen 80 default_server;',
  'listen 127.0.0.1:8080;',
  'set $conn_state $connection_upgrade;',
  'add_header X-Frame-Options DENY;',
  'proxy_pass http://app_1;',
  'proxy_pass http://app_9:8080/x;',
  'return 301 https://$host$request_uri;',
  'include snippets/ws-proxy.conf;',
  'include missing/*.conf;',
  'include snippets/none.conf;',
  'keepalive 8;',
  'ip_hash;',
  'limit_req zone=one burst=5;',
  'limit_req zone=two burst=5;',
  'proxy_buffering off;',
  'ssl_protocols TLSv1 TLSv1.2;',
  'server_name example.com *.example.org;',
  'proxy_set_header Connection "upgrade";',
  'proxy_set_header Upgrade $http_upgrade;',
  'proxy_read_timeout 3600s;',
  'location /ws/ { proxy_pass http://app_2; proxy_set_header Upgrade $http_upgrade; }',
  'location /socket.io/ { proxy_pass http://chat_backend; proxy_set_header Connection $connection_upgrade; }',
  'location @fallback { proxy_pass http://app_3; }',
  'try_files $uri @fallback;',
  'stub_status;',
  'proxy_connect_timeout 300s;',
  'server 10.0.0.9:80;',
];

const BLOCKS = [
  (i: number) => `server {\n    listen 127.0.0.1:${8100 + i};\n    server_name new${i}.test;\n    location /ws/ {\n        proxy_pass http://app_${i % 5};\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n    }\n}`,
  (i: number) => `upstream app_${i % 7} {\n    server 10.1.0.${i % 250}:80;\n    server 10.1.1.${i % 250}:80;\n    keepalive 4;\n}`,
  (i: number) => `map $http_upgrade $conn_${i % 3} {\n    default upgrade;\n    '' close;\n}`,
  () => 'map $http_upgrade $connection_upgrade {\n    default upgrade;\n    \'\' \'\';\n}',
  (i: number) => `limit_req_zone $binary_remote_addr zone=two:${i % 9 + 1}m rate=1r/s;`,
  () => 'include snippets/ws-proxy.conf;',
  () => 'server {\n    listen 80 default_server;\n    return 301 https://$host$request_uri;\n}',
];

const CHARS = ['a', 'e', 's', '_', '0', '1', '9', ' ', ';', '{', '}', '$', '#', '\n', '"', '/'];

interface Edit {
  what: string;
  apply(text: string): string;
}

/** The line starts of a text, for edits by line. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i + 1);
  return out;
}

/** The end of the block whose `{` is at or after `from`: the offset after its matching `}`, or -1. */
function blockEnd(text: string, from: number): number {
  const open = text.indexOf('{', from);
  if (open < 0) return -1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function randomEdit(rand: () => number, text: string, n: number): Edit {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const at = Math.floor(rand() * (text.length + 1));
  const starts = lineStarts(text);
  const line = Math.floor(rand() * starts.length);
  const lineStart = starts[line];
  const lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
  const kind = rand();
  if (kind < 0.12) {
    const c = pick(CHARS);
    return { what: `insert ${JSON.stringify(c)} at ${at}`, apply: (t) => t.slice(0, at) + c + t.slice(at) };
  }
  if (kind < 0.2) {
    const len = 1 + Math.floor(rand() * 3);
    return { what: `delete ${len} at ${at}`, apply: (t) => t.slice(0, at) + t.slice(at + len) };
  }
  if (kind < 0.36) {
    // A digit typed over another: values change, the syntax stays.
    const digits = [...text.matchAll(/\d/g)];
    if (digits.length === 0) return { what: 'nothing', apply: (t) => t };
    const d = pick(digits).index ?? 0;
    const to = String(Math.floor(rand() * 10));
    return { what: `digit ${to} at ${d}`, apply: (t) => t.slice(0, d) + to + t.slice(d + 1) };
  }
  if (kind < 0.42) {
    // A letter typed inside a word: a name or value changes.
    const words = [...text.matchAll(/[a-z_]{3,}/g)];
    if (words.length === 0) return { what: 'nothing', apply: (t) => t };
    const w = pick(words);
    const i = (w.index ?? 0) + 1 + Math.floor(rand() * (w[0].length - 1));
    const c = pick(['a', 'x', '_']);
    return { what: `letter ${c} at ${i}`, apply: (t) => t.slice(0, i) + c + t.slice(i) };
  }
  if (kind < 0.5) return { what: `delete line ${line}`, apply: (t) => t.slice(0, lineStart) + t.slice(lineEnd) };
  if (kind < 0.55) return { what: `duplicate line ${line}`, apply: (t) => t.slice(0, lineEnd) + (lineEnd === t.length ? '\n' : '') + t.slice(lineStart, lineEnd) + t.slice(lineEnd) };
  if (kind < 0.55 + 0.2) {
    const d = pick(DIRECTIVES);
    const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))?.[0] ?? '';
    return { what: `add "${d}" after line ${line}`, apply: (t) => `${t.slice(0, lineEnd)}${lineEnd === t.length && !t.endsWith('\n') ? '\n' : ''}${indent}${d}\n${t.slice(lineEnd)}` };
  }
  if (kind < 0.87) {
    // A block at the level of the file's blocks: after `http {` in a main config, else at the top.
    const b = pick(BLOCKS)(n);
    const http = /^http\s*\{[^\n]*\n/m.exec(text);
    const where = http ? http.index + http[0].length : 0;
    return { what: `add block ${JSON.stringify(b.slice(0, 30))} at ${where}`, apply: (t) => `${t.slice(0, where)}${b}\n${t.slice(where)}` };
  }
  // A block removed whole: a server, upstream, map or location.
  const heads = [...text.matchAll(/^[ \t]*(server|upstream|map|location)\b[^;{\n]*\{/gm)];
  if (heads.length === 0) return { what: 'nothing', apply: (t) => t };
  const h = pick(heads);
  const from = h.index ?? 0;
  const end = blockEnd(text, from);
  if (end < 0) return { what: 'nothing', apply: (t) => t };
  return { what: `remove block at ${from}..${end}`, apply: (t) => t.slice(0, from) + t.slice(end) };
}

/** A finding as plain data, its fixes worked out: what the two analyses must agree on. */
function plain(f: Finding): unknown {
  return { rule: f.rule, severity: f.severity, message: f.message, uri: f.uri, range: f.range, fixes: f.fixes };
}

function freshFindings(files: ReadonlyMap<string, string>, settings: ReturnType<typeof resolveSettings>): Map<string, unknown[]> {
  const ws = new Workspace(memoryHost(files));
  for (const p of files.keys()) ws.addFile(p);
  return new Map([...files.keys()].map((p) => [p, analyzePath(ws, p, settings).map(plain)]));
}

function runSequence(seed: number, edits: number): { stats: IncrementalAnalysis['stats']; incrementalEdits: number } {
  const rand = prng(seed);
  const files = workspaceFiles();
  const paths = [...files.keys()];
  const settings = resolveSettings({ heartbeatInterval: 30, rules: { 'ws-upgrade-any': 'warning', 'ws-connection-map': 'warning' } });
  const ws = new Workspace(memoryHost(files));
  for (const p of paths) ws.addFile(p);
  const inc = new IncrementalAnalysis();
  // The edited file last, so that `inc.last` tells how much of it was re-run.
  const analyzeAll = (edited?: string): Map<string, unknown[]> =>
    new Map([...paths.filter((p) => p !== edited), ...(edited ? [edited] : [])].map((p) => [p, analyzePath(ws, p, settings, inc.analyzeInstance).map(plain)]));
  analyzeAll();
  let incrementalEdits = 0;
  let undo: { p: string; text: string } | undefined;
  const log: string[] = [];
  for (let n = 0; n < edits; n++) {
    let p: string;
    let what: string;
    if (undo && rand() < 0.4) {
      // Back to an earlier text: most broken states are soon repaired, as in an editor.
      p = undo.p;
      files.set(p, undo.text);
      what = 'undo';
      undo = undefined;
    } else {
      // Mostly the files with many blocks, where the cache has the most to get right.
      p = rand() < 0.45 ? `${ROOT}/big/nginx.conf` : paths[Math.floor(rand() * paths.length)];
      const before = files.get(p) ?? '';
      const e = randomEdit(rand, before, n);
      files.set(p, e.apply(before));
      what = e.what;
      undo = { p, text: before };
    }
    ws.changed(p);
    log.push(`${n}: ${path.relative(ROOT, p)}: ${what}`);
    const got = analyzeAll(p);
    if (inc.last && inc.last.path === p && !inc.last.whole) incrementalEdits++;
    const want = freshFindings(files, settings);
    for (const q of paths) {
      assert.deepEqual(got.get(q), want.get(q), `seed ${seed}, edit ${n}, ${q}: the incremental findings differ from a fresh analysis\n${log.slice(-8).join('\n')}\n--- text:\n${files.get(q)}`);
    }
  }
  return { stats: inc.stats, incrementalEdits };
}

describe('incremental analysis', { timeout: 600_000 }, () => {
  const seeds = process.env.NGINX_WS_SEED ? [Number(process.env.NGINX_WS_SEED)] : [0x5eed, 20261203];
  for (const seed of seeds) {
    test(`equals a fresh analysis after every edit of a random sequence (seed ${seed})`, () => {
      const { stats, incrementalEdits } = runSequence(seed, Number(process.env.NGINX_WS_EDITS ?? 150));
      // The sequence must have exercised the cache, not only the whole-file path.
      assert.ok(incrementalEdits > 20, `only ${incrementalEdits} edits were analysed incrementally: ${JSON.stringify(stats)}`);
    });
  }
});

// Random edits of nginx configs for the tests of the incremental analysis: typing, deleting, whole directives and
// blocks coming and going, includes, maps and upstreams. Seeded, so that a failure replays from its seed.

/** mulberry32: a small seeded generator, so that a failure can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An offset as an LSP position. The edits here hold no `\r` and no astral characters, so lines end at `\n` only and
 * UTF-16 units are string indices.
 */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
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
  // Handler errors (a block directive ended by `;`, a simple one followed by `{`) and unknown names.
  'location /x;',
  'proxy_pass http://a { }',
  'proxy_set_heder Host $host;',
  'vod_mode local;',
  'lua_foo_bar on;',
  'listen 443 ssl;',
  'listen 127.0.0.1:8443 reuseport;',
  'server_name *.bad*.test;',
];

const BLOCKS = [
  (i: number) => `server {\n    listen 127.0.0.1:${8100 + i};\n    server_name new${i}.test;\n    location /ws/ {\n        proxy_pass http://app_${i % 5};\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n    }\n}`,
  (i: number) => `upstream app_${i % 7} {\n    server 10.1.0.${i % 250}:80;\n    server 10.1.1.${i % 250}:80;\n    keepalive 4;\n}`,
  (i: number) => `map $http_upgrade $conn_${i % 3} {\n    default upgrade;\n    '' close;\n}`,
  () => 'map $http_upgrade $connection_upgrade {\n    default upgrade;\n    \'\' \'\';\n}',
  (i: number) => `limit_req_zone $binary_remote_addr zone=two:${i % 9 + 1}m rate=1r/s;`,
  () => 'include snippets/ws-proxy.conf;',
  () => 'server {\n    listen 80 default_server;\n    return 301 https://$host$request_uri;\n}',
  () => 'events {\n    worker_connections 512;\n}',
  () => 'types {\n    text/html html;\n}',
  () => 'application live {\n    live on;\n}',
];

const CHARS = ['a', 'e', 's', '_', '0', '1', '9', ' ', ';', '{', '}', '$', '#', '\n', '"', '/'];

/** One edit: the text from `from` to `to` becomes `text`. */
export interface Edit {
  what: string;
  from: number;
  to: number;
  text: string;
}

export function applyEdit(text: string, e: Edit): string {
  return text.slice(0, e.from) + e.text + text.slice(e.to);
}

const NOTHING: Edit = { what: 'nothing', from: 0, to: 0, text: '' };

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

export function randomEdit(rand: () => number, text: string, n: number): Edit {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const at = Math.floor(rand() * (text.length + 1));
  const starts = lineStarts(text);
  const line = Math.floor(rand() * starts.length);
  const lineStart = starts[line];
  const lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
  const kind = rand();
  if (kind < 0.12) {
    const c = pick(CHARS);
    return { what: `insert ${JSON.stringify(c)} at ${at}`, from: at, to: at, text: c };
  }
  if (kind < 0.2) {
    const len = 1 + Math.floor(rand() * 3);
    return { what: `delete ${len} at ${at}`, from: Math.min(at, text.length), to: Math.min(at + len, text.length), text: '' };
  }
  if (kind < 0.36) {
    // A digit typed over another: values change, the syntax stays.
    const digits = [...text.matchAll(/\d/g)];
    if (digits.length === 0) return NOTHING;
    const d = pick(digits).index ?? 0;
    const to = String(Math.floor(rand() * 10));
    return { what: `digit ${to} at ${d}`, from: d, to: d + 1, text: to };
  }
  if (kind < 0.42) {
    // A letter typed inside a word: a name or value changes.
    const words = [...text.matchAll(/[a-z_]{3,}/g)];
    if (words.length === 0) return NOTHING;
    const w = pick(words);
    const i = (w.index ?? 0) + 1 + Math.floor(rand() * (w[0].length - 1));
    const c = pick(['a', 'x', '_']);
    return { what: `letter ${c} at ${i}`, from: i, to: i, text: c };
  }
  if (kind < 0.5) return { what: `delete line ${line}`, from: lineStart, to: lineEnd, text: '' };
  if (kind < 0.55) return { what: `duplicate line ${line}`, from: lineEnd, to: lineEnd, text: (lineEnd === text.length && !text.endsWith('\n') ? '\n' : '') + text.slice(lineStart, lineEnd) };
  if (kind < 0.55 + 0.2) {
    const d = pick(DIRECTIVES);
    const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))?.[0] ?? '';
    return { what: `add "${d}" after line ${line}`, from: lineEnd, to: lineEnd, text: `${lineEnd === text.length && !text.endsWith('\n') ? '\n' : ''}${indent}${d}\n` };
  }
  if (kind < 0.87) {
    // A block at the level of the file's blocks: after `http {` in a main config, else at the top.
    const b = pick(BLOCKS)(n);
    const http = /^http\s*\{[^\n]*\n/m.exec(text);
    // Now and then at the very top instead, where a main config holds `events`.
    const where = http && rand() < 0.8 ? http.index + http[0].length : 0;
    return { what: `add block ${JSON.stringify(b.slice(0, 30))} at ${where}`, from: where, to: where, text: `${b}\n` };
  }
  // A block removed whole: a server, upstream, map or location.
  const heads = [...text.matchAll(/^[ \t]*(server|upstream|map|location)\b[^;{\n]*\{/gm)];
  if (heads.length === 0) return NOTHING;
  const h = pick(heads);
  const from = h.index ?? 0;
  const end = blockEnd(text, from);
  if (end < 0) return NOTHING;
  return { what: `remove block at ${from}..${end}`, from, to: end, text: '' };
}


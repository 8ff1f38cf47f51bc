// Writes test/conformance/cases.jsonl.gz: thousands of one-change variants of configs Debian's nginx accepts, each
// judged by `nginx -t`, for test/unit/conformance/differential.test.ts (which needs no nginx). The variants come
// from the handler table (server/src/reference/generated/handlers.ts): every handler kind with values its parser
// takes and values it refuses, in every context the directive allows, set twice in one block, across an include;
// plus hand-written variants of the directive-specific handlers (listen, proxy_pass, return, regexes, ...).
// A directive whose good values nginx refuses in the base config (a module Debian does not build, a file it needs)
// is left out. Each line: {id, kind, d (directive), c (context), x (text put at the context's slot), inc? (the text
// of inc.conf next to nginx.conf), v: {ok: true} or {m: message, f: file, l: line}}.
// Usage: node scripts/gen-conformance.mjs   (needs /usr/sbin/nginx; about two minutes)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'test/conformance');
const NGINX = '/usr/sbin/nginx';
const { RAW_HANDLERS } = await tsImport('../server/src/reference/generated/handlers.ts', import.meta.url);
const HANDLERS = RAW_HANDLERS.split('\n').map((l) => l.split('\t'));
const { RAW_DIRECTIVES } = await tsImport('../server/src/reference/generated/stock.ts', import.meta.url);
const { slotted } = await tsImport('../test/conformance/base.ts', import.meta.url);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-conformance-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
fs.mkdirSync(path.join(work, 'logs'));
let runs = 0;

/** nginx's verdict on the base config with `x` at the slot of `context` (and inc.conf beside it). */
function judge(context, x, inc) {
  runs++;
  fs.writeFileSync(path.join(work, 'nginx.conf'), slotted(context, x));
  if (inc !== undefined) fs.writeFileSync(path.join(work, 'inc.conf'), inc);
  else fs.rmSync(path.join(work, 'inc.conf'), { force: true });
  const r = spawnSync(NGINX, ['-t', '-q', '-p', `${work}/`, '-c', path.join(work, 'nginx.conf'), '-e', 'stderr', '-g', `pid ${work}/nginx.pid;`], { encoding: 'utf8' });
  if (r.status === 0) return { ok: true };
  const out = `${r.stdout}${r.stderr}`.split(work + '/').join('');
  const m = /\[emerg\] \d+#\d+: (.*?)(?: in (\S+):(\d+))?$/m.exec(out);
  if (!m) return { m: out.trim().split('\n')[0] };
  return m[2] ? { m: m[1], f: m[2], l: Number(m[3]) } : { m: m[1] };
}

const cases = [];
function add(kind, d, c, x, inc) {
  const v = judge(c, x, inc);
  const row = { id: cases.length, kind, d, c, x };
  if (inc !== undefined) row.inc = inc;
  row.v = v;
  cases.push(row);
  return v;
}

const upper = (w) => w.toUpperCase();
/** Values each generic parser takes and refuses; enum and bitmask ones come from the directive's own words. */
function values(kind, words) {
  switch (kind) {
    case 'flag':
      return { good: ['on', 'off', 'ON'], bad: ['yes', '1', 'onn', '""'] };
    case 'num':
      return { good: ['1', '8', '32', '100'], bad: ['1x', '-1', '1.5', '""', '99999999999999999999', '$uri'] };
    case 'size':
      return { good: ['8k', '16k', '4k', '1m', '1024', '32K'], bad: ['10Q', '1g', '1.5k', '""', 'k', '9999999999999999k', '$uri'] };
    case 'complex_size':
      return { good: ['8k', '1m', '$arg_size'], bad: ['10Q', '1g', '""'] };
    case 'complex':
      return { good: ['conformance', '$uri'], bad: [] };
    case 'off':
      return { good: ['1m', '0', '1g', '512k'], bad: ['10Q', '1t', '""', '1.5m', '9999999999999g'] };
    case 'msec':
      return { good: ['10s', '500ms', '1m30s', '"1h 30m"', '60', '2d'], bad: ['10x', '1y', '1M', '30s1m', '"5 1s"', 'ms', '""', '1.5s', '9999999999999999999', '$uri'] };
    case 'sec':
      return { good: ['10s', '1y', '1M', '1d12h', '3600'], bad: ['500ms', '10x', '""', '1s1h'] };
    case 'bufs':
      return { good: ['8 4k', '4 16k', '16 8k'], bad: ['0 4k', '8 0', '8 4q', 'x 4k'] };
    case 'enum':
      return { good: [...words.slice(0, 3), upper(words[0])], bad: [`${words[0]}x`, '""', 'maybe'] };
    case 'bitmask':
      return { good: [words[0], words.slice(0, 2).join(' '), upper(words[0])], bad: [`${words[0]}x`, `${words[0]} bogus`] };
    case 'access':
      return { good: ['user:rw', 'user:rw group:r all:r'], bad: ['user:rx', 'other:r', 'rw'] };
    case 'path':
      return { good: ['/tmp/nginx-ws-conformance-path', '/tmp/nginx-ws-conformance-path 1 2'], bad: [] };
    case 'keyval':
      return { good: ['name value'], bad: [] };
    default:
      return { good: ['conformance'], bad: [] };
  }
}

/** Where a directive goes first: the deepest http level it allows, else where it can. */
const PREFERRED = ['location', 'server', 'http', 'upstream', 'main', 'events', 'if-location', 'if', 'limit_except'];

let skipped = 0;
const seen = new Set();
for (const [name, ctxList, kind, , words] of HANDLERS) {
  if (kind === 'custom') continue;
  const contexts = PREFERRED.filter((c) => ctxList.split(',').includes(c));
  // Debian's nginx 1.22 builds stream and mail as modules it does not ship: only main, events and http are judged.
  if (contexts.length === 0) continue;
  const key = `${name}@${contexts.join(',')}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const { good, bad } = values(kind, words ? words.split(' ') : []);
  const [primary, ...others] = contexts;
  // Values nginx takes here: the base for the others. Unknown to this nginx, or needing more: left out.
  const taken = [];
  for (const g of good) {
    if (taken.length >= 3) break;
    const v = judge(primary, `${name} ${g};`);
    if (v.ok) taken.push(g);
  }
  if (taken.length === 0) {
    skipped++;
    continue;
  }
  for (const g of taken) add(kind, name, primary, `${name} ${g};`);
  for (const b of bad) add(kind, name, primary, `${name} ${b};`);
  add(`${kind} twice`, name, primary, `${name} ${taken[0]};\n${name} ${taken[taken.length - 1]};`);
  for (const c of others) {
    if (bad.length) add(kind, name, c, `${name} ${bad[0]};`);
    add(`${kind} twice`, name, c, `${name} ${taken[0]};\n${name} ${taken[0]};`);
  }
  // Across an include: the included file's top level is the including block.
  add(`${kind} twice`, name, primary, `${name} ${taken[0]};\ninclude inc.conf;`, `${name} ${taken[0]};\n`);
}

// Custom handlers whose first statement refuses a second call: a value nginx takes (the reference's default, or a
// guess), then the same line twice.
const referenceDefaults = new Map(RAW_DIRECTIVES.filter((r) => r[3] === 0 && r[8] && !r[8].includes('\n')).map((r) => [r[0], r[8]]));
const GUESSES = ['off', 'on', '/tmp/nginx-ws-conformance', 'http://127.0.0.1:9000', '127.0.0.1:9000', '1m', '10s', 'X-Real-IP', '$uri /index.html', '127.0.0.1', 'conformance'];
for (const [name, ctxList, kind, field] of HANDLERS) {
  if (kind !== 'custom' || !field?.startsWith('dup:') || ['http', 'events', 'mail', 'stream', 'limit_except'].includes(name)) continue;
  const contexts = PREFERRED.filter((c) => ctxList.split(',').includes(c));
  if (contexts.length === 0) continue;
  const value = [referenceDefaults.get(name), ...GUESSES].filter(Boolean).find((g) => judge(contexts[0], `${name} ${g};`).ok);
  if (value === undefined) {
    skipped++;
    continue;
  }
  for (const c of contexts) add('custom twice', name, c, `${name} ${value};\n${name} ${value};`);
  add('custom twice', name, contexts[0], `${name} ${value};\ninclude inc.conf;`, `${name} ${value};\n`);
}

// Custom handlers that the generic checks cover too.
const special = [
  ['expires', 'location', ['1h', '-1', '@10h', 'epoch', 'max', 'off', 'modified 1h', '$arg_e', '+30d', 'soon', '1x', '@25h', 'modified @1h', 'later 1h', 'EPOCH', 'modified epoch', '-1ms']],
  ['keepalive', 'upstream', ['16', '1', '0', 'x', '-1', '""']],
  ['keepalive_timeout', 'location', ['75s', '75s 60s', '1x', '75s 1ms', '0', '1h30m 1M']],
  ['keepalive_timeout', 'server', ['75s', 'x']],
  ['worker_connections', 'events', ['1024', 'x', '""', '-5']],
  ['worker_processes', 'main', ['auto', '2', 'x', 'AUTO', '""']],
];
for (const [name, c, vals] of special) {
  for (const v of vals) add('custom', name, c, `${name} ${v};`);
  add('custom twice', name, c, `${name} ${vals[0]};\n${name} ${vals[0]};`);
}

// root and alias share one field; map takes one default; one address:port has one default server.
const conflicts = [
  ['location', 'root /srv/a;\nalias /srv/b/;'],
  ['location', 'alias /srv/b/;\nroot /srv/a;'],
  ['location', 'root /srv/a;\nroot /srv/b;'],
  ['location', 'alias /srv/a/;\nalias /srv/b/;'],
  ['location', 'root /srv/a;\nlocation /x/ { alias /srv/b/; }'],
  ['server', 'root /srv/a;\nlocation /x/ { alias /srv/b/; }'],
  ['location', 'root /srv/a;\ninclude inc.conf;', 'alias /srv/b/;\n'],
  ['if-location', 'root /srv/a;\nroot /srv/b;'],
];
for (const [c, x, inc] of conflicts) add('root/alias', x.split(/[ \n]/)[0], c, x, inc);

const maps = [
  'map $uri $m { default 1; default 2; }',
  'map $uri $m { default 1; }',
  'map $uri $m { default 1; /a 2; default 3; }',
  'map $uri $m { "default" 1; default 2; }',
  'map $uri $m { default 1; }\nmap $uri $n { default 1; }',
  'map $uri $m { hostnames; default 1; default 1; }',
  'map $uri $m { volatile; default 1; ~^/x 2; default 1; }',
  'map $uri $m { include inc.conf; default 2; }',
];
for (const x of maps) add('map default', 'map', 'http', x, x.includes('inc.conf') ? 'default 1;\n' : undefined);

const servers = (a, b) => `server { listen ${a}; }\nserver { listen ${b}; }`;
const defaults = [
  servers('127.0.0.1:8081 default_server', '127.0.0.1:8081 default_server'),
  servers('8081 default_server', '*:8081 default_server'),
  servers('8081 default_server', '0.0.0.0:8081 default_server'),
  servers('8081 default_server', '127.0.0.1:8081 default_server'),
  servers('127.0.0.1:8081 default_server', '127.0.0.1:8082 default_server'),
  servers('127.0.0.1:8081', '127.0.0.1:8081 default_server'),
  servers('127.0.0.1:8081 default_server', '127.0.0.1:8081'),
  servers('127.0.0.1:8081 default', '127.0.0.1:8081 default_server'),
  servers('127.0.0.1 default_server', '127.0.0.1:80 default_server'),
  servers('[::1]:8081 default_server', '[::1]:8081 default_server'),
  servers('127.0.0.1:8081 default_server', '127.0.0.1:8081 default_server bind'),
  servers('localhost:8081 default_server', '127.0.0.1:8081 default_server'),
  servers('unix:/tmp/nginx-ws-a.sock default_server', 'unix:/tmp/nginx-ws-a.sock default_server'),
  'server { listen 127.0.0.1:8081 default_server; listen 127.0.0.1:8082 default_server; }',
  'server { listen 127.0.0.1:8081 default_server; }\ninclude inc.conf;',
];
for (const x of defaults) add('default server', 'listen', 'http', x, x.includes('inc.conf') ? 'server { listen 127.0.0.1:8081 default_server; }\n' : undefined);
// nginx checks these first, in the listen handler: "duplicate listen options", "a duplicate listen".
add('specific: listen', 'listen', 'http', servers('127.0.0.1:8081 default_server reuseport', '127.0.0.1:8081 default_server backlog=10'));
add('specific: listen', 'listen', 'server', 'listen 127.0.0.1:8080 default_server;');

// The directive-specific handlers (another part of issue 13): measured here so that their work shows after a merge.
const specific = [
  ['listen', 'http', ['server { listen 127.0.0.1:70000; }', 'server { listen 127.0.0.1:0; }', 'server { listen 127.0.0.1:8081 bogus; }', 'server { listen 127.0.0.1:8081 ssl; }', 'server { listen 127.0.0.1:8081 http2; }', 'server { listen 127.0.0.1:8081 backlog=x; }', 'server { listen 127.0.0.1:8081 reuseport reuseport; }', 'server { listen 127.0.0.1:8081; listen 127.0.0.1:8081; }', 'server { listen 127.0.0.1:8081 backlog=5; }\nserver { listen 127.0.0.1:8081 backlog=6; }', 'server { listen a..b:8081; }', 'server { listen 127.0.0.1:8081 so_keepalive=on; }', 'server { listen 127.0.0.1:8081 so_keepalive=1m::; }', 'server { listen 127.0.0.1:8081 ipv6only=on; }', 'server { listen [::1]:8081 ipv6only=on; }', 'server { listen 127.0.0.1:8081 quic; }', 'server { listen 127.0.0.1:8081 proxy_protocol; }', 'server { listen 127.0.0.1:8081 rcvbuf=1x; }', 'server { listen 127.0.0.1:8081 deferred; }', 'server { listen 127.0.0.1:8081 fastopen=10; }', 'server { listen 127.0.0.1:8081 setfib=1; }']],
  ['server', 'upstream', ['server 127.0.0.1:9001 weight=0;', 'server 127.0.0.1:9001 weight=2;', 'server 127.0.0.1:9001 max_fails=x;', 'server 127.0.0.1:9001 fail_timeout=1x;', 'server 127.0.0.1:9001 fail_timeout=10s;', 'server 127.0.0.1:9001 backup;', 'server 127.0.0.1:9001 down;', 'server 127.0.0.1:9001 bogus;', 'server 127.0.0.1:9001 max_conns=-1;', 'server 127.0.0.1:99999;', 'server 127.0.0.1:9001 resolve;', 'hash $uri;\nserver 127.0.0.1:9001 backup;', 'ip_hash;\nserver 127.0.0.1:9001 weight=3;', 'server 127.0.0.1:9001 slow_start=10s;']],
  ['proxy_pass', 'location', ['proxy_pass ws://127.0.0.1:9000;', 'proxy_pass wss://127.0.0.1:9000;', 'proxy_pass http://127.0.0.1:9000/;', 'proxy_pass http://127.0.0.1:99999;', 'proxy_pass http://;', 'proxy_pass 127.0.0.1:9000;', 'proxy_pass http://backend;', 'proxy_pass https://backend/x;', 'proxy_pass http://$host;', 'proxy_pass http://127.0.0.1:9000;\nproxy_pass http://127.0.0.1:9001;', 'proxy_pass http://unix:/tmp/nginx-ws.sock;', 'proxy_pass http://unix:;', 'grpc_pass ftp://127.0.0.1:9000;', 'grpc_pass grpc://127.0.0.1:9000;', 'fastcgi_pass 127.0.0.1:9000;', 'uwsgi_pass uwsgi://127.0.0.1:9000;', 'proxy_pass http://127.0.0.1:9000;\nfastcgi_pass 127.0.0.1:9001;']],
  ['proxy_pass', 'http', ['server { location ~ ^/x { proxy_pass http://127.0.0.1:9000/x; } }', 'server { location ~ ^/x { proxy_pass http://127.0.0.1:9000; } }', 'server { location @n { proxy_pass http://127.0.0.1:9000/; } }', 'server { location / { if ($uri) { proxy_pass http://127.0.0.1:9000/; } } }', 'server { location / { limit_except GET { proxy_pass http://127.0.0.1:9000/; } } }']],
  ['return', 'location', ['return 1000;', 'return 200 "ok";', 'return 301;', 'return 301 /x;', 'return 999;', 'return -1;', 'return x;', 'return https://example.test/;', 'return 302 http://a.test/ extra;', 'return 444;', 'return 0;']],
  ['rewrite', 'location', ['rewrite ^/a /b last;', 'rewrite ^/a /b bogus;', 'rewrite ^/a( /b;', 'rewrite ^/a /b break;', 'rewrite ^/a /b permanent;', 'rewrite ^/a /b redirect;']],
  ['server_name', 'server', ['server_name *b.test;', 'server_name a.*.test;', 'server_name *.a.test;', 'server_name .a.test;', 'server_name ~^(www)$;', 'server_name ~^(www$;', 'server_name a.test.*;', 'server_name "";', 'server_name a/b;', 'server_name _;', 'server_name ~^(?<n>.+)\\.test$;']],
  ['location', 'server', ['location /app/ { location /b/ { } }', 'location /app/ { location /app/x/ { } }', 'location ~ ( { }', 'location ~* ^/x$ { }', 'location = /x { location /y { } }', 'location ^~ /x/ { }', 'location @n { location /y { } }', 'location /x/ { }\nlocation /x/ { }', 'location = /x { }\nlocation = /x { }', 'location ~ \\.php$ { }\nlocation ~ \\.php$ { }', 'location ~ (?<name { }', 'location bogus /x { }']],
  ['if', 'location', ['if ($uri ~ "(") { }', 'if ($uri ~* ^/x$) { }', 'if ($uri = /x) { }', 'if (-f $request_filename) { }', 'if ($uri ~ x y) { }', 'if (!-e $request_filename) { }', 'if ($uri =) { }', 'if ($uri !~ "[a-") { }']],
  ['map', 'http', ['map $uri $m { ~( 1; }', 'map $uri $m { ~^/x 1; ~^/x 2; }', 'map $uri $m { /x 1; /x 2; }', 'map $uri $m { /x 1 2; }', 'map $uri $m { volatile; hostnames; *.a.test 1; }', 'map $uri $m { *.a.test 1; }', 'map $uri m { default 1; }']],
  ['geo', 'http', ['geo $g { 10.0.0.0/33 1; }', 'geo $g { 10.0.0.0/8 1; }', 'geo $g { 10.0.0.1/8 1; }', 'geo $g { bogus 1; }', 'geo $g { default 1; default 2; }', 'geo $g { ranges; 10.0.0.1-10.0.0.9 1; }', 'geo $g { ranges; 10.0.0.9-10.0.0.1 1; }', 'geo $g { 10.0.0.0/8 1; 10.0.0.0/8 2; }', 'geo $g { proxy 10.0.0.0/8; }', 'geo $g { delete 10.0.0.0/8; }']],
  ['split_clients', 'http', ['split_clients $uri $s { 50% a; 60% b; }', 'split_clients $uri $s { 50% a; 50% b; }', 'split_clients $uri $s { 50% a; * b; }', 'split_clients $uri $s { 0.5% a; * b; }', 'split_clients $uri $s { 50 a; }', 'split_clients $uri $s { 101% a; }']],
  ['proxy_buffers', 'location', ['proxy_busy_buffers_size 64k;', 'proxy_buffers 2 4k;\nproxy_busy_buffers_size 8k;', 'proxy_buffer_size 64k;', 'proxy_buffers 2 4k;', 'proxy_buffers 1 4k;', 'proxy_temp_file_write_size 1k;', 'proxy_max_temp_file_size 1k;', 'proxy_max_temp_file_size 0;', 'proxy_buffering off;\nproxy_buffer_size 64k;', 'proxy_buffers 8 64k;\nproxy_busy_buffers_size 128k;', 'fastcgi_busy_buffers_size 64k;', 'uwsgi_buffer_size 64k;']],
  ['versions', 'server', ['ssl on;', 'http2 on;', 'listen 127.0.0.1:8443 ssl http2;', 'proxy_http_version 2;', 'ssl_protocols TLSv1.2 TLSv1.3;', 'ssl_early_data on;', 'ssl_reject_handshake on;']],
];
for (const [d, c, xs] of specific) for (const x of xs) add(`specific: ${d}`, d, c, x);

fs.mkdirSync(outDir, { recursive: true });
// Gzipped: 5,000 lines of JSON are 900 KB as text, 60 KB compressed (`zcat` reads it).
fs.writeFileSync(path.join(outDir, 'cases.jsonl.gz'), zlib.gzipSync(cases.map((r) => JSON.stringify(r)).join('\n') + '\n', { level: 9 }));
const rejected = cases.filter((r) => !r.v.ok).length;
console.log(`wrote test/conformance/cases.jsonl.gz: ${cases.length} variants (${rejected} rejected by nginx), ${skipped} directives left out, ${runs} nginx runs`);

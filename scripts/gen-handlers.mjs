// Writes server/src/reference/generated/handlers.ts: for every ngx_command_t of nginx's source, the kind of its
// handler (nginx's generic ngx_conf_set_*_slot functions, or `custom`), the conf field a slot handler writes (two
// directives that write one field are duplicates of each other), and for enum/bitmask slots the accepted words.
// It reads a bare clone of github:nginx/nginx at two refs: the newest one, and the release Debian ships (the judge
// of the tests). A directive whose handler kind differs between them is recorded as `custom`, so that no version
// gets a false error.
// Usage: node scripts/gen-handlers.mjs <nginx git dir> [--check]   (refs: HEAD and release-1.22.1)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'server/src/reference/generated/handlers.ts');
const gitDir = process.argv[2];
if (!gitDir || !fs.existsSync(gitDir)) {
  console.error('usage: node scripts/gen-handlers.mjs <nginx git dir> [--check]');
  process.exit(2);
}
const REFS = ['HEAD', 'release-1.22.1'];

const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

const SLOTS = {
  ngx_conf_set_flag_slot: 'flag',
  ngx_conf_set_num_slot: 'num',
  ngx_conf_set_size_slot: 'size',
  ngx_conf_set_off_slot: 'off',
  ngx_conf_set_msec_slot: 'msec',
  ngx_conf_set_sec_slot: 'sec',
  ngx_conf_set_str_slot: 'str',
  ngx_conf_set_str_array_slot: 'str_array',
  ngx_conf_set_keyval_slot: 'keyval',
  ngx_conf_set_bufs_slot: 'bufs',
  ngx_conf_set_enum_slot: 'enum',
  ngx_conf_set_bitmask_slot: 'bitmask',
  ngx_conf_set_path_slot: 'path',
  ngx_conf_set_access_slot: 'access',
  // Complex values take variables; a size one parses a value without them as ngx_parse_size does.
  ngx_http_set_complex_value_slot: 'complex',
  ngx_http_set_complex_value_zero_slot: 'complex',
  ngx_http_set_complex_value_size_slot: 'complex_size',
  ngx_stream_set_complex_value_slot: 'complex',
  ngx_stream_set_complex_value_zero_slot: 'complex',
  ngx_stream_set_complex_value_size_slot: 'complex_size',
};

/** Context flags of the command type, as nginx-ws's BlockContext words. */
const FLAGS = {
  NGX_MAIN_CONF: 'main',
  NGX_EVENT_CONF: 'events',
  NGX_HTTP_MAIN_CONF: 'http',
  NGX_HTTP_SRV_CONF: 'server',
  NGX_HTTP_LOC_CONF: 'location',
  NGX_HTTP_SIF_CONF: 'if',
  NGX_HTTP_LIF_CONF: 'if-location',
  NGX_HTTP_LMT_CONF: 'limit_except',
  NGX_HTTP_UPS_CONF: 'upstream',
  NGX_MAIL_MAIN_CONF: 'mail',
  NGX_MAIL_SRV_CONF: 'mail-server',
  NGX_STREAM_MAIN_CONF: 'stream',
  NGX_STREAM_SRV_CONF: 'stream-server',
  NGX_STREAM_UPS_CONF: 'stream-upstream',
};

function stripComments(s) {
  return s.replace(/\/\*[\s\S]*?\*\//g, ' ');
}

/** Splits `a, f(b, c), d` at top-level commas. */
function splitTop(s) {
  const parts = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '{') depth++;
    if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

/** The `{ ... }` groups inside an array initializer body, preprocessor lines dropped (every #if branch counts). */
function groups(body) {
  const text = body.replace(/^\s*#.*$/gm, '');
  const list = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      if (depth === 0) start = i + 1;
      depth++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) list.push(text.slice(start, i));
    }
  }
  return list;
}

/** `static TYPE NAME[] = { ... };` arrays and `static TYPE NAME = { ... };` structs of one file. */
function initializers(src, type) {
  const m = new Map();
  const re = new RegExp(`(?:static\\s+)?${type}\\s+(\\w+)(\\[\\])?\\s*=\\s*\\{`, 'g');
  let r;
  while ((r = re.exec(src))) {
    let depth = 1;
    let i = re.lastIndex;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === '{') depth++;
      else if (src[i] === '}') depth--;
    }
    m.set(r[1], src.slice(re.lastIndex, i - 1));
  }
  return m;
}

function words(body) {
  const list = [];
  for (const g of groups(body)) {
    const w = /ngx_string\("([^"]*)"\)/.exec(g);
    if (w) list.push(w[1]);
  }
  return list;
}

/**
 * Custom handlers whose first statement refuses a second call: `if (COND) { return "is duplicate"; }`. The
 * condition names the field, so handlers that test the same one (`root`, `alias`) are duplicates of each other.
 */
function duplicateChecks(sources) {
  const checks = new Map();
  const re = /\n(ngx_\w+)\(ngx_conf_t \*cf, ngx_command_t \*cmd,\s*void \*conf\)\s*\{/g;
  for (const [file, src] of sources) {
    let m;
    while ((m = re.exec(src))) {
      // The statements before the first `{` inside the body: declarations, then maybe the duplicate test.
      const rest = src.slice(re.lastIndex, re.lastIndex + 4000);
      const head = /^([^{}]*?)\bif \(([^{}]*?)\)\s*\{\s*return "is duplicate";\s*\}/.exec(rest);
      if (!head) continue;
      // Only declarations may come first: every statement before the test is `type name...;`.
      const before = head[1].split(';').map((x) => x.trim()).filter(Boolean);
      if (before.some((x) => !/^[\w ]+[\s*]+\w+(\[\w*\])?(\s*=\s*[\w>-]+)?(\s*,\s*\**\w+)*$|^\w+ = \(\w+ \*\) conf$/.test(x))) continue;
      // "Set at all" tests only: `x == 0` (proxy_redirect) or `x != 0` refuse only some second values.
      const cond = head[2].replace(/\s+/g, ' ');
      if (!cond.split(' || ').every((c) => /^[\w.>-]+( != (NGX_\w*UNSET\w*|NULL))?$|^\*\(\w+ \*\*\) conf$/.test(c))) continue;
      checks.set(m[1], `dup:${path.basename(file, '.c')}:${cond}`);
    }
  }
  return checks;
}

function commandsAt(ref) {
  const files = git('ls-tree', '-r', '--name-only', ref, 'src').split('\n').filter((f) => f.endsWith('.c'));
  const sources = files.map((f) => [f, stripComments(git('show', `${ref}:${f}`))]);
  const dups = duplicateChecks(sources);
  // Word lists may live in another file (ngx_http_upstream_cache_method_mask): the command's own file first.
  const everywhere = (type) => new Map(sources.flatMap(([, src]) => [...initializers(src, type)]));
  const allEnums = everywhere('ngx_conf_enum_t');
  const allMasks = everywhere('ngx_conf_bitmask_t');
  const rows = [];
  for (const [file, src] of sources) {
    if (!src.includes('ngx_command_t')) continue;
    const enums = new Map([...allEnums, ...initializers(src, 'ngx_conf_enum_t')]);
    const masks = new Map([...allMasks, ...initializers(src, 'ngx_conf_bitmask_t')]);
    const bounds = initializers(src, 'ngx_conf_num_bounds_t');
    for (const [, body] of initializers(src, 'ngx_command_t')) {
      for (const g of groups(body)) {
        const f = splitTop(g.replace(/\s+/g, ' '));
        const name = /^ngx_string\("([^"]+)"\)$/.exec(f[0] ?? '')?.[1];
        if (!name || f.length < 6) continue;
        const contexts = f[1].split('|').map((x) => FLAGS[x.trim()]).filter(Boolean);
        // NGX_DIRECT_CONF without NGX_MAIN_CONF does not occur; core directives carry both.
        const kind = SLOTS[f[2]] ?? 'custom';
        const field = /offsetof\((\w+), ?([\w.]+)\)/.exec(f[4]);
        const row = { name, contexts, kind, conf: f[3], field: kind === 'custom' ? (dups.get(f[2]) ?? '') : field ? `${field[1]}.${field[2]}` : '', values: [], low: undefined, high: undefined, file };
        const post = f[5].replace(/^&/, '');
        if (kind === 'enum' && enums.has(post)) row.values = words(enums.get(post));
        if (kind === 'bitmask' && masks.has(post)) row.values = words(masks.get(post));
        if (kind === 'num' && bounds.has(post)) {
          const b = splitTop(bounds.get(post));
          row.low = Number(b[1]);
          row.high = Number(b[2]);
        }
        if ((kind === 'enum' || kind === 'bitmask') && row.values.length === 0) Object.assign(row, { kind: 'custom', field: '' });
        rows.push(row);
      }
    }
  }
  return rows;
}

const key = (r) => `${r.name}@${r.contexts.join(',')}`;
const sig = (r) => JSON.stringify([r.kind, [...r.values].sort(), r.low, r.high, r.kind === 'custom' && r.field !== '']);

const [newest, judge] = REFS.map(commandsAt);
const judgeByKey = new Map(judge.map((r) => [key(r), r]));
const judgeByName = new Map();
for (const r of judge) judgeByName.set(r.name, [...(judgeByName.get(r.name) ?? []), r]);
const differ = [];
const rows = newest.map((r) => {
  const old = judgeByKey.get(key(r)) ?? (judgeByName.get(r.name) ?? []).find((o) => o.contexts.some((c) => r.contexts.includes(c)));
  if (!old || sig(old) === sig(r)) return r;
  // A size slot that later took variables: a literal value is judged the same by both.
  if (old.kind === 'size' && r.kind === 'complex_size') return r;
  differ.push(`${r.name}: ${sig(old)} -> ${sig(r)}`);
  // Enum and bitmask words only grow: the union accepts what either version does.
  if (old.kind === r.kind && (r.kind === 'enum' || r.kind === 'bitmask')) return { ...r, values: [...new Set([...old.values, ...r.values])] };
  return { ...r, kind: 'custom', field: '', values: [], low: undefined, high: undefined };
});

// A slot's field is a duplicate key only with the module struct and conf offset: the same offsetof in two modules
// (stream and http proxy) names different memory.
const encoded = rows.map((r) => {
  const row = [r.name, r.contexts.join(','), r.kind, r.kind === 'custom' ? r.field : `${r.conf === 'NGX_HTTP_MAIN_CONF_OFFSET' || r.conf === 'NGX_STREAM_MAIN_CONF_OFFSET' || r.conf === 'NGX_MAIL_MAIN_CONF_OFFSET' ? 'main:' : ''}${r.field}`];
  if (r.values.length) row.push(r.values.join(' '));
  else if (r.low !== undefined) row.push('', `${r.low}`, `${r.high}`);
  return row;
});

const refs = REFS.map((ref) => `${ref} ${git('rev-parse', ref).trim().slice(0, 12)}`).join(', ');
// One string, split on first use: a string literal costs far less to load than 800 array literals.
const body = encoded.map((r) => r.join('\t')).join('\n');
const text = [
  `// Generated by scripts/gen-handlers.mjs from nginx's source (${refs}): do not edit.`,
  '// One line per ngx_command_t, tab-separated: name, contexts, handler kind, the conf field a slot writes ("main:"',
  '// when it is the module\'s main conf, shared by every block of the module; "dup:" and the tested condition for a',
  '// custom handler that refuses a second call), enum/bitmask words (space-separated), num bounds (low, high).',
  '// A kind that differs between the two versions is `custom`.',
  '',
  `export const RAW_HANDLERS = ${JSON.stringify(body)};`,
  '',
].join('\n');

const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`${path.relative(root, out)} is stale: run node scripts/gen-handlers.mjs <nginx git dir>`);
    process.exit(1);
  }
} else {
  if (current !== text) fs.writeFileSync(out, text);
  const counts = {};
  for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  console.log(`wrote ${path.relative(root, out)}: ${rows.length} commands`, counts);
  if (differ.length) console.log(`kinds that differ from ${REFS[1]}:\n  ${differ.join('\n  ')}`);
}

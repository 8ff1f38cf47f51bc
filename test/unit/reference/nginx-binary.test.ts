import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lookupDirective, type ArgSpec, type BlockContext } from '../../../server/src/reference';
import { NGINX, requireNginx } from '../../support/nginx';
import { readCommandTables, type CompiledCommand } from './elfCommands';

/**
 * The directive table against the real thing: the `ngx_command_t` tables compiled into Debian's nginx (1.22). For
 * every command nginx has, our table must know the name in the same contexts, with the same block flag, argument
 * count and on/off handler. Dynamic modules installed next to it (Debian's libnginx-mod-*: stream, mail, geoip,
 * lua, headers-more, brotli, ...) are checked too; NGINX_MODULES_DIR points elsewhere. Where none are installed, the
 * stream and mail tables were checked the same way against libnginx-mod-stream and libnginx-mod-mail, unpacked, and
 * all 30 module files of bookworm's libnginx-mod-* packages pass with NGINX_MODULES_DIR at their unpacked .so files.
 */
const MODULES_DIR = process.env.NGINX_MODULES_DIR ?? '/usr/lib/nginx/modules';

/** Where our table follows a newer nginx than 1.22 on purpose. */
const NEWER_THAN_1_22: Record<string, string> = {
  'ngx_http_upstream_keepalive_module:keepalive': 'the `local` parameter (nginx 1.29.7) makes it TAKE12',
  'ngx_http_js_module:js_set': 'njs 0.8 added the `nocache` parameter',
  'ngx_stream_js_module:js_set': 'njs 0.8 added the `nocache` parameter',
  'ngx_stream_proxy_module:proxy_protocol': 'the `v2` value of newer nginx makes it an enum, not on/off',
  'ngx_mail_proxy_module:proxy_protocol': 'the `v2` value of newer nginx makes it an enum, not on/off',
};

const NGX_CONF = { NOARGS: 0x1, BLOCK: 0x100, FLAG: 0x200, ANY: 0x400, MORE1: 0x800, MORE2: 0x1000 };

function argSpecOf(type: number): ArgSpec {
  if (type & NGX_CONF.ANY) return { kind: 'any' };
  if (type & NGX_CONF.FLAG) return { kind: 'flag' };
  if (type & NGX_CONF.MORE1) return { kind: 'more', min: 1 };
  if (type & NGX_CONF.MORE2) return { kind: 'more', min: 2 };
  const counts: number[] = [];
  for (let i = 0; i < 8; i++) if (type & (1 << i)) counts.push(i);
  return { kind: 'take', counts };
}

/** Context bits by module type (NGX_MAIN_CONF, NGX_EVENT_CONF, NGX_HTTP_*_CONF, ...). */
const CONTEXT_BITS: Record<string, [number, BlockContext][]> = {
  CORE: [[0x01000000, 'main']],
  EVNT: [[0x02000000, 'events']],
  HTTP: [
    [0x02000000, 'http'],
    [0x04000000, 'server'],
    [0x08000000, 'location'],
    [0x10000000, 'upstream'],
    [0x20000000, 'if'],
    [0x40000000, 'if-location'],
    [0x80000000, 'limit_except'],
  ],
  STRM: [
    [0x02000000, 'stream'],
    [0x04000000, 'stream-server'],
    [0x08000000, 'stream-upstream'],
  ],
  MAIL: [
    [0x02000000, 'mail'],
    [0x04000000, 'mail-server'],
  ],
};

function contextsOf(c: CompiledCommand): BlockContext[] {
  return (CONTEXT_BITS[c.moduleType] ?? []).filter(([bit]) => (c.type & bit) !== 0).map(([, ctx]) => ctx);
}

/** A FLAG command and a TAKE1 one take the same count; only the handler differs, which `onOff` records. */
function countKey(a: ArgSpec): string {
  if (a.kind === 'flag') return 'take:1';
  return a.kind === 'take' ? `take:${a.counts.join(',')}` : a.kind === 'more' ? `more:${a.min}` : 'any';
}

describe("the directive table agrees with Debian's nginx binary", () => {
  requireNginx();
  const dynamic = fs.existsSync(MODULES_DIR) ? fs.readdirSync(MODULES_DIR).filter((f) => f.endsWith('.so')).map((f) => path.join(MODULES_DIR, f)) : [];
  // CONF commands (include) are everywhere; RTMP ones stand inside nginx-rtmp-module's `rtmp {}`, whose contexts
  // nginx-ws does not model (the `rtmp` block itself is a CORE command and is checked).
  const commands = [NGINX, ...dynamic].flatMap((f) => readCommandTables(f)).filter((c) => c.moduleType in CONTEXT_BITS);
  console.log(`compared ${commands.length} commands of ${NGINX} and ${dynamic.length} dynamic modules`);

  test('the binary was read', () => {
    // nginx 1.22 with Debian's static modules has over 500 commands; a reader that finds few is broken.
    assert.ok(commands.length > 500, `only ${commands.length} commands found`);
    assert.ok(commands.some((c) => c.name === 'proxy_pass' && c.module === 'ngx_http_proxy_module'));
  });

  test('every command: known in its contexts, block flag, argument count, on/off handler', () => {
    // ngx_conf_set_flag_slot: named in dynamic modules; in the stripped executable, the handler most FLAG commands share.
    const setCounts = new Map<string, number>();
    for (const c of commands) if (c.type & NGX_CONF.FLAG && c.set.startsWith('0x')) setCounts.set(c.set, (setCounts.get(c.set) ?? 0) + 1);
    const flagSlot = [...setCounts].sort((a, b) => b[1] - a[1])[0][0];
    const isFlagSlot = (set: string): boolean => set === flagSlot || set === 'ngx_conf_set_flag_slot';

    const problems: string[] = [];
    for (const c of commands) {
      const key = `${c.module}:${c.name}`;
      if (NEWER_THAN_1_22[key]) continue;
      const contexts = contextsOf(c);
      const specs = lookupDirective(c.name).filter((s) => contexts.some((x) => s.contexts.includes(x)));
      if (specs.length === 0) {
        problems.push(`${key}: unknown in ${contexts.join(',')}`);
        continue;
      }
      const ours = new Set(specs.flatMap((s) => s.contexts).filter((x) => (CONTEXT_BITS[c.moduleType] ?? []).some(([, ctx]) => ctx === x)));
      if ([...ours].sort().join() !== [...contexts].sort().join()) problems.push(`${key}: contexts ${[...ours]} vs nginx ${contexts}`);
      const spec = specs[0];
      if (spec.block !== ((c.type & NGX_CONF.BLOCK) !== 0)) problems.push(`${key}: block ${spec.block}`);
      if (countKey(spec.args) !== countKey(argSpecOf(c.type))) problems.push(`${key}: args ${countKey(spec.args)} vs nginx ${countKey(argSpecOf(c.type))}`);
      // The value check comes with the handler, whatever the count flags (uwsgi_cache_background_update is TAKE1 with
      // ngx_conf_set_flag_slot); `ssl` (http, mail) and `lua_code_cache` have their own handlers, which call it.
      const onOff = isFlagSlot(c.set) || c.name === 'ssl' || c.name === 'lua_code_cache';
      if (spec.onOff !== onOff) problems.push(`${key}: onOff ${spec.onOff} vs nginx ${onOff}`);
    }
    assert.deepEqual(problems, []);
  });
});

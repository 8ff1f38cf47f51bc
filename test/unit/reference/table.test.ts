import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  directivesFor,
  isBlockDirective,
  isBuiltinVariable,
  loadDirectiveDocs,
  lookupDirective,
  lookupVariable,
  specsIn,
  suggest,
  thirdPartyModuleOf,
} from '../../../server/src/reference';
import { distance } from '../../../server/src/reference/suggest';
import { repoRoot } from '../../support/paths';

const only = (name: string, module: string) => {
  const s = lookupDirective(name).find((x) => x.module === module);
  assert.ok(s, `${module}:${name}`);
  return s;
};

describe('directive lookups', () => {
  test('proxy_pass: module, contexts, one argument, documentation link', () => {
    const s = only('proxy_pass', 'ngx_http_proxy_module');
    assert.deepEqual(s.contexts, ['location', 'if-location', 'limit_except']);
    assert.deepEqual(s.args, { kind: 'take', counts: [1] });
    assert.equal(s.block, false);
    assert.equal(s.origin, 'nginx');
    assert.equal(s.url, 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass');
    // The stream module has its own proxy_pass, for stream servers.
    assert.deepEqual(only('proxy_pass', 'ngx_stream_proxy_module').contexts, ['stream-server']);
  });

  test('one name, several modules: `server` is a block in http, stream and mail, and a member line in upstreams', () => {
    assert.equal(specsIn('server', 'http')[0].module, 'ngx_http_core_module');
    assert.equal(specsIn('server', 'http')[0].block, true);
    assert.equal(specsIn('server', 'stream')[0].module, 'ngx_stream_core_module');
    assert.equal(specsIn('server', 'mail')[0].module, 'ngx_mail_core_module');
    assert.deepEqual(specsIn('server', 'upstream')[0].args, { kind: 'more', min: 1 });
    assert.equal(specsIn('server', 'stream-upstream')[0].block, false);
    assert.deepEqual(specsIn('server', 'main'), []);
    assert.equal(isBlockDirective('server', 'http'), true);
    assert.equal(isBlockDirective('server', 'upstream'), false);
  });

  test('contexts map by module: the core error_log reaches every kind of server, include reaches everything', () => {
    const errorLog = lookupDirective('error_log')[0];
    for (const c of ['main', 'http', 'server', 'location', 'stream', 'stream-server', 'mail', 'mail-server'] as const) assert.ok(errorLog.contexts.includes(c), c);
    assert.equal(errorLog.module, 'ngx_core_module');
    assert.equal(errorLog.url, 'https://nginx.org/en/docs/ngx_core_module.html#error_log');
    assert.equal(lookupDirective('include')[0].contexts.length, 14);
    // The rewrite module's "if" context is both kinds of if; "if in location" is the location kind only.
    assert.ok(only('return', 'ngx_http_rewrite_module').contexts.includes('if'));
    assert.ok(only('return', 'ngx_http_rewrite_module').contexts.includes('if-location'));
    assert.ok(!only('proxy_pass', 'ngx_http_proxy_module').contexts.includes('if'));
    assert.deepEqual(only('least_conn', 'ngx_stream_upstream_module').contexts, ['stream-upstream']);
  });

  test('contexts nginx-ws does not model are kept aside', () => {
    const uri = only('uri', 'ngx_http_acme_module');
    assert.deepEqual(uri.contexts, []);
    assert.deepEqual(uri.otherContexts, ['acme_issuer']);
  });

  test('argument counts that the syntax cannot tell come from the overrides', () => {
    assert.deepEqual(only('ssl_protocols', 'ngx_http_ssl_module').args, { kind: 'more', min: 1 });
    assert.deepEqual(only('if', 'ngx_http_rewrite_module').args, { kind: 'more', min: 1 });
    assert.deepEqual(only('limit_req_zone', 'ngx_http_limit_req_module').args, { kind: 'take', counts: [3] });
    assert.deepEqual(only('try_files', 'ngx_http_core_module').args, { kind: 'more', min: 2 });
  });

  test('on/off directives, and on/off-looking ones whose handler takes more', () => {
    assert.equal(only('proxy_buffering', 'ngx_http_proxy_module').onOff, true);
    assert.deepEqual(only('proxy_buffering', 'ngx_http_proxy_module').args, { kind: 'flag' });
    assert.equal(only('ssl_ocsp', 'ngx_http_ssl_module').onOff, false);
    assert.equal(only('proxy_http_version', 'ngx_http_proxy_module').onOff, false);
  });

  test('NGINX Plus: whole modules, single directives, and directives open source gained later', () => {
    assert.equal(only('api', 'ngx_http_api_module').origin, 'plus');
    assert.equal(only('health_check', 'ngx_http_upstream_hc_module').origin, 'plus');
    assert.equal(only('proxy_cache_purge', 'ngx_http_proxy_module').origin, 'plus');
    assert.equal(only('ntlm', 'ngx_http_upstream_module').origin, 'plus');
    const leastTime = only('least_time', 'ngx_http_upstream_module');
    assert.equal(leastTime.origin, 'nginx');
    assert.equal(leastTime.plusUntil, '1.31.0');
    assert.equal(only('sticky', 'ngx_http_upstream_module').plusUntil, '1.29.6');
    assert.equal(only('tunnel_pass', 'ngx_http_tunnel_module').plusUntil, '1.31.0');
    assert.equal(only('tunnel_bind_dynamic', 'ngx_http_tunnel_module').origin, 'plus');
    // Open-source directives with a Plus-only parameter are not Plus directives.
    assert.equal(only('proxy_cache_path', 'ngx_http_proxy_module').origin, 'nginx');
    assert.equal(only('resolver', 'ngx_http_core_module').origin, 'nginx');
  });

  test('directives nginx accepts that the reference leaves out', () => {
    assert.deepEqual(lookupDirective('post_action')[0].contexts, ['http', 'server', 'location', 'if-location']);
    assert.equal(specsIn('proxy', 'mail-server')[0].onOff, true);
  });

  test('third-party modules', () => {
    assert.equal(thirdPartyModuleOf('check')?.name, 'nginx_upstream_check_module');
    assert.equal(thirdPartyModuleOf('check_http_expect_alive')?.name, 'nginx_upstream_check_module');
    assert.equal(thirdPartyModuleOf('content_by_lua_block')?.name, 'ngx_http_lua_module');
    assert.equal(thirdPartyModuleOf('more_clear_headers')?.name, 'headers-more-nginx-module');
    assert.equal(thirdPartyModuleOf('brotli_comp_level')?.name, 'ngx_brotli');
    assert.equal(thirdPartyModuleOf('vhost_traffic_status_zone')?.name, 'nginx-module-vts');
    assert.equal(thirdPartyModuleOf('geoip2')?.name, 'ngx_http_geoip2_module');
    // A name stock nginx or NGINX Plus has is not a third-party directive, even if a third-party module reuses it.
    assert.equal(thirdPartyModuleOf('proxy_pass'), undefined);
    assert.equal(thirdPartyModuleOf('proxy_cache_purge'), undefined);
    assert.equal(thirdPartyModuleOf('no_such_thing'), undefined);
    const check = specsIn('check', 'upstream')[0];
    assert.equal(check.origin, 'third-party');
    assert.equal(check.url, 'https://github.com/yaoweibin/nginx_upstream_check_module');
    assert.equal(specsIn('content_by_lua_block', 'location')[0].block, true);
  });

  test('directivesFor lists what may stand in a context', () => {
    const events = directivesFor('events').map((s) => s.name);
    assert.ok(events.includes('worker_connections'));
    assert.ok(!events.includes('proxy_pass'));
    const upstream = directivesFor('upstream').map((s) => s.name);
    assert.ok(upstream.includes('keepalive') && upstream.includes('server') && upstream.includes('check'));
  });
});

describe('variables', () => {
  test('exact names and prefix forms, the longest prefix first', () => {
    assert.equal(lookupVariable('host')?.module, 'ngx_http_core_module');
    assert.equal(lookupVariable('$host')?.prefix, false);
    assert.equal(lookupVariable('http_upgrade')?.name, 'http_');
    assert.equal(lookupVariable('upstream_http_x_accel')?.name, 'upstream_http_');
    // nginx matches prefixes without a length check: `$arg_` passes nginx -t (nginx-tests' http_variables.conf).
    assert.equal(lookupVariable('arg_')?.name, 'arg_');
    assert.equal(lookupVariable('connection_upgrade'), undefined);
    assert.equal(lookupVariable('ssl_preread_server_name')?.module, 'ngx_stream_ssl_preread_module');
  });

  test('built-ins include regex captures and what the reference misses', () => {
    assert.ok(isBuiltinVariable('1'));
    assert.ok(isBuiltinVariable('$arg_page'));
    assert.ok(isBuiltinVariable('msie'));
    assert.ok(!isBuiltinVariable('connection_upgrade'));
  });
});

describe('did you mean', () => {
  test('near misses get the intended name; far ones get nothing', () => {
    assert.equal(suggest('proxy_passs'), 'proxy_pass');
    assert.equal(suggest('proxy_set_headr'), 'proxy_set_header');
    assert.equal(suggest('proxy_http_verison'), 'proxy_http_version');
    assert.equal(suggest('server_nam'), 'server_name');
    assert.equal(suggest('Listen', 'server'), 'listen');
    assert.equal(suggest('frobnicate'), undefined);
    assert.equal(suggest('abc'), undefined);
  });

  test('what fits the context wins a tie', () => {
    // `lsten` is one edit from `listen` only; `proxy_pas` one from `proxy_pass`.
    assert.equal(suggest('lsten', 'server'), 'listen');
    assert.equal(suggest('proxy_pas', 'location'), 'proxy_pass');
  });

  test('edit distance counts a transposition once', () => {
    assert.equal(distance('proxy_pass', 'proxy_pass'), 0);
    assert.equal(distance('porxy_pass', 'proxy_pass'), 1);
    assert.equal(distance('kitten', 'sitting'), 3);
    assert.equal(distance('abcdef', 'uvwxyz', 2), 3);
  });
});

describe('documentation', () => {
  test('descriptions load on demand from the full reference', async () => {
    const md = await loadDirectiveDocs(only('proxy_pass', 'ngx_http_proxy_module'));
    assert.match(md ?? '', /proxied server/);
    const core = await loadDirectiveDocs(only('worker_connections', 'ngx_core_module'));
    assert.match(core ?? '', /connections/);
    assert.equal(await loadDirectiveDocs(specsIn('check', 'upstream')[0]), undefined);
  });

  test('only the hover path imports @nginx/reference-lib: everything the checks load uses the compact table', () => {
    const dirs = ['server/src/reference', 'server/src/analysis'];
    const offenders: string[] = [];
    for (const d of dirs) {
      for (const f of fs.readdirSync(path.join(repoRoot, d), { recursive: true }).map(String)) {
        if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f === 'docs.ts') continue;
        const text = fs.readFileSync(path.join(repoRoot, d, f), 'utf8');
        if (/from '@nginx\/reference-lib'|import\('@nginx\/reference-lib'\)/.test(text)) offenders.push(`${d}/${f}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});

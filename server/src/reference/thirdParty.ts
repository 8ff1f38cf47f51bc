import { one, two, none, flag, more1, more2, any, take } from './argShapes';
import type { ArgSpec, BlockContext, ThirdPartyModule } from './types';
import { DEBIAN_MODULE_ROWS } from './thirdPartyDebian';
import { SOURCE_MODULE_ROWS } from './thirdPartySource';

/**
 * Directives of well-known third-party modules. Stock nginx rejects them as unknown directives unless it was built
 * with (or loads) the module; nginx-ws knows their contexts and argument counts so that a config written for such a
 * build is checked as that build would check it, and so that a stock build gets a clear explanation, not a typo verdict.
 * Argument counts and contexts follow each module's `ngx_command_t` table (checked against Debian's builds of the
 * packaged ones: lua, headers-more, brotli, geoip2, modsecurity).
 */
export const THIRD_PARTY_MODULES = {
  lua: {
    name: 'ngx_http_lua_module',
    url: 'https://github.com/openresty/lua-nginx-module',
    summary: 'OpenResty Lua scripting',
    files: ['ngx_http_lua_module.so'],
    debian: ['libnginx-mod-http-lua'],
  },
  streamLua: {
    name: 'ngx_stream_lua_module',
    url: 'https://github.com/openresty/stream-lua-nginx-module',
    summary: 'OpenResty Lua scripting for stream',
    files: ['ngx_stream_lua_module.so'],
  },
  headersMore: {
    name: 'headers-more-nginx-module',
    url: 'https://github.com/openresty/headers-more-nginx-module',
    summary: 'set and clear request and response headers',
    files: ['ngx_http_headers_more_filter_module.so'],
    debian: ['libnginx-mod-http-headers-more-filter'],
  },
  upstreamCheck: {
    name: 'nginx_upstream_check_module',
    url: 'https://github.com/yaoweibin/nginx_upstream_check_module',
    summary: 'active health checks for upstream servers (Tengine)',
    files: [],
  },
  brotli: {
    name: 'ngx_brotli',
    url: 'https://github.com/google/ngx_brotli',
    summary: 'Brotli compression',
    files: ['ngx_http_brotli_filter_module.so', 'ngx_http_brotli_static_module.so'],
    debian: ['libnginx-mod-http-brotli-filter', 'libnginx-mod-http-brotli-static'],
  },
  vts: {
    name: 'nginx-module-vts',
    url: 'https://github.com/vozlt/nginx-module-vts',
    summary: 'virtual host traffic status',
    files: ['ngx_http_vhost_traffic_status_module.so'],
  },
  geoip2: {
    name: 'ngx_http_geoip2_module',
    url: 'https://github.com/leev/ngx_http_geoip2_module',
    summary: 'MaxMind GeoIP2 lookups',
    files: ['ngx_http_geoip2_module.so'],
    debian: ['libnginx-mod-http-geoip2'],
  },
  modsecurity: {
    name: 'ModSecurity-nginx',
    url: 'https://github.com/owasp-modsecurity/ModSecurity-nginx',
    summary: 'the ModSecurity web application firewall',
    files: ['ngx_http_modsecurity_module.so'],
    debian: ['libnginx-mod-http-modsecurity'],
  },
  pagespeed: {
    name: 'ngx_pagespeed',
    url: 'https://github.com/apache/incubator-pagespeed-ngx',
    summary: 'PageSpeed page optimisation',
    files: ['ngx_pagespeed.so'],
  },
  echo: {
    name: 'echo-nginx-module',
    url: 'https://github.com/openresty/echo-nginx-module',
    summary: 'echo, sleep and subrequest helpers',
    files: ['ngx_http_echo_module.so'],
    debian: ['libnginx-mod-http-echo'],
  },
  setMisc: {
    name: 'set-misc-nginx-module',
    url: 'https://github.com/openresty/set-misc-nginx-module',
    summary: 'extra `set_*` directives',
    files: ['ngx_http_set_misc_module.so'],
    debian: ['libnginx-mod-http-set-misc'],
  },
  sticky: {
    name: 'nginx-sticky-module-ng',
    url: 'https://bitbucket.org/nginx-goodies/nginx-sticky-module-ng',
    summary: 'cookie-based session affinity',
    files: ['ngx_http_sticky_module.so'],
  },
  cachePurge: {
    name: 'ngx_cache_purge',
    url: 'https://github.com/FRiCKLE/ngx_cache_purge',
    summary: 'purging of cached responses',
    files: ['ngx_http_cache_purge_module.so'],
    debian: ['libnginx-mod-http-cache-purge'],
  },
  ndk: {
    name: 'ngx_devel_kit',
    url: 'https://github.com/vision5/ngx_devel_kit',
    summary: 'the Nginx Development Kit',
    files: ['ndk_http_module.so'],
    debian: ['libnginx-mod-http-ndk'],
  },
  authPam: {
    name: 'ngx_http_auth_pam_module',
    url: 'https://github.com/sto/ngx_http_auth_pam_module',
    summary: 'PAM authentication',
    files: ['ngx_http_auth_pam_module.so'],
    debian: ['libnginx-mod-http-auth-pam'],
  },
  davExt: {
    name: 'nginx-dav-ext-module',
    url: 'https://github.com/arut/nginx-dav-ext-module',
    summary: 'the WebDAV methods PROPFIND, OPTIONS, LOCK and UNLOCK',
    files: ['ngx_http_dav_ext_module.so'],
    debian: ['libnginx-mod-http-dav-ext'],
  },
  fancyindex: {
    name: 'ngx-fancyindex',
    url: 'https://github.com/aperezdc/ngx-fancyindex',
    summary: 'styled directory listings',
    files: ['ngx_http_fancyindex_module.so'],
    debian: ['libnginx-mod-http-fancyindex'],
  },
  subsFilter: {
    name: 'ngx_http_substitutions_filter_module',
    url: 'https://github.com/yaoweibin/ngx_http_substitutions_filter_module',
    summary: 'regular-expression substitutions in response bodies',
    files: ['ngx_http_subs_filter_module.so'],
    debian: ['libnginx-mod-http-subs-filter'],
  },
  uploadProgress: {
    name: 'nginx-upload-progress-module',
    url: 'https://github.com/masterzen/nginx-upload-progress-module',
    summary: 'upload progress reports',
    files: ['ngx_http_uploadprogress_module.so'],
    debian: ['libnginx-mod-http-uploadprogress'],
  },
  nchan: {
    name: 'nchan',
    url: 'https://github.com/slact/nchan',
    summary: 'pub/sub over WebSocket, EventSource and long-polling',
    files: ['ngx_nchan_module.so'],
    debian: ['libnginx-mod-nchan'],
  },
  rtmp: {
    name: 'nginx-rtmp-module',
    url: 'https://github.com/arut/nginx-rtmp-module',
    summary: 'RTMP media streaming',
    files: ['ngx_rtmp_module.so'],
    debian: ['libnginx-mod-rtmp'],
  },
  memc: {
    name: 'memc-nginx-module',
    url: 'https://github.com/openresty/memc-nginx-module',
    summary: 'the full memcached protocol',
    files: ['ngx_http_memc_module.so'],
    debian: ['libnginx-mod-http-memc'],
  },
  srcache: {
    name: 'srcache-nginx-module',
    url: 'https://github.com/openresty/srcache-nginx-module',
    summary: 'a transparent subrequest-based cache',
    files: ['ngx_http_srcache_filter_module.so'],
    debian: ['libnginx-mod-http-srcache-filter'],
  },
  upstreamFair: {
    name: 'nginx-upstream-fair',
    url: 'https://github.com/gnosek/nginx-upstream-fair',
    summary: 'a load balancer that sends requests to the least busy server',
    files: ['ngx_http_upstream_fair_module.so'],
    debian: ['libnginx-mod-http-upstream-fair'],
  },
  streamGeoip2: {
    name: 'ngx_stream_geoip2_module',
    url: 'https://github.com/leev/ngx_http_geoip2_module',
    summary: 'MaxMind GeoIP2 lookups for stream',
    files: ['ngx_stream_geoip2_module.so'],
    debian: ['libnginx-mod-stream-geoip2'],
  },
  naxsi: {
    name: 'naxsi',
    url: 'https://github.com/nbs-system/naxsi',
    summary: 'a web application firewall',
    files: ['ngx_http_naxsi_module.so'],
  },
  vod: {
    name: 'nginx-vod-module',
    url: 'https://github.com/kaltura/nginx-vod-module',
    summary: 'on-the-fly video packaging (HLS, DASH)',
    files: ['ngx_http_vod_module.so'],
  },
  secureToken: {
    name: 'nginx-secure-token-module',
    url: 'https://github.com/kaltura/nginx-secure-token-module',
    summary: 'CDN tokens for media URLs',
    files: ['ngx_http_secure_token_filter_module.so'],
  },
  ipscrub: {
    name: 'ipscrub',
    url: 'https://github.com/masonicboom/ipscrub',
    summary: 'IP address hashing in logs',
    files: ['ngx_ipscrub_module.so'],
  },
  dynTlsRecords: {
    name: "Cloudflare's dynamic TLS records patch",
    url: 'https://github.com/cloudflare/sslconfig',
    summary: 'TLS record sizes that grow with the connection (a patch to nginx, compiled in)',
    files: [],
  },
} as const satisfies Record<string, ThirdPartyModule>;

export type ThirdPartyKey = keyof typeof THIRD_PARTY_MODULES;

/**
 * nginx's own modules that no nginx build includes unless added as a separate module (njs lives in its own
 * repository): their directives are in the stock table, but Debian's nginx rejects them without `load_module`.
 */
export const SEPARATE_NGINX_MODULES: Readonly<Record<string, ThirdPartyModule>> = {
  ngx_http_js_module: {
    name: 'njs (ngx_http_js_module)',
    url: 'https://github.com/nginx/njs',
    summary: 'JavaScript scripting',
    files: ['ngx_http_js_module.so'],
    debian: ['libnginx-mod-http-js'],
  },
  ngx_stream_js_module: {
    name: 'njs (ngx_stream_js_module)',
    url: 'https://github.com/nginx/njs',
    summary: 'JavaScript scripting for stream',
    files: ['ngx_stream_js_module.so'],
    debian: ['libnginx-mod-stream-js'],
  },
};

const H: readonly BlockContext[] = ['http'];
const HS: readonly BlockContext[] = ['http', 'server'];
const HSL: readonly BlockContext[] = ['http', 'server', 'location'];
const HSLI: readonly BlockContext[] = ['http', 'server', 'location', 'if-location'];
const SII: readonly BlockContext[] = ['server', 'location', 'if', 'if-location'];
const LI: readonly BlockContext[] = ['location', 'if-location'];
const L: readonly BlockContext[] = ['location'];
const U: readonly BlockContext[] = ['upstream'];


/** [name, module, contexts, block, args]. */
type Row = readonly [string, ThirdPartyKey, readonly BlockContext[], boolean, ArgSpec];

/** ngx_http_lua_module's phase handlers: `*_by_lua` (inline, deprecated), `*_by_lua_block` and `*_by_lua_file`. */
function luaPhase(phase: string, contexts: readonly BlockContext[]): Row[] {
  return [
    [`${phase}_by_lua`, 'lua', contexts, false, one],
    [`${phase}_by_lua_block`, 'lua', contexts, true, none],
    [`${phase}_by_lua_file`, 'lua', contexts, false, one],
  ];
}

const ROWS: readonly Row[] = [
  // OpenResty lua-nginx-module (0.10.x)
  ...luaPhase('init', H),
  ...luaPhase('init_worker', H),
  ...luaPhase('exit_worker', H).filter((r) => r[0] !== 'exit_worker_by_lua'),
  ...luaPhase('set', SII).map((r): Row => (r[0].endsWith('_block') ? [r[0], r[1], r[2], true, one] : [r[0], r[1], r[2], false, more2])),
  ...luaPhase('server_rewrite', HS),
  ...luaPhase('rewrite', HSLI),
  ...luaPhase('access', HSLI),
  ...luaPhase('content', LI),
  ...luaPhase('header_filter', HSLI),
  ...luaPhase('body_filter', HSLI),
  ...luaPhase('log', HSLI),
  ...luaPhase('balancer', U).filter((r) => r[0] !== 'balancer_by_lua'),
  ...luaPhase('ssl_certificate', HS).filter((r) => r[0] !== 'ssl_certificate_by_lua'),
  ...luaPhase('ssl_client_hello', HS).filter((r) => r[0] !== 'ssl_client_hello_by_lua'),
  ...luaPhase('ssl_session_fetch', H).filter((r) => r[0] !== 'ssl_session_fetch_by_lua'),
  ...luaPhase('ssl_session_store', H).filter((r) => r[0] !== 'ssl_session_store_by_lua'),
  ['lua_shared_dict', 'lua', H, false, two],
  ['lua_package_path', 'lua', H, false, one],
  ['lua_package_cpath', 'lua', H, false, one],
  ['lua_code_cache', 'lua', HSLI, false, flag],
  ['lua_need_request_body', 'lua', HSLI, false, flag],
  ['lua_socket_connect_timeout', 'lua', HSLI, false, one],
  ['lua_socket_send_timeout', 'lua', HSLI, false, one],
  ['lua_socket_read_timeout', 'lua', HSLI, false, one],
  ['lua_socket_buffer_size', 'lua', HSLI, false, one],
  ['lua_socket_pool_size', 'lua', HSLI, false, one],
  ['lua_socket_keepalive_timeout', 'lua', HSLI, false, one],
  ['lua_socket_log_errors', 'lua', HSLI, false, flag],
  ['lua_socket_send_lowat', 'lua', HSLI, false, one],
  ['lua_ssl_conf_command', 'lua', HSL, false, two],
  ['lua_ssl_trusted_certificate', 'lua', HSL, false, one],
  ['lua_ssl_verify_depth', 'lua', HSL, false, one],
  ['lua_ssl_protocols', 'lua', HSL, false, more1],
  ['lua_ssl_ciphers', 'lua', HSL, false, one],
  ['lua_ssl_certificate', 'lua', HSL, false, one],
  ['lua_ssl_certificate_key', 'lua', HSL, false, one],
  ['lua_ssl_crl', 'lua', HSL, false, one],
  ['lua_max_running_timers', 'lua', H, false, one],
  ['lua_max_pending_timers', 'lua', H, false, one],
  ['lua_regex_cache_max_entries', 'lua', H, false, one],
  ['lua_regex_match_limit', 'lua', H, false, one],
  ['lua_shared_dict', 'lua', H, false, two],
  ['lua_use_default_type', 'lua', HSLI, false, flag],
  ['lua_malloc_trim', 'lua', H, false, one],
  ['lua_http10_buffering', 'lua', HSLI, false, flag],
  ['lua_check_client_abort', 'lua', HSLI, false, flag],
  ['lua_transform_underscores_in_response_headers', 'lua', HSLI, false, flag],
  ['lua_thread_cache_max_entries', 'lua', H, false, one],
  ['lua_sa_restart', 'lua', H, false, flag],
  ['lua_worker_thread_vm_pool_size', 'lua', H, false, one],
  // Deprecated: its own handler only warns, whatever the value.
  ['lua_load_resty_core', 'lua', H, false, one],
  ['lua_capture_error_log', 'lua', H, false, one],
  ['lua_postpone_output', 'lua', HSLI, false, one],
  ['access_by_lua_no_postpone', 'lua', H, false, flag],
  ['rewrite_by_lua_no_postpone', 'lua', H, false, flag],
  ['ssl_session_fetch_by_lua_file', 'lua', H, false, one],
  ['lua_fake_shm', 'lua', H, false, two],

  // headers-more
  ['more_set_headers', 'headersMore', HSLI, false, more1],
  ['more_clear_headers', 'headersMore', HSLI, false, more1],
  ['more_set_input_headers', 'headersMore', HSLI, false, more1],
  ['more_clear_input_headers', 'headersMore', HSLI, false, more1],

  // nginx_upstream_check_module
  ['check', 'upstreamCheck', U, false, more1],
  ['check_keepalive_requests', 'upstreamCheck', U, false, one],
  ['check_http_send', 'upstreamCheck', U, false, one],
  ['check_http_expect_alive', 'upstreamCheck', U, false, more1],
  ['check_fastcgi_param', 'upstreamCheck', U, false, two],
  ['check_shm_size', 'upstreamCheck', H, false, one],
  ['check_status', 'upstreamCheck', L, false, take(0, 1)],

  // ngx_brotli
  ['brotli', 'brotli', HSLI, false, flag],
  ['brotli_static', 'brotli', HSL, false, one],
  ['brotli_comp_level', 'brotli', HSL, false, one],
  ['brotli_types', 'brotli', HSL, false, more1],
  ['brotli_buffers', 'brotli', HSL, false, two],
  ['brotli_min_length', 'brotli', HSL, false, one],
  ['brotli_window', 'brotli', HSL, false, one],

  // nginx-module-vts
  ['vhost_traffic_status', 'vts', HSL, false, flag],
  ['vhost_traffic_status_zone', 'vts', H, false, any],
  ['vhost_traffic_status_display', 'vts', HSL, false, none],
  ['vhost_traffic_status_display_format', 'vts', HSL, false, one],
  ['vhost_traffic_status_display_jsonp', 'vts', HSL, false, one],
  ['vhost_traffic_status_display_sum_key', 'vts', HSL, false, one],
  ['vhost_traffic_status_filter', 'vts', HSL, false, flag],
  ['vhost_traffic_status_filter_by_host', 'vts', HSL, false, flag],
  ['vhost_traffic_status_filter_by_set_key', 'vts', HSL, false, take(1, 2)],
  ['vhost_traffic_status_filter_check_duplicate', 'vts', HSL, false, flag],
  ['vhost_traffic_status_filter_max_node', 'vts', H, false, more1],
  ['vhost_traffic_status_limit', 'vts', HSL, false, flag],
  ['vhost_traffic_status_limit_traffic', 'vts', HSL, false, take(1, 2)],
  ['vhost_traffic_status_limit_traffic_by_set_key', 'vts', HSL, false, take(2, 3)],
  ['vhost_traffic_status_limit_check_duplicate', 'vts', HSL, false, flag],
  ['vhost_traffic_status_set_by_filter', 'vts', SII, false, two],
  ['vhost_traffic_status_average_method', 'vts', HSL, false, take(1, 2)],
  ['vhost_traffic_status_histogram_buckets', 'vts', HSL, false, more1],
  ['vhost_traffic_status_bypass_limit', 'vts', HSL, false, flag],
  ['vhost_traffic_status_bypass_stats', 'vts', HSL, false, flag],
  ['vhost_traffic_status_dump', 'vts', H, false, take(1, 2)],

  // ngx_http_geoip2_module
  ['geoip2', 'geoip2', H, true, one],
  ['geoip2_proxy', 'geoip2', H, false, one],
  ['geoip2_proxy_recursive', 'geoip2', H, false, flag],

  // ModSecurity-nginx
  ['modsecurity', 'modsecurity', HSL, false, flag],
  ['modsecurity_rules', 'modsecurity', HSL, false, one],
  ['modsecurity_rules_file', 'modsecurity', HSL, false, one],
  ['modsecurity_rules_remote', 'modsecurity', HSL, false, two],
  ['modsecurity_transaction_id', 'modsecurity', HSL, false, more1],

  // ngx_pagespeed: one directive with the option name and its values as arguments.
  ['pagespeed', 'pagespeed', HSL, false, more1],

  // echo-nginx-module
  ['echo', 'echo', LI, false, any],
  ['echo_duplicate', 'echo', LI, false, more2],
  ['echo_sleep', 'echo', LI, false, one],
  ['echo_location', 'echo', LI, false, take(1, 2)],
  ['echo_location_async', 'echo', LI, false, take(1, 2)],
  ['echo_exec', 'echo', LI, false, take(1, 2)],
  ['echo_status', 'echo', LI, false, one],

  // nginx-sticky-module-ng: `sticky` in an upstream (NGINX Plus has its own `sticky`).
  ['sticky', 'sticky', U, false, any],

  // ngx_cache_purge
  ['proxy_cache_purge', 'cachePurge', HSL, false, more1],
  ['fastcgi_cache_purge', 'cachePurge', HSL, false, more1],
  ['scgi_cache_purge', 'cachePurge', HSL, false, more1],
  ['uwsgi_cache_purge', 'cachePurge', HSL, false, more1],

  // nginx-rtmp-module: its `rtmp {}` block holds RTMP contexts nginx-ws does not model.
  ['rtmp', 'rtmp', ['main'], true, none],

  ...DEBIAN_MODULE_ROWS,
  ...SOURCE_MODULE_ROWS,
];

export interface ThirdPartyRow {
  name: string;
  module: ThirdPartyModule;
  contexts: readonly BlockContext[];
  block: boolean;
  args: ArgSpec;
}

/** All rows, one per directive name and module (duplicates in the list above are dropped). */
export function thirdPartyRows(): ThirdPartyRow[] {
  const seen = new Set<string>();
  const out: ThirdPartyRow[] = [];
  for (const [name, key, contexts, block, args] of ROWS) {
    if (seen.has(`${key}:${name}`)) continue;
    seen.add(`${key}:${name}`);
    out.push({ name, module: THIRD_PARTY_MODULES[key], contexts, block, args });
  }
  return out;
}


import type { ArgSpec, BlockContext } from './types';

/**
 * What nginx's `ngx_command_t` tables say where the reference's syntax line cannot tell: the syntax shows what is
 * meaningful, the table what the parser accepts before the handler looks at the values. Each entry was checked
 * against the command tables of Debian's nginx 1.22 build and its dynamic modules (test/unit/reference compares
 * the table with the binary on every run), or nginx's current source where a directive changed since.
 */
export interface Override {
  args?: ArgSpec;
  /** Replaces the contexts of the reference. */
  contexts?: readonly BlockContext[];
  /** Whether the handler wants `on`/`off`; set to false where the syntax says on|off but the handler is an enum. */
  onOff?: boolean;
}

const take = (...counts: number[]): ArgSpec => ({ kind: 'take', counts });
const more1: ArgSpec = { kind: 'more', min: 1 };

/** `*_ssl_protocols`: each protocol is an optional word in the syntax, but nginx wants at least one (1MORE). */
const sslProtocols = [
  'ngx_http_ssl_module:ssl_protocols',
  'ngx_http_proxy_module:proxy_ssl_protocols',
  'ngx_http_uwsgi_module:uwsgi_ssl_protocols',
  'ngx_http_grpc_module:grpc_ssl_protocols',
  'ngx_stream_ssl_module:ssl_protocols',
  'ngx_stream_proxy_module:proxy_ssl_protocols',
  'ngx_mail_ssl_module:ssl_protocols',
  'ngx_http_js_module:js_fetch_protocols',
  'ngx_stream_js_module:js_fetch_protocols',
];

/** Keyed by `module:name`. */
export const OVERRIDES: Readonly<Record<string, Override>> = {
  ...Object.fromEntries(sslProtocols.map((k) => [k, { args: more1 }])),
  // `error_log file [level...]`: several levels may follow (1MORE), not the three words of the syntax.
  'ngx_core_module:error_log': { args: more1 },
  'ngx_http_log_module:access_log': { args: more1 },
  'ngx_stream_log_module:access_log': { args: more1 },
  // `server address [parameters]`: "parameters" stands for any number of them.
  'ngx_http_upstream_module:server': { args: more1 },
  'ngx_stream_upstream_module:server': { args: more1 },
  // `users:permissions ...` takes at most three (user, group, all).
  'ngx_http_dav_module:dav_access': { args: take(1, 2, 3) },
  'ngx_http_proxy_module:proxy_store_access': { args: take(1, 2, 3) },
  'ngx_http_fastcgi_module:fastcgi_store_access': { args: take(1, 2, 3) },
  'ngx_http_uwsgi_module:uwsgi_store_access': { args: take(1, 2, 3) },
  'ngx_http_scgi_module:scgi_store_access': { args: take(1, 2, 3) },
  'ngx_http_userid_module:userid_flags': { args: take(1, 2, 3) },
  'ngx_http_core_module:keepalive_disable': { args: take(1, 2) },
  'ngx_http_proxy_module:proxy_cookie_flags': { args: take(1, 2, 3, 4) },
  // `sync` is an NGINX Plus parameter: open-source nginx takes exactly three.
  'ngx_http_limit_req_module:limit_req_zone': { args: take(3) },
  'ngx_http_ssl_module:ssl_session_cache': { args: take(1, 2) },
  'ngx_stream_ssl_module:ssl_session_cache': { args: take(1, 2) },
  'ngx_mail_ssl_module:ssl_session_cache': { args: take(1, 2) },
  'ngx_http_ssl_module:ssl_ocsp_cache': { args: take(1) },
  // `stub_status` still takes the argument it had before 1.7.5 (ignored).
  'ngx_http_stub_status_module:stub_status': { args: take(0, 1) },
  // The condition is parsed by the `if` handler from any number of words.
  'ngx_http_rewrite_module:if': { args: more1 },
  // `js_import module.js` or `js_import name from module.js`.
  'ngx_http_js_module:js_import': { args: take(1, 3) },
  'ngx_stream_js_module:js_import': { args: take(1, 3) },
  'ngx_http_perl_module:perl': { args: take(1) },
  'ngx_http_perl_module:perl_set': { args: take(2) },
  'ngx_http_geoip_module:geoip_country': { args: take(1, 2) },
  'ngx_http_geoip_module:geoip_org': { args: take(1, 2) },
  'ngx_http_geoip_module:geoip_city': { args: take(1, 2) },
  'ngx_stream_geoip_module:geoip_country': { args: take(1, 2) },
  'ngx_stream_geoip_module:geoip_org': { args: take(1, 2) },
  'ngx_stream_geoip_module:geoip_city': { args: take(1, 2) },
  // The reference lists these for `location` only; nginx accepts them at every http level.
  'ngx_http_fastcgi_module:fastcgi_split_path_info': { contexts: ['http', 'server', 'location'] },
  'ngx_http_secure_link_module:secure_link_secret': { contexts: ['http', 'server', 'location'] },
};

/** [name, module, contexts, args, onOff] */
type ExtraRow = readonly [string, string, readonly BlockContext[], ArgSpec, boolean];

const one = take(1);
const flag: ArgSpec = { kind: 'flag' };
const HSL: readonly BlockContext[] = ['http', 'server', 'location'];

/**
 * Directives nginx accepts that the reference does not document (obsolete ones nginx still reads with a warning,
 * internal tuning knobs). Without them a working config would get an "unknown directive" error.
 */
export const EXTRA_DIRECTIVES: readonly ExtraRow[] = [
  ['epoll_events', 'ngx_core_module', ['events'], one, false],
  ['post_action', 'ngx_http_core_module', ['http', 'server', 'location', 'if-location'], one, false],
  ['open_file_cache_events', 'ngx_http_core_module', HSL, flag, true],
  ['gzip_window', 'ngx_http_gzip_module', HSL, one, false],
  ['gzip_hash', 'ngx_http_gzip_module', HSL, one, false],
  ['postpone_gzipping', 'ngx_http_gzip_module', HSL, one, false],
  ['gzip_no_buffer', 'ngx_http_gzip_module', HSL, flag, true],
  ['ssi_ignore_recycled_buffers', 'ngx_http_ssi_module', HSL, flag, true],
  ['http2_pool_size', 'ngx_http_v2_module', ['http', 'server'], one, false],
  ['http2_streams_index_size', 'ngx_http_v2_module', ['http', 'server'], one, false],
  ['uwsgi_string', 'ngx_http_uwsgi_module', HSL, one, false],
  ['proxy_downstream_buffer', 'ngx_stream_proxy_module', ['stream', 'stream-server'], one, false],
  ['proxy_upstream_buffer', 'ngx_stream_proxy_module', ['stream', 'stream-server'], one, false],
  ['proxy', 'ngx_mail_proxy_module', ['mail', 'mail-server'], flag, true],
];

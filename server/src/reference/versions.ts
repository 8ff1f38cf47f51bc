/**
 * When open-source nginx gained or lost directives and parameters that users of nginx 1.18-1.31 meet, from nginx's
 * CHANGES (docs/xml/nginx/changes.xml). Read by the version-unsupported and deprecated-directive rules.
 */

/** Directives by the version that added them: an older nginx fails with `unknown directive`. */
export const DIRECTIVE_ADDED: Readonly<Record<string, string>> = {
  auth_delay: '1.17.10',
  proxy_cookie_flags: '1.19.3',
  userid_flags: '1.19.3',
  ssl_conf_command: '1.19.4',
  proxy_ssl_conf_command: '1.19.4',
  grpc_ssl_conf_command: '1.19.4',
  uwsgi_ssl_conf_command: '1.19.4',
  ssl_reject_handshake: '1.19.4',
  keepalive_time: '1.19.10',
  proxy_half_close: '1.21.4',
  ssl_alpn: '1.21.4',
  mp4_start_key_frame: '1.21.4',
  http3: '1.25.0',
  http3_hq: '1.25.0',
  http3_max_concurrent_streams: '1.25.0',
  http3_stream_buffer_size: '1.25.0',
  quic_retry: '1.25.0',
  quic_gso: '1.25.0',
  quic_host_key: '1.25.0',
  quic_bpf: '1.25.0',
  quic_active_connection_id_limit: '1.25.0',
  http2: '1.25.1',
  proxy_pass_trailers: '1.27.2',
  keepalive_min_timeout: '1.27.4',
  ssl_certificate_cache: '1.27.4',
  proxy_ssl_certificate_cache: '1.27.4',
  grpc_ssl_certificate_cache: '1.27.4',
  uwsgi_ssl_certificate_cache: '1.27.4',
  ssl_object_cache_inheritable: '1.27.4',
  early_hints: '1.29.0',
  ssl_certificate_compression: '1.29.1',
  add_header_inherit: '1.29.3',
  add_trailer_inherit: '1.29.3',
  ssl_ech_file: '1.29.4',
  // Not max_headers (1.29.8): Debian backports it to 1.22.1 as a security fix, so a version alone cannot rule it out.
  xml_external_entities: '1.31.3',
};

/** Parameters by directive, context and the version that added them: an older nginx says `invalid parameter`. */
export const PARAMETER_ADDED: readonly { directive: string; context: string; word: string; since: string }[] = [
  { directive: 'listen', context: 'server', word: 'quic', since: '1.25.0' },
  { directive: 'listen', context: 'server', word: 'multipath', since: '1.29.7' },
  { directive: 'listen', context: 'stream-server', word: 'multipath', since: '1.29.7' },
  { directive: 'listen', context: 'mail-server', word: 'multipath', since: '1.29.7' },
  { directive: 'server', context: 'upstream', word: 'resolve', since: '1.27.3' },
  { directive: 'server', context: 'upstream', word: 'drain', since: '1.29.6' },
];

/** Directives removed outright: from that version on, nginx fails with `unknown directive`. */
export const DIRECTIVE_REMOVED: Readonly<Record<string, { since: string; deprecated: string; instead: string }>> = {
  ssl: { since: '1.25.1', deprecated: '1.15.0', instead: 'listen ... ssl' },
};

/** Directives that nginx still reads but ignores from a version on, with its warning's replacement. */
export const DIRECTIVE_OBSOLETE: Readonly<Record<string, { since: string; instead?: string }>> = {
  http2_recv_timeout: { since: '1.19.7', instead: 'client_header_timeout' },
  http2_idle_timeout: { since: '1.19.7', instead: 'keepalive_timeout' },
  http2_max_requests: { since: '1.19.7', instead: 'keepalive_requests' },
  http2_max_field_size: { since: '1.19.7', instead: 'large_client_header_buffers' },
  http2_max_header_size: { since: '1.19.7', instead: 'large_client_header_buffers' },
  http2_push: { since: '1.25.1' },
  http2_push_preload: { since: '1.25.1' },
};

/** `listen ... http2` is deprecated in favour of `http2 on;` from this version. */
export const LISTEN_HTTP2_DEPRECATED = '1.25.1';

/** Whether version `have` (`1.24.0`) is at least `want`. */
export function versionAtLeast(have: string, want: string): boolean {
  const a = have.split('.').map(Number);
  const b = want.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

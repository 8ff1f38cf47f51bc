/**
 * Modules of NGINX Plus, with the open-source nginx version that gained the module where one did (the reference
 * then marks the module's remaining Plus-only directives one by one, as for any open-source module). The reference says so on each module's page ("This module is available as
 * part of our commercial subscription"), which the library does not carry; single Plus-only directives of open-source
 * modules are recognised from their own description when the table is generated.
 */
export const PLUS_MODULES: ReadonlyMap<string, string | undefined> = new Map<string, string | undefined>([
  ['ngx_http_api_module', undefined],
  ['ngx_http_auth_jwt_module', undefined],
  ['ngx_http_auth_require_module', undefined],
  ['ngx_http_f4f_module', undefined],
  ['ngx_http_hls_module', undefined],
  ['ngx_http_internal_redirect_module', undefined],
  ['ngx_http_keyval_module', undefined],
  ['ngx_http_num_map_module', undefined],
  ['ngx_http_oidc_module', undefined],
  ['ngx_http_session_log_module', undefined],
  ['ngx_http_status_module', undefined],
  ['ngx_http_tunnel_module', '1.31.0'],
  ['ngx_http_upstream_conf_module', undefined],
  ['ngx_http_upstream_hc_module', undefined],
  ['ngx_mgmt_module', undefined],
  ['ngx_stream_keyval_module', undefined],
  ['ngx_stream_mqtt_filter_module', undefined],
  ['ngx_stream_mqtt_preread_module', undefined],
  ['ngx_stream_num_map_module', undefined],
  ['ngx_stream_upstream_hc_module', undefined],
  ['ngx_stream_zone_sync_module', undefined],
]);

import type { ConfigFile } from '../parser/ast';
import type { BlockContext } from '../rules/types';

const CONTEXTS: ReadonlySet<string> = new Set<BlockContext>([
  'main', 'events', 'http', 'server', 'location', 'if', 'if-location', 'limit_except',
  'upstream', 'mail', 'mail-server', 'stream', 'stream-server', 'stream-upstream',
]);

const MAIN_LEVEL = /^(http|events|stream|mail|worker_processes|user|pid|error_log|include|load_module|worker_rlimit_nofile)$/;
const HTTP_LEVEL = /^(server|upstream|map|geo|split_clients|limit_conn_zone|limit_req_zone|proxy_cache_path|log_format|types)$/;
const SERVER_LEVEL = /^(location|listen|server_name|proxy_pass|root|return|rewrite|ssl_certificate)$/;

/**
 * The context of a file's top level when nothing includes it: a `# nginx-ws: context=NAME` comment at the top wins;
 * otherwise its first telling directive decides (`server` → http, `location` → server, `http` → main).
 */
export function inferRootContext(file: ConfigFile): BlockContext {
  for (const c of file.children) {
    if (c.kind === 'directive') break;
    const m = /^\s*nginx-ws:\s*context\s*=\s*([a-z_-]+)/.exec(c.text);
    if (m && CONTEXTS.has(m[1])) return m[1] as BlockContext;
  }
  for (const c of file.children) {
    if (c.kind !== 'directive') continue;
    if (/^(http|events|stream|mail|worker_processes)$/.test(c.name)) return 'main';
    if (HTTP_LEVEL.test(c.name)) return 'http';
    if (SERVER_LEVEL.test(c.name)) return 'server';
    if (MAIN_LEVEL.test(c.name)) continue;
  }
  return 'main';
}

import type { Severity } from './types';

export type RuleLevel = Severity | 'off';

/** What the editor's `nginxWs.*` settings and the CLI's flags configure. */
export interface Settings {
  /** Per rule id: a severity, or `off`. */
  rules: Record<string, RuleLevel>;
  /** The nginx version the config runs on; undefined means unknown (older than 1.29.7 is assumed). */
  nginxVersion?: string;
  /** Seconds between the application's WebSocket heartbeats; undefined when the user has not said. */
  heartbeatInterval?: number;
  /** Extra path patterns (regular expressions) that mark a location as a WebSocket endpoint. */
  websocketPaths: string[];
  /** The nginx prefix that relative `include` paths start from; defaults to the main config's folder. */
  prefix?: string;
  /** Globs naming files that are templates, besides those nginx-ws recognises by name or content. */
  templates: string[];
}

/** The heartbeat that timeouts are weighed against when the user has not named one. */
export const ASSUMED_HEARTBEAT_SECONDS = 30;

/** nginx 1.29.7 made HTTP/1.1 the default `proxy_http_version`; an unknown version is assumed older. */
export function defaultProxyHttpVersion(settings: Settings): '1.0' | '1.1' {
  const v = settings.nginxVersion?.split('.').map(Number);
  if (!v) return '1.0';
  const [major = 0, minor = 0, patch = 0] = v;
  return major > 1 || (major === 1 && (minor > 29 || (minor === 29 && patch >= 7))) ? '1.1' : '1.0';
}

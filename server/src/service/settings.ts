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

/** An nginx version as users write it: `1.25` or `1.25.3`. */
export const NGINX_VERSION_RE = /^\d+\.\d+(\.\d+)?$/;

export const defaultSettings: Settings = {
  rules: {},
  websocketPaths: [],
  templates: [],
};

/** Merges partial, possibly ill-typed user input over the defaults; bad values are ignored, never fatal. */
export function resolveSettings(input: unknown): Settings {
  const s: Settings = { ...defaultSettings, rules: {} };
  if (!input || typeof input !== 'object') return s;
  const o = input as Record<string, unknown>;
  if (o.rules && typeof o.rules === 'object') {
    for (const [id, level] of Object.entries(o.rules as Record<string, unknown>)) {
      if (level === 'off' || level === 'error' || level === 'warning' || level === 'information' || level === 'hint') {
        s.rules[id] = level;
      }
    }
  }
  if (typeof o.nginxVersion === 'string' && NGINX_VERSION_RE.test(o.nginxVersion)) s.nginxVersion = o.nginxVersion;
  if (typeof o.heartbeatInterval === 'number' && o.heartbeatInterval > 0) s.heartbeatInterval = o.heartbeatInterval;
  if (Array.isArray(o.websocketPaths)) s.websocketPaths = o.websocketPaths.filter((p): p is string => typeof p === 'string');
  if (typeof o.prefix === 'string' && o.prefix) s.prefix = o.prefix;
  if (Array.isArray(o.templates)) s.templates = o.templates.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return s;
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

import type { Settings } from '../rules/settings';

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

// `.nginx-ws.json`: the project's settings in one file beside the configs, read by the CLI and the language
// server alike. Its keys are the `nginxWs.*` settings' names; paths in it are relative to its own folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NGINX_VERSION_RE } from './settings';

export const PROJECT_CONFIG_NAME = '.nginx-ws.json';

const LEVELS = ['off', 'error', 'warning', 'information', 'hint'];
/** A project file is a few lines; anything this big is not one. */
const MAX_BYTES = 1 << 20;

export interface ProjectConfig {
  /** The file's absolute path. */
  path: string;
  /** What it sets, as the settings object `resolveSettings` reads (`prefix` made absolute). */
  settings: Record<string, unknown>;
  /** The main configs it names, absolute. */
  mains: string[];
}

/** A file that exists but cannot be used, and why (one line, without the path). */
export interface ProjectConfigError {
  path: string;
  reason: string;
}

export type ProjectConfigResult = { config: ProjectConfig; error?: undefined } | { config?: undefined; error: ProjectConfigError };

/** The nearest `.nginx-ws.json` in `dir` or a folder above it. */
export function findProjectConfig(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const p = path.join(d, PROJECT_CONFIG_NAME);
    try {
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // Not here.
    }
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** Reads and checks the file at `p`. Never throws: a bad file is an error result. */
export function readProjectConfig(p: string, knownRules?: ReadonlySet<string>): ProjectConfigResult {
  let text: string;
  try {
    const st = fs.statSync(p);
    if (st.size > MAX_BYTES) return fail(p, `${st.size} bytes: too big for a settings file`);
    text = fs.readFileSync(p, 'utf8');
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : String(err);
    return fail(p, `cannot read it: ${code}`);
  }
  return parseProjectConfig(text, p, knownRules);
}

/** The nearest project file for `dir`, read; undefined when there is none. */
export function loadProjectConfig(dir: string, knownRules?: ReadonlySet<string>): ProjectConfigResult | undefined {
  const p = findProjectConfig(dir);
  return p === undefined ? undefined : readProjectConfig(p, knownRules);
}

function fail(p: string, reason: string): ProjectConfigResult {
  return { error: { path: p, reason } };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the text strictly, as the JSON schema does: a misspelt key or a wrong type is an error, not a
 * setting silently ignored. The first problem found is the message.
 */
export function parseProjectConfig(text: string, p: string, knownRules?: ReadonlySet<string>): ProjectConfigResult {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return fail(p, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isRecord(value)) return fail(p, 'not a JSON object ({ "nginxVersion": "1.24.0", ... })');
  const dir = path.dirname(p);
  const settings: Record<string, unknown> = {};
  const mains: string[] = [];
  const bad = (key: string, what: string): ProjectConfigResult => fail(p, `"${key}" ${what}`);
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case '$schema':
        break;
      case 'nginxVersion':
        if (typeof v !== 'string' || !NGINX_VERSION_RE.test(v)) return bad(key, `must be a version such as "1.24.0", not ${JSON.stringify(v)}`);
        settings.nginxVersion = v;
        break;
      case 'heartbeatInterval':
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return bad(key, `must be a positive number of seconds, not ${JSON.stringify(v)}`);
        settings.heartbeatInterval = v;
        break;
      case 'websocketPaths': {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return bad(key, 'must be a list of regular expressions (strings)');
        for (const re of v as string[]) {
          try {
            new RegExp(re);
          } catch {
            return bad(key, `holds ${JSON.stringify(re)}, which is not a regular expression`);
          }
        }
        settings.websocketPaths = v;
        break;
      }
      case 'rules': {
        if (!isRecord(v)) return bad(key, 'must be an object of rule id to level ({ "ws-read-timeout": "off" })');
        for (const [id, level] of Object.entries(v)) {
          if (typeof level !== 'string' || !LEVELS.includes(level)) {
            return bad(key, `gives ${JSON.stringify(id)} the level ${JSON.stringify(level)}: use one of ${LEVELS.join(', ')}`);
          }
          if (knownRules && !knownRules.has(id)) return bad(key, `names an unknown rule ${JSON.stringify(id)} (nginx-ws rules lists them)`);
        }
        settings.rules = v;
        break;
      }
      case 'templates':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) return bad(key, 'must be a list of globs (strings), such as "deploy/*.conf"');
        // A glob with a folder in it is relative to this file; a bare name matches in any folder, as in the setting.
        settings.templates = (v as string[]).map((g) => (g.includes('/') && !path.isAbsolute(g) ? path.resolve(dir, g) : g));
        break;
      case 'prefix':
        if (typeof v !== 'string' || v === '') return bad(key, 'must be a folder (relative to this file, or absolute)');
        settings.prefix = path.resolve(dir, v);
        break;
      case 'main': {
        const list = typeof v === 'string' ? [v] : v;
        if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string' && x !== '')) {
          return bad(key, 'must be a file, or a list of files (relative to this file, or absolute)');
        }
        for (const m of list as string[]) mains.push(path.resolve(dir, m));
        break;
      }
      default:
        return bad(key, `is not a setting (known: ${KEYS.join(', ')})`);
    }
  }
  return { config: { path: p, settings, mains } };
}

export const KEYS = ['nginxVersion', 'heartbeatInterval', 'websocketPaths', 'rules', 'templates', 'prefix', 'main'] as const;

/**
 * `over` on top of `base`, both settings objects: a key `over` sets wins, and `rules` merge per rule id,
 * so that an editor setting or a `--rule` for one rule keeps the file's levels for the others.
 */
export function overlaySettings(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    // An empty nginxVersion or prefix is the settings' way of saying "not set".
    if (v === undefined || v === '') continue;
    out[k] = k === 'rules' && isRecord(v) && isRecord(base.rules) ? { ...base.rules, ...v } : v;
  }
  return out;
}

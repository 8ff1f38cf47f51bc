import * as path from 'node:path';
import type { Directive, Statement } from '../parser/ast';
import { proxiedHost } from '../rules/websocket';
import { keepaliveOf } from '../rules/connectionMap';
import { connectionTokens, headerName, headerValue, isLiteral, soleVariable } from '../rules/proxyHeaders';
import { placeLabel } from '../rules/source';
import { effective, type Effective } from '../workspace/effective';
import type { FileInstance } from '../workspace/graph';
import { levelOf, parentScope, scopeDirectives, scopeDirectivesNamed, type Placed, type Scope } from '../workspace/scope';
import type { Workspace } from '../workspace/workspace';
import { rangeContains } from './analyze';
import { defaultProxyHttpVersion, type Settings } from '../rules/settings';
import type { Position } from '../rules/types';

/** Where a value comes from: a line of the config, or nginx's default. */
export interface Origin {
  kind: 'here' | 'inherited' | 'default';
  /** `line 12` in the file shown, `nginx.conf:12` in another; undefined for a default. */
  where?: string;
  /** The block that sets an inherited value (`server`, `http`). */
  level?: string;
}

export interface SettingRow {
  name: string;
  value: string;
  origin: Origin;
  /** For a default that depends on the nginx version, which rule decided it. */
  note?: string;
}

export interface HeaderRow {
  name: string;
  value: string;
  origin: Origin;
  /** nginx leaves out a header whose value is empty. */
  empty: boolean;
}

export interface UpstreamModel {
  name: string;
  where: string;
  servers: string[];
  /** `round-robin` when the upstream names no method. */
  balancing: string;
  /** The `keepalive` line's arguments, when the upstream keeps idle connections. */
  keepalive?: string;
}

export interface WebSocketVerdict {
  /** `yes`: every part of the handshake gets through; `no`: one certainly does not; `unsure`: the config cannot tell. */
  answer: 'yes' | 'no' | 'unsure';
  /** Short clauses: what is forwarded, or what is missing. */
  parts: string[];
}

/** What a `location` or `server` really runs with, and where each value comes from. */
export interface EffectiveConfig {
  kind: 'location' | 'server';
  /** `location /ws/`, `server example.com`. */
  title: string;
  file: string;
  line: number;
  proxyPass?: { target: string; where: string };
  /** Undefined when the block does not proxy (a server, or a location without proxy_pass). */
  websocket?: WebSocketVerdict;
  idle: SettingRow;
  settings: SettingRow[];
  headers: HeaderRow[];
  /** Lines of enclosing blocks that this block's own proxy_set_header list replaces. */
  dropped: (HeaderRow & { level: string })[];
  upstream?: UpstreamModel;
}

/** The headers nginx adds itself unless a proxy_set_header names them (ngx_http_proxy_headers), as they matter here. */
const NGINX_HEADERS: readonly [string, string][] = [
  ['Host', '$proxy_host'],
  ['Connection', 'close'],
];

const BALANCING = ['ip_hash', 'hash', 'least_conn', 'least_time', 'random', 'sticky', 'ntlm'];

const argsOf = (d: Directive): string => d.args.map((a) => a.raw).join(' ');

function originOf(eff: Effective, p: Placed | undefined, from: FileInstance): Origin {
  if (!p || eff.source === 'default') return { kind: 'default' };
  if (eff.source === 'here') return { kind: 'here', where: placeLabel(p, from) };
  return { kind: 'inherited', where: placeLabel(p, from), level: eff.from?.block?.name ?? 'http' };
}

function setting(scope: Scope, name: string, fallback: string): SettingRow {
  const eff = effective(scope, name);
  const p = eff.directives[eff.directives.length - 1];
  return { name, value: p ? argsOf(p.directive) : fallback, origin: originOf(eff, p, scope.instance) };
}

/** The innermost `location` (or else `server`) whose text holds the position. */
export function blockAt(list: readonly Statement[], pos: Position): Directive | undefined {
  for (const s of list) {
    if (s.kind !== 'directive' || !s.block || !rangeContains(s.range, pos)) continue;
    const inner = blockAt(s.block.children, pos);
    if (inner) return inner;
    if (s.name === 'location' || s.name === 'server') return s;
  }
  return undefined;
}

function titleOf(d: Directive, scope: Scope): string {
  if (d.name === 'location') return `location ${argsOf(d)}`;
  const names = scopeDirectivesNamed(scope, 'server_name').flatMap((p) => p.directive.args.map((a) => a.raw));
  return names.length > 0 ? `server ${names.join(' ')}` : 'server';
}

/** The value a `map` over `$http_upgrade` gives a handshake: its `default` line, when nothing else can match. */
function handshakeValue(ws: Workspace, instance: FileInstance, variable: string): string | undefined {
  const defs = ws.symbols(instance.tree).byName('variable', variable);
  const d = defs.length === 1 ? defs[0].directive : undefined;
  if (!d || d.name !== 'map' || d.args[0]?.value !== '$http_upgrade' || !d.block) return undefined;
  const lines = d.block.children.filter((c): c is Directive => c.kind === 'directive');
  // Only '' (plain requests) and default: any other key or an include could match `websocket` first.
  if (lines.some((l) => l.name !== 'default' && !(l.name === '' && l.nameQuote !== 'none'))) return undefined;
  return lines.find((l) => l.name === 'default')?.args[0]?.value;
}

function verdict(ws: Workspace, scope: Scope, headers: HeaderRow[], version: SettingRow): WebSocketVerdict {
  const missing: string[] = [];
  const unsure: string[] = [];
  const upgrade = headers.find((h) => h.name.toLowerCase() === 'upgrade');
  if (!upgrade || upgrade.empty) missing.push("the client's Upgrade header is not forwarded");
  else if (isLiteral(upgrade.value)) {
    // A fixed `websocket` makes every request through here a handshake, which works for a WebSocket-only path.
    if (!/\bwebsocket\b/i.test(upgrade.value)) missing.push(`Upgrade is ${upgrade.value}, not websocket`);
  } else if (soleVariable(upgrade.value) !== 'http_upgrade') unsure.push(`Upgrade is ${upgrade.value}`);
  const conn = headers.find((h) => h.name.toLowerCase() === 'connection');
  const value = conn?.value ?? 'close';
  if (isLiteral(value)) {
    if (!connectionTokens(value).includes('upgrade')) missing.push(`Connection is ${value === '' ? 'empty' : value}${conn?.origin.kind === 'default' ? " (nginx's default)" : ''}`);
  } else {
    const v = soleVariable(value);
    const mapped = v === undefined ? undefined : handshakeValue(ws, scope.instance, v);
    if (v !== 'http_connection' && !(mapped !== undefined && connectionTokens(mapped).includes('upgrade'))) unsure.push(`Connection is ${value}`);
  }
  if (version.value !== '1.1') {
    const why = version.origin.kind === 'default' ? (version.note ?? "nginx's default") : `proxy_http_version at ${version.origin.where ?? ''}`;
    missing.push(`HTTP/${version.value} (${why})`);
  }
  if (missing.length > 0) return { answer: 'no', parts: missing };
  if (unsure.length > 0) return { answer: 'unsure', parts: [...unsure, 'the config cannot tell what it holds on a handshake'] };
  return { answer: 'yes', parts: ['Upgrade and Connection forwarded', 'HTTP/1.1'] };
}

function headerRows(scope: Scope): { headers: HeaderRow[]; dropped: EffectiveConfig['dropped'] } {
  const eff = effective(scope, 'proxy_set_header');
  // nginx sends every line of the list, then its own defaults for the names the list does not set.
  const headers: HeaderRow[] = eff.directives.map((p) => {
    const value = headerValue(p.directive)?.value ?? '';
    return { name: p.directive.args[0]?.value ?? '', value, origin: originOf(eff, p, scope.instance), empty: value === '' };
  });
  const named = new Set(eff.directives.map((p) => headerName(p.directive)));
  for (const [name, value] of NGINX_HEADERS) if (!named.has(name.toLowerCase())) headers.push({ name, value, origin: { kind: 'default' }, empty: false });
  const dropped: EffectiveConfig['dropped'] = [];
  const parent = eff.source === 'here' ? parentScope(scope) : undefined;
  if (parent) {
    const up = effective(parent, 'proxy_set_header');
    for (const p of up.directives) {
      if (named.has(headerName(p.directive))) continue;
      const value = headerValue(p.directive)?.value ?? '';
      dropped.push({ name: p.directive.args[0]?.value ?? '', value, origin: originOf(up, p, scope.instance), empty: value === '', level: up.from?.block?.name ?? 'http' });
    }
  }
  return { headers, dropped };
}

function upstreamOf(ws: Workspace, proxyPass: Directive, instance: FileInstance): UpstreamModel | undefined {
  const host = proxiedHost(proxyPass);
  const def = host === undefined ? undefined : ws.symbols(instance.tree).byName('upstream', host)[0];
  if (!def?.directive.block) return undefined;
  const inner = scopeDirectives({ block: def.directive, instance: def.instance });
  const method = inner.find((p) => BALANCING.includes(p.directive.name))?.directive;
  const keepalive = keepaliveOf(def);
  return {
    name: def.name,
    where: placeLabel({ directive: def.directive, instance: def.instance }, instance),
    servers: inner.filter((p) => p.directive.name === 'server').map((p) => argsOf(p.directive)),
    balancing: method ? `${method.name}${method.args.length ? ` ${argsOf(method)}` : ''}` : 'round-robin',
    keepalive: keepalive && argsOf(keepalive),
  };
}

/** The effective configuration of a `location` or `server` block of `instance`. */
export function effectiveConfigOf(ws: Workspace, block: Directive, instance: FileInstance, settings: Settings): EffectiveConfig {
  const scope: Scope = { block, instance };
  const version = setting(scope, 'proxy_http_version', defaultProxyHttpVersion(settings));
  if (version.origin.kind === 'default') {
    version.note = settings.nginxVersion ? `nginx ${settings.nginxVersion}'s default` : 'default before nginx 1.29.7; set nginxVersion if newer';
  }
  const idle = setting(scope, 'proxy_read_timeout', '60s');
  const { headers, dropped } = headerRows(scope);
  const pass = block.name === 'location' ? scopeDirectivesNamed(scope, 'proxy_pass')[0] : undefined;
  const config: EffectiveConfig = {
    kind: block.name === 'server' ? 'server' : 'location',
    title: titleOf(block, scope),
    file: instance.path,
    line: block.range.start.line + 1,
    idle,
    settings: [
      version,
      idle,
      setting(scope, 'proxy_send_timeout', '60s'),
      setting(scope, 'proxy_connect_timeout', '60s'),
      setting(scope, 'proxy_buffering', 'on'),
    ],
    headers,
    dropped,
  };
  if (pass) {
    config.proxyPass = { target: pass.directive.args[0]?.raw ?? '', where: placeLabel(pass, instance) };
    config.websocket = verdict(ws, scope, headers, version);
    config.upstream = upstreamOf(ws, pass.directive, instance);
  }
  return config;
}

/** An http `location` or `server`: stream servers proxy no HTTP headers. */
function isShown(block: Directive, instance: FileInstance): boolean {
  const ctx = instance.contexts.get(block);
  return block.name === 'location' ? ctx === 'server' || ctx === 'location' : ctx === 'http';
}

/** A position in a line's indentation moves to its first word: the cursor at column 0 of `    location /x/ {` means the location. */
function atText(text: string, pos: Position): Position {
  let start = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return pos;
    start = nl + 1;
  }
  const indent = /^[ \t]*/.exec(text.slice(start, start + 4096))?.[0].length ?? 0;
  return pos.character < indent ? { line: pos.line, character: indent } : pos;
}

/** The effective configuration of the block around a position of a file, or why there is none. */
export function effectiveConfigAt(ws: Workspace, p: string, pos: Position, settings: Settings): EffectiveConfig | { error: string } {
  const instance = ws.instancesOf(p)[0];
  if (!instance) return { error: `${path.basename(p)} is not an nginx configuration nginx-ws has read` };
  const block = blockAt(instance.file.children, atText(instance.file.text, pos));
  if (block && isShown(block, instance)) return effectiveConfigOf(ws, block, instance, settings);
  // A snippet included into a location (`location /ws/ { include ws-proxy.conf; }`) runs with that location's settings.
  const site = block ? undefined : levelOf(instance);
  if (site?.block && isShown(site.block, site.instance)) return effectiveConfigOf(ws, site.block, site.instance, settings);
  return { error: `line ${pos.line + 1} of ${path.basename(p)} is not inside a location or server block` };
}

import type { ConfigFile, Directive } from '../parser/ast';
import type { BlockContext } from '../reference';
import type { RuleContext } from './types';
import { bitwardenHubPart } from './bitwardenHub';
import type { Settings } from './settings';
import { effectiveHeaders } from '../workspace/effective';
import { blockDirectives, type FileInstance } from '../workspace/graph';
import { scopeDirectivesNamed, type Scope } from '../workspace/scope';
import type { Definition, Symbols } from '../workspace/symbols';

/** A location (or an `if` inside one) that proxies WebSocket traffic, and why we think so. */
export interface WebSocketProxy {
  block: Directive;
  instance: FileInstance;
  scope: Scope;
  proxyPass: Directive;
  /** The `upstream` that `proxy_pass` names, when it names one. */
  upstream?: Definition;
  reasons: string[];
}

/**
 * Path segments that suggest a WebSocket endpoint. A hint only, never evidence: `/github/`, `/hub/negotiate` or
 * `/docs/websocket-guide/` are plain HTTP. Whole segments only: `/wsdl`, `/news` and `/websocket-guide` do not match.
 */
const ENDPOINT_SEGMENTS = new Set(['ws', 'wss', 'websocket', 'socket.io', 'sockjs', 'cable']);

const MARKER = /^\s*nginx-ws:\s*websocket\b/;

function pathSegments(p: string): string[] {
  return p
    .toLowerCase()
    .replace(/\\\./g, '.')
    .split(/[/^$\\()[\]{}|?*+~=\s]+/)
    .filter((w) => w.length > 0);
}

/** The segment of a location path or regex that names a WebSocket endpoint (`/ws/`, `~ ^/socket\.io/`), if one does. */
export function endpointSegment(locationArgs: string[]): string | undefined {
  return pathSegments(locationArgs[locationArgs.length - 1] ?? '').find((w) => ENDPOINT_SEGMENTS.has(w));
}

/** Whether the `websocketPaths` setting names this location path. */
function settingNames(locationArgs: string[], settings: Settings): boolean {
  const p = locationArgs[locationArgs.length - 1] ?? '';
  return settings.websocketPaths.some((re) => {
    try {
      return new RegExp(re).test(p);
    } catch {
      return false;
    }
  });
}

/**
 * Socket.IO, SockJS and SignalR fall back to long-polling over plain HTTP on the same path; `/` serves everything.
 * Bitwarden's hub is SignalR whose clients never fall back.
 */
export function servesPlainHttpToo(locationArgs: string[]): boolean {
  const p = (locationArgs[locationArgs.length - 1] ?? '').toLowerCase().replace(/\\\./g, '.');
  if (p === '/' || p === '^/' || p === '^/.*') return true;
  if (bitwardenHubPart(locationArgs)) return false;
  return /socket\.io|sockjs|signalr|engine\.io|hub|polling/.test(p);
}

/**
 * Whether a file has a marker comment at all: most have none, and looking for the comment before a location scans
 * its siblings.
 */
const markedFiles = new WeakMap<ConfigFile, boolean>();

function mayHaveMarkers(file: ConfigFile): boolean {
  let yes = markedFiles.get(file);
  if (yes === undefined) markedFiles.set(file, (yes = /nginx-ws:\s*websocket/.test(file.text)));
  return yes;
}

function hasMarker(d: Directive): boolean {
  const inBody = d.block?.children.some((c) => c.kind === 'comment' && MARKER.test(c.text)) ?? false;
  if (inBody) return true;
  const siblings = d.parent.kind === 'directive' ? (d.parent.block?.children ?? []) : d.parent.children;
  const i = siblings.indexOf(d);
  const prev = siblings[i - 1];
  return prev?.kind === 'comment' && MARKER.test(prev.text) && prev.range.end.line === d.range.start.line - 1;
}

/** The host a `proxy_pass` names (`http://app/...` → `app`), which may be an upstream. */
export function proxiedHost(proxyPass: Directive): string | undefined {
  return /^https?:\/\/([^/:$?]+)/.exec(proxyPass.args[0]?.value ?? '')?.[1];
}

function upstreamOf(proxyPass: Directive, symbols: Symbols): Definition | undefined {
  const host = proxiedHost(proxyPass);
  return host === undefined ? undefined : symbols.byName('upstream', host)[0];
}

const cache = new WeakMap<FileInstance, WeakMap<Settings, WebSocketProxy[]>>();

/** The WebSocket proxies of the rule's file. Precision first: a plain `location /api/ { proxy_pass ...; }` is not one. */
export function webSocketProxies(ctx: RuleContext): WebSocketProxy[] {
  let bySettings = cache.get(ctx.instance);
  if (!bySettings) cache.set(ctx.instance, (bySettings = new WeakMap()));
  let list = bySettings.get(ctx.settings);
  if (!list) bySettings.set(ctx.settings, (list = find(ctx)));
  return list;
}

const blockSets = new WeakMap<WebSocketProxy[], ReadonlySet<Directive>>();

/** The blocks (locations, `if`s) of `webSocketProxies(ctx)`: for "is this one of them" questions. */
export function webSocketBlocks(ctx: RuleContext): ReadonlySet<Directive> {
  const list = webSocketProxies(ctx);
  let set = blockSets.get(list);
  if (!set) blockSets.set(list, (set = new Set(list.map((w) => w.block))));
  return set;
}

/** A location, or an `if` inside one, with a `proxy_pass` of its own. */
export interface ProxyBlock {
  block: Directive;
  /** The block itself, or the location around an `if`. */
  location: Directive;
  proxyPass: Directive;
  /** The `upstream` that `proxy_pass` names, when it names one. */
  upstream?: Definition;
}

const proxyBlockCache = new WeakMap<FileInstance, WeakMap<Symbols, ProxyBlock[]>>();

/** The file's locations and location `if`s that pass requests on with their own `proxy_pass`, in file order. */
export function proxyBlocks(instance: FileInstance, symbols: Symbols): readonly ProxyBlock[] {
  let bySymbols = proxyBlockCache.get(instance);
  if (!bySymbols) proxyBlockCache.set(instance, (bySymbols = new WeakMap()));
  let list = bySymbols.get(symbols);
  if (!list) bySymbols.set(symbols, (list = findProxyBlocks(instance, symbols)));
  return list;
}

function findProxyBlocks(instance: FileInstance, symbols: Symbols): ProxyBlock[] {
  const out: ProxyBlock[] = [];
  const visit = (d: Directive, where: BlockContext | undefined): void => {
    const isLocation = d.name === 'location' && (where === 'server' || where === 'location');
    const isIf = d.name === 'if' && where === 'location';
    if (!(isLocation || isIf) || !d.block) return;
    // Through the block's includes too: `location /ws/ { include ws-proxy.conf; }` proxies as much as one that spells it out.
    const proxyPass = scopeDirectivesNamed({ block: d, instance }, 'proxy_pass')[0]?.directive;
    if (!proxyPass) return;
    const location = isIf && d.parent.kind === 'directive' ? d.parent : d;
    out.push({ block: d, location, proxyPass, upstream: upstreamOf(proxyPass, symbols) });
  };
  for (const d of blockDirectives(instance)) visit(d, instance.contexts.get(d));
  return out;
}

function find(ctx: RuleContext): WebSocketProxy[] {
  const out: WebSocketProxy[] = [];
  for (const { block: d, location, proxyPass, upstream } of proxyBlocks(ctx.instance, ctx.symbols)) {
    const scope: Scope = { block: d, instance: ctx.instance };
    const reasons: string[] = [];
    const headers = effectiveHeaders(scope);
    if (headers.has('upgrade')) reasons.push('it sets an Upgrade header');
    if (/upgrade/i.test(headers.get('connection')?.args[1]?.value ?? '')) reasons.push('its Connection header carries upgrade');
    if (ctx.settings.websocketPaths.length > 0 && settingNames(location.args.map((a) => a.value), ctx.settings)) reasons.push('the websocketPaths setting names its path');
    if (mayHaveMarkers(ctx.instance.file) && (hasMarker(d) || (location !== d && hasMarker(location)))) reasons.push('it is marked `# nginx-ws: websocket`');
    if (reasons.length > 0) out.push({ block: d, instance: ctx.instance, scope, proxyPass, upstream, reasons });
  }
  return withHandovers(ctx, out);
}

/** The `@name`s a block passes requests to with `try_files` (its last argument) or `error_page ... @name`. */
function handoverNames(block: Directive): string[] {
  const names: string[] = [];
  for (const c of block.block?.children ?? []) {
    if (c.kind !== 'directive' || (c.name !== 'try_files' && c.name !== 'error_page')) continue;
    const last = c.args[c.args.length - 1]?.value ?? '';
    if (last.startsWith('@')) names.push(last);
  }
  return names;
}

/** Adds the proxies that hand requests to a named location of the same server that is a WebSocket proxy. */
function withHandovers(ctx: RuleContext, found: WebSocketProxy[]): WebSocketProxy[] {
  const named = new Map<Directive, Set<string>>();
  for (const w of found) {
    const name = w.block.name === 'location' && w.block.args.length === 1 ? w.block.args[0].value : '';
    if (!name.startsWith('@') || w.block.parent.kind !== 'directive') continue;
    const names = named.get(w.block.parent) ?? new Set<string>();
    named.set(w.block.parent, names.add(name));
  }
  if (named.size === 0) return found;
  const have = new Set(found.map((w) => w.block));
  const out = [...found];
  for (const { block: d, location, proxyPass, upstream } of proxyBlocks(ctx.instance, ctx.symbols)) {
    if (have.has(d)) continue;
    let server: Directive | undefined = location;
    while (server && server.name !== 'server') server = server.parent.kind === 'directive' ? server.parent : undefined;
    const names = server && named.get(server);
    if (!names) continue;
    const target = [...handoverNames(d), ...(location !== d ? handoverNames(location) : [])].find((n) => names.has(n));
    if (target) out.push({ block: d, instance: ctx.instance, scope: { block: d, instance: ctx.instance }, proxyPass, upstream, reasons: [`it hands requests to ${target}, a WebSocket proxy`] });
  }
  return out;
}

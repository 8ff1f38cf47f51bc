import type { ConfigFile, Directive } from '../parser/ast';
import type { RuleContext } from '../rules/types';
import type { Settings } from '../service/settings';
import { effectiveHeaders } from '../workspace/effective';
import type { FileInstance } from '../workspace/graph';
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

/** Path words that name a real-time endpoint. Whole words only: `/wsdl` or `/news` are not WebSocket paths. */
const ENDPOINT_WORDS = new Set([
  'ws', 'wss', 'websocket', 'websockets', 'socket', 'sockets', 'socket.io', 'sockjs', 'cable', 'hub', 'hubs',
  'realtime', 'real-time', 'subscriptions', 'graphql-ws', 'signalr', 'engine.io', 'wsapp', 'stomp',
]);

/** Words in an upstream's name that say it serves WebSocket. */
const UPSTREAM_WORDS = /(^|[_\-.])(ws|wss|websockets?|sockets?|socketio|realtime|cable|hub|signalr)($|[_\-.])/i;

const MARKER = /^\s*nginx-ws:\s*websocket\b/;

function pathWords(p: string): string[] {
  return p
    .toLowerCase()
    .split(/[/^$\\()[\]{}|?*+~=\s]+/)
    .flatMap((w) => [w, ...w.split(/[-_]/)])
    .filter((w) => w.length > 0);
}

/** Answers per settings object and path: a large config repeats the same few location paths thousands of times. */
const endpointAnswers = new WeakMap<Settings, Map<string, boolean>>();

/** A location path or regex that names a real-time endpoint (`/ws/`, `~ ^/socket\.io/`, `/chathub`). */
export function namesRealtimeEndpoint(locationArgs: string[], settings: Settings): boolean {
  const p = locationArgs[locationArgs.length - 1] ?? '';
  let answers = endpointAnswers.get(settings);
  if (!answers) endpointAnswers.set(settings, (answers = new Map()));
  let yes = answers.get(p);
  if (yes === undefined) {
    if (answers.size > 10_000) answers.clear();
    answers.set(p, (yes = pathNamesEndpoint(p, settings)));
  }
  return yes;
}

function pathNamesEndpoint(p: string, settings: Settings): boolean {
  for (const w of pathWords(p.replace(/\\\./g, '.'))) {
    if (ENDPOINT_WORDS.has(w) || /hub$/.test(w)) return true;
  }
  return settings.websocketPaths.some((re) => {
    try {
      return new RegExp(re).test(p);
    } catch {
      return false;
    }
  });
}

/** Socket.IO, SockJS and SignalR fall back to long-polling over plain HTTP on the same path; `/` serves everything. */
export function servesPlainHttpToo(locationArgs: string[]): boolean {
  const p = (locationArgs[locationArgs.length - 1] ?? '').toLowerCase().replace(/\\\./g, '.');
  if (p === '/' || p === '^/' || p === '^/.*') return true;
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
  instance.contexts.forEach((where, d) => {
    const isLocation = d.name === 'location' && (where === 'server' || where === 'location');
    const isIf = d.name === 'if' && where === 'location';
    if (!(isLocation || isIf) || !d.block) return;
    // Through the block's includes too: `location /ws/ { include ws-proxy.conf; }` proxies as much as one that spells it out.
    const proxyPass = scopeDirectivesNamed({ block: d, instance }, 'proxy_pass')[0]?.directive;
    if (!proxyPass) return;
    const location = isIf && d.parent.kind === 'directive' ? d.parent : d;
    out.push({ block: d, location, proxyPass, upstream: upstreamOf(proxyPass, symbols) });
  });
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
    if (namesRealtimeEndpoint(location.args.map((a) => a.value), ctx.settings)) reasons.push(`its path names a real-time endpoint`);
    if (upstream && UPSTREAM_WORDS.test(upstream.name)) reasons.push(`its upstream "${upstream.name}" is named for WebSocket`);
    if (mayHaveMarkers(ctx.instance.file) && (hasMarker(d) || (location !== d && hasMarker(location)))) reasons.push('it is marked `# nginx-ws: websocket`');
    if (reasons.length > 0) out.push({ block: d, instance: ctx.instance, scope, proxyPass, upstream, reasons });
  }
  return out;
}

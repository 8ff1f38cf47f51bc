import { webSocketBlocks, webSocketProxies, type WebSocketProxy } from './websocket';
import type { Directive } from '../parser/ast';
import type { Scope } from '../workspace/scope';
import type { RuleContext } from './types';

/** A WebSocket proxy together with the `location` that can hold the directives our fixes add. */
export interface WsLocation {
  ws: WebSocketProxy;
  /** The location itself, or the location around an `if`: proxy_set_header, the timeouts and proxy_buffering are not allowed in `if`. */
  location: Directive;
  /**
   * The location's scope. Values are looked up here, not in an `if`: the `if` cannot set these directives, so it
   * uses the location's, and a fix must then change the location's line rather than add a second one.
   */
  scope: Scope & { block: Directive };
}

/**
 * The WebSocket proxies of the rule's file, each with its location. An `if` whose location is itself a WebSocket
 * proxy is left out: it cannot set the directives these rules check, so it would only repeat the location's finding.
 */
export function wsLocations(ctx: RuleContext): WsLocation[] {
  const list = webSocketProxies(ctx);
  const blocks = webSocketBlocks(ctx);
  const out: WsLocation[] = [];
  for (const ws of list) {
    if (ws.block.name === 'location') {
      out.push({ ws, location: ws.block, scope: { block: ws.block, instance: ws.instance } });
      continue;
    }
    const p = ws.block.parent;
    if (p.kind !== 'directive' || p.name !== 'location' || blocks.has(p)) continue;
    out.push({ ws, location: p, scope: { block: p, instance: ws.instance } });
  }
  return out;
}

/** The location's path or regex as written (`/ws/`, `^/socket\.io/`). */
export function locationPath(location: Directive): string[] {
  return location.args.map((a) => a.value);
}

/** `location /ws/`, for messages. */
export function locationLabel(location: Directive): string {
  return [location.name, ...location.args.map((a) => a.raw)].join(' ');
}

/** A direct child of `block` with this name. */
export function childNamed(block: Directive, name: string): Directive | undefined {
  return block.block?.children.find((c): c is Directive => c.kind === 'directive' && c.name === name);
}

/** Where new proxy_set_header lines go in a location that has none of its own: after proxy_http_version, else after proxy_pass. */
export function headerAnchor(location: Directive): Directive | undefined {
  return childNamed(location, 'proxy_http_version') ?? childNamed(location, 'proxy_pass');
}

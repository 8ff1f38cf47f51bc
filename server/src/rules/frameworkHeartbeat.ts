import type { Directive } from '../parser/ast';
import { locationPath } from './wsLocation';

/** A WebSocket framework the config shows, with the heartbeat its server sends by default. */
export interface FrameworkHeartbeat {
  name: string;
  seconds: number;
}

const SOCKET_IO: FrameworkHeartbeat = { name: 'Socket.IO', seconds: 25 };
const SIGNALR: FrameworkHeartbeat = { name: 'SignalR', seconds: 15 };
const GRAFANA_LIVE: FrameworkHeartbeat = { name: 'Grafana Live', seconds: 25 };
const CENTRIFUGO: FrameworkHeartbeat = { name: 'Centrifugo', seconds: 25 };

/**
 * The framework behind a WebSocket location, recognised only from paths the framework itself fixes: Socket.IO's
 * `/socket.io/`, Grafana Live's `/api/live/`, Centrifugo's `/connection/websocket`, SignalR's `/signalr`, or a hub
 * path next to a location for the hub's `/negotiate` request (ASP.NET Core maps hubs at any path, so a name like
 * `/chathub` alone is no evidence). Undefined when the config does not show one.
 */
export function frameworkHeartbeat(location: Directive): FrameworkHeartbeat | undefined {
  const path = locationPath(location).at(-1)?.toLowerCase() ?? '';
  if (path.includes('/socket.io') || path.includes('/socket\\.io')) return SOCKET_IO;
  if (path.includes('/api/live')) return GRAFANA_LIVE;
  if (path.includes('/connection/websocket')) return CENTRIFUGO;
  if (path.includes('/signalr')) return SIGNALR;
  if (!path.includes('hub')) return undefined;
  const prefix = hubPrefix(path);
  if ([path, ...siblingPaths(location)].some((p) => p.includes('negotiate') && p.includes(prefix))) return SIGNALR;
  return undefined;
}

/** The path segment up to `hub` (`/chathub` of `/chathub/`): the part a negotiate location for that hub shares with it. */
function hubPrefix(path: string): string {
  const at = path.indexOf('hub');
  const start = path.lastIndexOf('/', at);
  return path.slice(Math.max(0, start), at + 3);
}

function siblingPaths(location: Directive): string[] {
  const parent = location.parent;
  const children = parent.kind === 'directive' ? (parent.block?.children ?? []) : parent.children;
  return children.flatMap((c) => (c.kind === 'directive' && c.name === 'location' && c !== location ? [locationPath(c).at(-1)?.toLowerCase() ?? ''] : []));
}

import { frameworkHeartbeat } from './frameworkHeartbeat';
import { effectiveTime } from './nginxTime';
import { reportTimeout } from './timeoutReport';
import type { Rule } from './types';
import { wsLocations } from './wsLocation';

/** The value the fix writes: an hour, or four heartbeats when those are longer. */
function readTimeoutFixSeconds(heartbeat: number): number {
  return Math.max(3600, 4 * heartbeat);
}

export const wsReadTimeout: Rule = {
  id: 'ws-read-timeout',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A WebSocket connection is closed by nginx after `proxy_read_timeout` without traffic, which the heartbeat does not comfortably cover.',
    why:
      "Once the connection is upgraded, nginx re-arms a `proxy_read_timeout` timer whenever anything passes in either direction, and closes both sides when it runs out: the client sees close code 1006 with no close frame. The default is 60 s. A heartbeat (ping or application message) keeps the connection open only if it comes well within that time; at no more than twice the heartbeat interval (`nginxWs.heartbeatInterval`, which has no default), a single late or lost heartbeat is enough to cut a healthy connection. Note that the value in force may be inherited from `server` or `http`.\n\nThe rule needs to know the heartbeat, and the config seldom says it: most applications ping well within the 60 s default (Home Assistant, Jellyfin, Socket.IO and SignalR apps all do), while a few send nothing while idle. So it fires only when you set `nginxWs.heartbeatInterval` (or `--heartbeat`), or when the config shows a framework with a known heartbeat; otherwise it stays quiet, and the hover of the location shows how long an idle connection lives. When the config shows the framework and `nginxWs.heartbeatInterval` is not set, the framework's own default heartbeat is used. Only paths the framework fixes count as evidence: Socket.IO's `/socket.io/` (server `pingInterval` 25 s, [socket.io server options](https://socket.io/docs/v4/server-options/#pinginterval)); SignalR's `/signalr`, or a hub path beside a location for its `/negotiate` request (ASP.NET Core `HubOptions.KeepAliveInterval` 15 s, [Microsoft docs](https://learn.microsoft.com/en-us/dotnet/api/microsoft.aspnetcore.signalr.huboptions.keepaliveinterval); ASP.NET SignalR 2 pings more often, every 10 s); Grafana Live's `/api/live/` (built on the centrifuge library, whose server pings every 25 s by default, `PingPongConfig`); Centrifugo's `/connection/websocket` (25 s, Centrifugo's documentation of ping messages). A location path like `/chathub` alone is not evidence: ASP.NET Core maps hubs anywhere.",
    fix: 'Sets `proxy_read_timeout 3600s;` in the location (or changes the value written there); with a heartbeat interval above 15 minutes, four intervals instead.',
    example: 'location /socket.io/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n    proxy_read_timeout 40s;\n}',
    evidence:
      "A WebSocket location, a known heartbeat interval, and a `proxy_read_timeout` in force (set in the location, inherited, or nginx's 60 s default) of at most twice that interval. The heartbeat is `nginxWs.heartbeatInterval` (or `--heartbeat`) when you set it; otherwise that of a framework the location's path shows: Socket.IO (`/socket.io`, 25 s), Grafana Live (`/api/live`, 25 s), Centrifugo (`/connection/websocket`, 25 s), SignalR (`/signalr`, or a path with `hub` beside a location for its `negotiate` request, 15 s).",
    quiet:
      "- No heartbeat setting and no framework path: the application's heartbeat is unknown, and most applications ping well within the default.\n- A timeout that nginx cannot parse ([invalid-value](#invalid-value) reports it).\n- A timeout above twice the heartbeat.",
  },
  check(ctx) {
    // A heartbeat the user set wins, then that of a framework the config shows. With neither, the app's heartbeat
    // is unknown: most apps ping well within 60 s, so the default timeout is no evidence of a problem.
    const userHeartbeat = ctx.settings.heartbeatInterval;
    for (const t of wsLocations(ctx)) {
      const framework = userHeartbeat ? undefined : frameworkHeartbeat(t.location);
      const heartbeat = framework?.seconds ?? userHeartbeat;
      if (heartbeat === undefined) continue;
      const cur = effectiveTime(t.scope, 'proxy_read_timeout', 60_000, ctx.instance);
      if (!cur || cur.ms > 2 * heartbeat * 1000) continue;
      const target = `${readTimeoutFixSeconds(heartbeat)}s`;
      const interval = framework ? `${framework.name}'s ${heartbeat}s heartbeat interval` : `${heartbeat}s heartbeat interval`;
      const message = `proxy_read_timeout is ${cur.described}: nginx closes a WebSocket connection after that long without traffic, and that is no more than twice the ${interval}, so one late heartbeat drops a healthy connection: set ${target}`;
      reportTimeout(ctx, t, cur, 'proxy_read_timeout', target, message);
    }
  },
};

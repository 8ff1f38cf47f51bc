import { effectiveTime } from './nginxTime';
import { ASSUMED_HEARTBEAT_SECONDS } from './settings';
import { reportTimeout } from './timeoutReport';
import type { Rule } from './types';
import { wsLocations } from './wsLocation';

export const wsSendTimeout: Rule = {
  id: 'ws-send-timeout',
  // Information, not warning: this timeout only matters while the backend has stopped reading, never for an idle connection.
  defaultSeverity: 'information',
  docs: {
    summary: 'A WebSocket location gives a backend that stops reading less time than one heartbeat interval before nginx drops the connection.',
    why:
      "On an upgraded connection nginx arms the `proxy_send_timeout` timer only while it has data for the backend that the backend is not accepting; an idle connection is never closed by it (we checked on nginx 1.22: a 1 s `proxy_send_timeout` left a silent connection open). What it does bound is a stall: a backend busy with a long task, a garbage-collection pause or a full receive buffer. Set shorter than the application's own heartbeat interval (`nginxWs.heartbeatInterval`), nginx gives up on a backend sooner than the application itself would, and the client sees close code 1006. nginx's default of 60 s is fine with heartbeats up to a minute.",
    fix: 'Sets `proxy_send_timeout` to 60 s, or twice the heartbeat interval when that is longer, in the location (or changes the value written there).',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n    proxy_send_timeout 5s;\n}',
    evidence:
      "A WebSocket location whose `proxy_send_timeout` in force (set in the location, inherited, or nginx's 60 s default) is at most the heartbeat interval: `nginxWs.heartbeatInterval` when set, otherwise 30 s. Without the setting, any value of 30 s or less written for a WebSocket location is reported; the default of 60 s only when you name a heartbeat of 60 s or more.",
    quiet:
      '- A timeout longer than the heartbeat interval.\n- A timeout that nginx cannot parse ([invalid-value](#invalid-value) reports it).',
  },
  check(ctx) {
    const heartbeat = ctx.settings.heartbeatInterval ?? ASSUMED_HEARTBEAT_SECONDS;
    const target = `${Math.max(60, 2 * heartbeat)}s`;
    for (const t of wsLocations(ctx)) {
      const cur = effectiveTime(t.scope, 'proxy_send_timeout', 60_000, ctx.instance);
      if (!cur || cur.ms > heartbeat * 1000) continue;
      const message = `proxy_send_timeout is ${cur.described}, shorter than the ${heartbeat}s heartbeat interval: it never closes an idle connection, but nginx drops this WebSocket connection when the backend stops reading for that long, sooner than the application itself would give up: set ${target}`;
      reportTimeout(ctx, t, cur, 'proxy_send_timeout', target, message);
    }
  },
};

import { effective } from '../workspace/effective';
import { blockHead, insertAtBlockEnd, replaceRange } from './edits';
import { sourceText } from './source';
import type { Rule } from './types';
import { bitwardenHubPart } from './bitwardenHub';
import { locationPath, wsLocations } from './wsLocation';

/**
 * Real-time paths whose fallback transports stream one long response: SockJS (xhr-streaming, EventSource) and
 * SignalR (Server-Sent Events), or an explicit event-stream path. Socket.IO falls back to long-polling, where each
 * poll is a complete response that buffering does not hold back; `location /` serves a whole application, where
 * turning buffering off has costs of its own. Bitwarden's clients open their hub over WebSocket only.
 */
function streamsFallback(locationArgs: string[]): boolean {
  const p = (locationArgs[locationArgs.length - 1] ?? '').toLowerCase().replace(/\\\./g, '.');
  if (/socket\.io|engine\.io/.test(p) || bitwardenHubPart(locationArgs)) return false;
  return /sockjs|signalr|hubs?($|[/?$)])|eventsource|event-stream|(^|[/_-])sse($|[/_-])/.test(p);
}

export const wsBuffering: Rule = {
  id: 'ws-buffering',
  // Information: what it delays is the fallback transport (used only when WebSocket fails), and only streams the backend does not send chunked.
  defaultSeverity: 'information',
  docs: {
    summary: 'A real-time location whose fallback transports stream responses leaves `proxy_buffering` on.',
    why:
      "nginx never buffers an upgraded WebSocket connection: frames pass as they come, whatever `proxy_buffering` says. What buffering affects is the ordinary HTTP responses on the same path, and SockJS (xhr-streaming, EventSource) and SignalR (Server-Sent Events) fall back to streaming one long response when WebSocket is not available. With buffering on, we measured on nginx 1.22 that a chunked stream still passes chunk by chunk, but a stream the backend sends without chunked encoding (any stream to an HTTP/1.0 upstream request, or a close-delimited one) waits in nginx's buffers until they fill or the response ends: the client sees nothing, then everything at once. `proxy_buffering off` for these endpoints makes delivery independent of how the backend frames the stream. Socket.IO's fallback is long-polling, whose complete responses buffering does not delay, so Socket.IO paths are not flagged.",
    fix: 'Adds `proxy_buffering off;` to the location (or changes an explicit `on`).',
    example: 'location /hubs/ {\n    proxy_pass http://127.0.0.1:5000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n}',
    evidence:
      'A WebSocket location whose path names an endpoint with streaming fallbacks: `sockjs`, `signalr`, `eventsource`, `event-stream`, `sse` as a word of its own, or `hub`/`hubs` at the end of a segment (`/chathub`, `/hubs/`); and whose `proxy_buffering` in force is `on`, written or by default.',
    quiet:
      '- Paths with `socket.io` or `engine.io` (long-polling fallback), and every other path, `/` included.\n- Bitwarden\'s notifications hub (`/notifications/hub`, Vaultwarden\'s too): its clients connect over WebSocket only and never fall back.\n- `proxy_buffering` set to anything but `on` (`off`, or a variable).',
  },
  check(ctx) {
    for (const t of wsLocations(ctx)) {
      if (!streamsFallback(locationPath(t.location))) continue;
      const eff = effective(t.scope, 'proxy_buffering');
      const set = eff.directives[0];
      const arg = set?.directive.args[0];
      if (arg && arg.value !== 'on') continue;
      const where = set ? sourceText(eff, ctx.instance) : "nginx's default";
      const message = `proxy_buffering is on (${where}) in a location whose fallback transports stream responses: the WebSocket itself is never buffered, but a streamed fallback response that the backend does not send chunked waits in nginx's buffers until they fill or it ends: add proxy_buffering off`;
      if (set && arg && eff.source === 'here') {
        ctx.report({
          range: set.instance === ctx.instance ? set.directive.range : blockHead(t.ws.block),
          message,
          fixes: [{ title: 'Set proxy_buffering off', preferred: true, edits: [replaceRange(set.instance, arg.range, 'off')] }],
        });
        continue;
      }
      const edit = insertAtBlockEnd(ctx.instance, t.location, ['proxy_buffering off;']);
      ctx.report({ range: blockHead(t.ws.block), message, fixes: edit ? [{ title: 'Set proxy_buffering off in this location', preferred: true, edits: [edit] }] : [] });
    }
  },
};

/**
 * Why a directive matters for WebSocket proxying: nginx-ws's own words, shown in hovers above nginx's reference.
 * Keyed by directive name; `proxy_set_header` notes are keyed by header (`proxy_set_header:upgrade`).
 */
export const WS_NOTES: Readonly<Record<string, string>> = {
  proxy_http_version:
    'The WebSocket handshake is an HTTP/1.1 `Upgrade`. nginx older than 1.29.7 speaks HTTP/1.0 to the backend unless this says `1.1`, and then the backend never sees an upgrade request: the client gets a 400, a 502 or a plain 200 instead of `101 Switching Protocols`.',
  'proxy_set_header:upgrade':
    '`Upgrade` is a hop-by-hop header: nginx does not pass the client\'s on by itself. `proxy_set_header Upgrade $http_upgrade;` forwards it; without it the backend sees an ordinary request and refuses the handshake.',
  'proxy_set_header:connection':
    '`Connection` is hop-by-hop too, and nginx sends `Connection: close` to the backend by default. For WebSocket it must say `upgrade`. Use `$connection_upgrade` from a `map $http_upgrade` so that plain requests through the same location get `close` (or nothing, with upstream keepalive) instead of a stray `upgrade`.',
  map:
    'The usual `map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }` derives the `Connection` header from the client\'s `Upgrade` header: `upgrade` for handshakes, `close` for everything else. Write `\'\'` instead of `close` when the upstream keeps idle connections (`keepalive`). Without the map, `$connection_upgrade` is an unknown variable and nginx refuses to start.',
  proxy_read_timeout:
    'How long nginx waits between two reads from the backend. On an upgraded connection, silence for longer than this closes the WebSocket (the classic "drops after exactly 60 seconds"). Keep it well above the interval of your application\'s pings: nginx-ws warns at twice the heartbeat interval or less.',
  proxy_send_timeout:
    'How long nginx waits between two writes to the backend. On a WebSocket that only the server talks on, a short value closes the connection just like a short read timeout. Keep it well above your heartbeat interval.',
  proxy_connect_timeout:
    'Only the time to open the TCP connection to the backend: it has nothing to do with how long a WebSocket may live. Keep it short (a few seconds) so a dead backend fails fast; it usually cannot exceed 75 seconds.',
  proxy_buffering:
    'nginx never buffers the frames of an upgraded WebSocket connection. What buffering delays are ordinary responses: long-polling (Socket.IO, SockJS and SignalR fall back to it on the same path) and server-sent events. Turn it off where those fallbacks run.',
  ip_hash:
    'Keeps a client on one backend, keyed by its IPv4 /24 or whole IPv6 address. WebSocket sessions and their long-polling fallbacks usually hold state on one server. Many clients behind one NAT address all land on the same server.',
  hash: 'With `hash $remote_addr consistent;` a client sticks to one backend, and adding or removing a server moves only a few clients.',
  sticky: 'Cookie-based session affinity: NGINX Plus only (open-source nginx rejects it). With open-source nginx, use `ip_hash` or `hash ... consistent`.',
  keepalive:
    'Keeps idle connections to the upstream for reuse. They are only reused when the location speaks `proxy_http_version 1.1` and clears `Connection` (`proxy_set_header Connection "";`, or `\'\'` for the empty case of the upgrade map). A WebSocket holds its connection for its whole life; it does not come back to the pool.',
  proxy_pass:
    'Where requests go. For a WebSocket location it needs the upgrade headers and HTTP/1.1 alongside; a URI part after the host (`http://backend/`) replaces the matched location prefix.',
  listen: 'With `http2` over TLS, browsers open WebSocket connections on a separate HTTP/1.1 connection (nginx does not proxy WebSocket over HTTP/2, RFC 8441): nothing to change. Without `ssl`, before nginx 1.25.1, an `http2` port accepts only HTTP/2, and HTTP/1.1 handshakes fail.',
};

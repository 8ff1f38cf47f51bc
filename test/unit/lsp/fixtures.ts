/**
 * The usual WebSocket proxying mistakes in one config: no `proxy_http_version 1.1` (nginx's default before
 * 1.29.7 is 1.0) and `$connection_upgrade` used without the `map` that defines it (nginx -t: unknown variable).
 * Rules offer fixes for both; the LSP and CLI tests fix it through the real server and the real command.
 */
export const WS_MISTAKES = `events {}

http {
    server {
        listen 127.0.0.1:8080;

        location /ws/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`;

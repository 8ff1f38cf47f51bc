import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { effectiveConfigAt, type EffectiveConfig } from '../../../server/src/service/effectiveConfig';
import { effectiveMarkdown, effectiveText, headline } from '../../../server/src/service/effectiveRender';
import { defaultSettings, resolveSettings } from '../../../server/src/service/settings';
import type { Settings } from '../../../server/src/rules/settings';
import { memoryHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { nginxAccepts } from '../rules/nginxAgrees';

const MAIN = '/etc/nginx/nginx.conf';
const SITE = '/etc/nginx/sites/board.conf';
const files = {
  [MAIN]: `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    upstream board_rt {
        hash $remote_addr consistent;
        server 127.0.0.1:7101;
        server 127.0.0.1:7102 max_fails=2;
        keepalive 8;
    }
    include proxy-defaults.conf;
    include sites/*.conf;
}
`,
  '/etc/nginx/proxy-defaults.conf': `proxy_send_timeout 20s;
proxy_set_header X-Forwarded-Proto $scheme;
`,
  [SITE]: `server {
    listen 127.0.0.1:8081;
    server_name board.test;
    location /rt/ {
        proxy_pass http://board_rt;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_read_timeout 1h;
    }
    location /files/ {
        proxy_pass http://127.0.0.1:7200;
        proxy_buffering off;
    }
    location /static/ {
        root /srv;
    }
}
`,
};

function configAt(file: string, line: number, settings: Settings = defaultSettings): EffectiveConfig {
  const ws = new Workspace(memoryHost(new Map(Object.entries(files))));
  ws.addFile(MAIN);
  const c = effectiveConfigAt(ws, file, { line: line - 1, character: 4 }, settings);
  if ('error' in c) throw new Error(c.error);
  return c;
}

describe('effective configuration of a location', () => {
  test('nginx accepts the config the cases read', () => nginxAccepts(files));

  test('a WebSocket location: headers set here, the included http header dropped, an upstream with hash and keepalive', () => {
    const c = configAt(SITE, 6);
    assert.equal(c.title, 'location /rt/');
    assert.equal(headline(c), 'WebSocket: yes — Upgrade and Connection forwarded, HTTP/1.1; idle connections close after 1h (proxy_read_timeout set at line 9)');
    assert.deepEqual(
      c.headers.map((h) => [h.name, h.value, h.origin.kind, h.origin.where]),
      [
        ['Upgrade', '$http_upgrade', 'here', 'line 7'],
        ['Connection', '$connection_upgrade', 'here', 'line 8'],
        ['Host', '$proxy_host', 'default', undefined],
      ],
    );
    assert.deepEqual(
      c.dropped.map((h) => [h.name, h.value, h.level, h.origin.where]),
      [['X-Forwarded-Proto', '$scheme', 'http', 'proxy-defaults.conf:2']],
    );
    assert.deepEqual(c.upstream, {
      name: 'board_rt',
      where: 'nginx.conf:7',
      servers: ['127.0.0.1:7101', '127.0.0.1:7102 max_fails=2'],
      balancing: 'hash $remote_addr consistent',
      keepalive: '8',
    });
  });

  test('a location without its own headers sends the one from the included file, and nginx adds Connection: close', () => {
    const c = configAt(SITE, 12);
    assert.deepEqual(
      c.headers.map((h) => [h.name, h.value, h.origin.kind, h.origin.where]),
      [
        ['X-Forwarded-Proto', '$scheme', 'inherited', 'proxy-defaults.conf:2'],
        ['Host', '$proxy_host', 'default', undefined],
        ['Connection', 'close', 'default', undefined],
      ],
    );
    assert.deepEqual(c.dropped, []);
    assert.equal(
      headline(c),
      "WebSocket: no — the client's Upgrade header is not forwarded; Connection is close (nginx's default); HTTP/1.0 (default before nginx 1.29.7; set nginxVersion if newer)",
    );
    assert.equal(c.upstream, undefined);
  });

  test('proxy_http_version defaults by the nginxVersion setting: 1.1 from 1.29.7', () => {
    const before = configAt(SITE, 12, resolveSettings({ nginxVersion: '1.29.6' }));
    assert.deepEqual([before.settings[0].value, before.settings[0].note], ['1.0', "nginx 1.29.6's default"]);
    const from = configAt(SITE, 12, resolveSettings({ nginxVersion: '1.29.7' }));
    assert.deepEqual([from.settings[0].value, from.settings[0].note], ['1.1', "nginx 1.29.7's default"]);
    assert.doesNotMatch(headline(from), /HTTP\//);
  });

  test('the plain-text rendering names each value with where it comes from', () => {
    const text = effectiveText(configAt(SITE, 12), '/etc/nginx');
    assert.equal(
      text,
      `location /files/ (sites/board.conf:11)
WebSocket: no — the client's Upgrade header is not forwarded; Connection is close (nginx's default); HTTP/1.0 (default before nginx 1.29.7; set nginxVersion if newer)

proxy_pass             http://127.0.0.1:7200  line 12
proxy_http_version     1.0                    default before nginx 1.29.7; set nginxVersion if newer
proxy_read_timeout     60s                    nginx's default
proxy_send_timeout     20s                    http, proxy-defaults.conf:1
proxy_connect_timeout  60s                    nginx's default
proxy_buffering        off                    line 13

Headers sent to the backend:
  X-Forwarded-Proto  $scheme      http, proxy-defaults.conf:2
  Host               $proxy_host  nginx's default
  Connection         close        nginx's default
`,
    );
  });

  test('a location that does not proxy says so, and a server shows what its locations inherit', () => {
    assert.equal(headline(configAt(SITE, 16)), 'WebSocket: no — this location has no proxy_pass');
    const server = configAt(SITE, 2);
    assert.equal(server.title, 'server board.test');
    assert.equal(headline(server), 'server: the values below apply to its locations unless they set their own');
    assert.equal(server.headers[0].origin.kind, 'inherited');
  });

  test('outside any location or server there is nothing to show, and the reason says which line', () => {
    const ws = new Workspace(memoryHost(new Map(Object.entries(files))));
    ws.addFile(MAIN);
    assert.deepEqual(effectiveConfigAt(ws, MAIN, { line: 1, character: 0 }, defaultSettings), { error: 'line 2 of nginx.conf is not inside a location or server block' });
    assert.deepEqual(effectiveConfigAt(ws, '/etc/nginx/none.conf', { line: 0, character: 0 }, defaultSettings), {
      error: 'none.conf is not an nginx configuration nginx-ws has read',
    });
  });

  test('a Connection variable the config cannot resolve makes the answer unsure, not yes', () => {
    const ws = new Workspace(
      memoryHost(
        new Map([
          [
            MAIN,
            'events {}\nhttp {\n    server {\n        location /feed/ {\n            proxy_pass http://127.0.0.1:7300;\n            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection $feed_conn;\n            set $feed_conn upgrade;\n        }\n    }\n}\n',
          ],
        ]),
      ),
    );
    ws.addFile(MAIN);
    const c = effectiveConfigAt(ws, MAIN, { line: 4, character: 0 }, defaultSettings);
    assert.ok(!('error' in c));
    assert.equal(c.websocket?.answer, 'unsure');
    assert.match(headline(c), /^WebSocket: unsure — Connection is \$feed_conn, the config cannot tell what it holds on a handshake; idle connections close after 60s \(proxy_read_timeout default\)$/);
  });

  test('fixed header values: Upgrade websocket works, another word does not; an explicit HTTP/1.0 names its line; Markdown stays literal', () => {
    const config = `events {}
http {
    server {
        listen 127.0.0.1:8083;
        location /fixed/ {
            proxy_pass http://127.0.0.1:7600;
            proxy_http_version 1.1;
            proxy_set_header Upgrade websocket;
            proxy_set_header Connection "upgrade";
        }
        location /wrong/ {
            proxy_pass http://127.0.0.1:7601;
            proxy_http_version 1.0;
            proxy_set_header Upgrade "h2c";
            proxy_set_header Connection "upgrade";
        }
        location /star/ {
            proxy_pass http://127.0.0.1:7602;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $http_x_conn;
            proxy_read_timeout 5m;
        }
        location /odd/ {
            proxy_pass http://127.0.0.1:7603;
            proxy_http_version 1.1;
            proxy_set_header Upgrade "*ws*";
            proxy_set_header Connection "upgrade";
        }
    }
}
`;
    nginxAccepts(config);
    const ws = new Workspace(memoryHost(new Map([[MAIN, config]])));
    ws.addFile(MAIN);
    const at = (line: number): EffectiveConfig => {
      const c = effectiveConfigAt(ws, MAIN, { line: line - 1, character: 0 }, defaultSettings);
      if ('error' in c) throw new Error(c.error);
      return c;
    };
    assert.equal(headline(at(6)), 'WebSocket: yes — Upgrade and Connection forwarded, HTTP/1.1; idle connections close after 60s (proxy_read_timeout default)');
    assert.equal(headline(at(12)), 'WebSocket: no — Upgrade is h2c, not websocket; HTTP/1.0 (proxy_http_version at line 13)');
    assert.equal(
      effectiveMarkdown(at(18)).split('\n')[0],
      '**WebSocket: unsure** — Connection is $http_x_conn, the config cannot tell what it holds on a handshake; idle connections close after 5m (proxy_read_timeout set at line 22)',
    );
    assert.equal(effectiveMarkdown(at(24)).split('\n')[0], '**WebSocket: no** — Upgrade is \\*ws\\*, not websocket');
  });
});

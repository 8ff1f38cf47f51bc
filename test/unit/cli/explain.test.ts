import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArgs } from '../../../server/src/cli/args';
import { nginxTestFiles } from '../../support/nginx';
import { nginxWs, suiteTrees } from './run';

const MAIN = `events {}
http {
    proxy_read_timeout 90s;
    include conf.d/*.conf;
}
`;
const SITE = `upstream pad_rt {
    ip_hash;
    server 127.0.0.1:7401;
    keepalive 4;
}
server {
    listen 127.0.0.1:8082;
    location /pad/ {
        include snippets/ws-proxy.inc;
        proxy_pass http://pad_rt;
    }
}
`;
const SNIPPET = `proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection "upgrade";
`;
const FILES = { 'nginx.conf': MAIN, 'conf.d/pad.conf': SITE, 'snippets/ws-proxy.inc': SNIPPET };

describe('nginx-ws explain FILE:LINE', { timeout: 120_000 }, () => {
  const tree = suiteTrees();

  test('nginx accepts the config', () => {
    const v = nginxTestFiles(FILES);
    assert.ok(v.ok, v.output);
  });

  test('prints the effective configuration of the location at the line, read in its main config, with headers from an included snippet', () => {
    const dir = tree(FILES);
    const r = nginxWs(['explain', 'conf.d/pad.conf:9'], dir);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(
      r.stdout,
      `location /pad/ (conf.d/pad.conf:8)
WebSocket: yes — Upgrade and Connection forwarded, HTTP/1.1; idle connections close after 90s (proxy_read_timeout from http, nginx.conf:3)

proxy_pass             http://pad_rt  line 10
proxy_http_version     1.1            ws-proxy.inc:1
proxy_read_timeout     90s            http, nginx.conf:3
proxy_send_timeout     60s            nginx's default
proxy_connect_timeout  60s            nginx's default
proxy_buffering        on             nginx's default

Headers sent to the backend:
  Upgrade     $http_upgrade  ws-proxy.inc:2
  Connection  upgrade        ws-proxy.inc:3
  Host        $proxy_host    nginx's default

upstream pad_rt (line 1): 127.0.0.1:7401
balancing: ip_hash; keepalive: 4
`,
    );
  });

  test('a line of a snippet included into a location explains that location', () => {
    const r = nginxWs(['explain', 'snippets/ws-proxy.inc:2'], tree(FILES));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^location \/pad\/ \(conf\.d\/pad\.conf:8\)\nWebSocket: yes/);
  });

  test('--nginx-version decides the proxy_http_version default', () => {
    const dir = tree({ 'nginx.conf': 'events {}\nhttp {\n    server {\n        location /a/ {\n            proxy_pass http://127.0.0.1:7402;\n        }\n    }\n}\n' });
    assert.match(nginxWs(['explain', 'nginx.conf:5'], dir).stdout, /^proxy_http_version  +1\.0 +default before nginx 1\.29\.7; set nginxVersion if newer$/m);
    assert.match(nginxWs(['explain', '--nginx-version', '1.29.7', 'nginx.conf:5'], dir).stdout, /^proxy_http_version  +1\.1 +nginx 1\.29\.7's default$/m);
  });

  test('exit 2 with one line: a line outside any location or server, a missing file, a line past the end', () => {
    const dir = tree(FILES);
    for (const [target, message] of [
      ['nginx.conf:3', 'nginx-ws: line 3 of nginx.conf is not inside a location or server block\n'],
      ['conf.d/pad.conf:2', 'nginx-ws: line 2 of conf.d/pad.conf is not inside a location or server block\n'],
      ['conf.d/none.conf:1', 'nginx-ws: cannot read conf.d/none.conf: ENOENT\n'],
      ['nginx.conf:40', 'nginx-ws: nginx.conf has 5 lines, not 40\n'],
    ]) {
      const r = nginxWs(['explain', target], dir);
      assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', message], target);
    }
  });

  test('usage errors', () => {
    assert.deepEqual(parseArgs(['explain']), { kind: 'usage-error', message: 'explain takes one FILE:LINE, e.g. conf.d/chat.conf:12 (see nginx-ws --help)' });
    assert.deepEqual(parseArgs(['explain', 'a.conf:0']), { kind: 'usage-error', message: 'explain takes FILE:LINE with a line number from 1, not "a.conf:0" (see nginx-ws --help)' });
    assert.deepEqual(parseArgs(['explain', '--nginx-version', 'new', 'a.conf:3']), {
      kind: 'usage-error',
      message: '--nginx-version must look like 1.25 or 1.25.3, not "new" (see nginx-ws --help)',
    });
    assert.deepEqual(parseArgs(['explain', '--main', 'x/nginx.conf', 'a.conf:3']), { kind: 'explain', options: { mains: ['x/nginx.conf'], file: 'a.conf', line: 3 } });
  });
});

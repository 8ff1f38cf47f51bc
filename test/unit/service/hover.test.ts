import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hover } from '../../../server/src/service/hover';
import { defaultSettings } from '../../../server/src/service/settings';
import { memoryHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';

const MAIN = '/etc/nginx/nginx.conf';
const files = new Map([
  [
    MAIN,
    `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    upstream realtime {
        server 127.0.0.1:9001;
        server 127.0.0.1:9002;
    }
    server {
        listen 127.0.0.1:8080;
        proxy_set_header X-Tenant blue;
        proxy_read_timeout 45s;
        location /socket/ {
            proxy_pass http://realtime/;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,
  ],
]);
const ws = new Workspace(memoryHost(files));
ws.addFile(MAIN);
const at = (line: number, character: number) => hover(ws, MAIN, { line, character }, defaultSettings);

describe('hover', () => {
  test('a directive shows its syntax, module link, nginx reference text and our WebSocket note', async () => {
    const h = await at(16, 14);
    assert.ok(h);
    assert.match(h.markdown, /proxy_http_version 1\.0 \| 1\.1/);
    assert.match(h.markdown, /\[ngx_http_proxy_module\]\(https:\/\/nginx\.org\/en\/docs\/http\/ngx_http_proxy_module\.html#proxy_http_version\)/);
    assert.match(h.markdown, /\*\*WebSocket:\*\* The WebSocket handshake is an HTTP\/1\.1/);
    assert.match(h.markdown, /Sets the HTTP protocol version for proxying/);
  });

  test('the location keyword leads with its effective configuration: set here, inherited from server, defaults, headers sent and dropped', async () => {
    const h = await at(14, 10);
    assert.ok(h);
    assert.ok(
      h.markdown.startsWith(
        '**WebSocket: yes** — Upgrade and Connection forwarded, HTTP/1.1; idle connections close after 45s (proxy_read_timeout from server, line 14)\n\nEffective configuration of `location /socket/` (line 15)',
      ),
      h.markdown,
    );
    assert.match(h.markdown, /\| `proxy_http_version` \| `1\.1` \| line 17 \|/);
    assert.match(h.markdown, /\| `proxy_read_timeout` \| `45s` \| server, line 14 \|/);
    assert.match(h.markdown, /\| `proxy_send_timeout` \| `60s` \| nginx's default \|/);
    assert.match(h.markdown, /\| `Upgrade` \| `\$http_upgrade` \| line 18 \|\n\| `Connection` \| `\$connection_upgrade` \| line 19 \|\n\| `Host` \| `\$proxy_host` \| nginx's default \|/);
    // The location sets its own headers, so X-Tenant from server is not sent.
    assert.match(h.markdown, /\*\*Dropped by inheritance\*\* \(this location sets its own proxy_set_header\): `X-Tenant blue` \(server, line 13\)/);
    assert.match(h.markdown, /\*\*upstream realtime\*\* \(line 7\): 127\.0\.0\.1:9001, 127\.0\.0\.1:9002 · balancing: round-robin; keepalive: off/);
  });

  test("the location syntax line keeps the star of ~* (only the emphasis around nginx's placeholders is Markdown)", async () => {
    const h = await at(14, 10);
    assert.ok(h);
    assert.match(h.markdown, /```nginx\nlocation \[ = \| ~ \| ~\* \| \^~ \] uri \{\.\.\.\};\nlocation @name \{\.\.\.\};\n```/);
    // Compact: nginx's long reference text is left to the module link.
    assert.doesNotMatch(h.markdown, /Sets configuration depending on a request URI/);
  });

  test('hovering inside a location, not on its keyword, still shows the short effective table', async () => {
    const h = await at(16, 14);
    assert.ok(h);
    assert.match(h.markdown, /\*\*Effective in this block\*\*/);
  });

  test('proxy_pass explains the URI rewrite and lists the upstream servers', async () => {
    const h = await at(15, 14);
    assert.ok(h);
    assert.match(h.markdown, /a request for `\/socket\/chat` reaches the backend as `\/chat`/);
    assert.match(h.markdown, /\*\*upstream realtime\*\* \(line 7\): `server 127\.0\.0\.1:9001`, `server 127\.0\.0\.1:9002`/);
  });

  test('a user variable shows the map that defines it, with file and line', async () => {
    const h = await at(18, 48);
    assert.ok(h);
    assert.match(h.markdown, /`\$connection_upgrade`, defined in nginx\.conf:3/);
    assert.match(h.markdown, /map \$http_upgrade \$connection_upgrade \{\n {4}default upgrade;\n {4}'' close;\n\}/);
  });

  test('a built-in prefix variable shows nginx\'s description', async () => {
    const h = await at(17, 39);
    assert.ok(h);
    assert.match(h.markdown, /`\$http_NAME` \(here `\$http_upgrade`\) — built in/);
  });
});

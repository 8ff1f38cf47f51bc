// Many files in one include tree (a hosting setup's sites-enabled/): indexing and analysing every file grows with
// the number of files, not with its square. Rules that look across the tree (servers of other files, upstreams
// used elsewhere, uses of names) once redid that look for every file. Work is counted, not timed (workCount.ts).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzePath } from '../../../server/src/service/analyze';
import { memoryHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { workRatio } from './workCount';

const ROOT = '/sites';

/** One site per file: an upstream of two servers, a plain-HTTP server with an http2 listen and a WebSocket location. */
function site(i: number): string {
  return `upstream app${i} {
    server 10.0.${i >> 8}.${i & 255}:8080;
    server 10.1.${i >> 8}.${i & 255}:8080;
}
server {
    listen 80 http2;
    server_name site${i}.acme.dev;
    limit_req zone=perip;
    location /ws/ {
        proxy_pass http://app${i};
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }
}
`;
}

function sites(n: number): Map<string, string> {
  const files = new Map<string, string>();
  // The main config's own TLS server shows that TLS is nginx's job here, so the plain sites are findings too.
  files.set(
    path.join(ROOT, 'nginx.conf'),
    'events {}\nhttp {\n    limit_req_zone $binary_remote_addr zone=perip:10m rate=10r/s;\n    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        \'\' close;\n    }\n    include sites-enabled/*.conf;\n    server {\n        listen 443 ssl;\n        server_name admin.acme.dev;\n        ssl_certificate tls/admin.crt;\n        ssl_certificate_key tls/admin.key;\n    }\n}\n',
  );
  for (let i = 0; i < n; i++) files.set(path.join(ROOT, 'sites-enabled', `site${String(i).padStart(4, '0')}.conf`), site(i));
  return files;
}

/** Index the tree and analyse every file, as `nginx-ws check` on the folder does; the number of findings. */
function checkAll(files: Map<string, string>): number {
  const ws = new Workspace(memoryHost(files));
  for (const p of files.keys()) ws.addFile(p);
  let findings = 0;
  for (const p of files.keys()) findings += analyzePath(ws, p).length;
  return findings;
}

describe('a tree of many files', { timeout: 120_000 }, () => {
  test('every file is analysed in its tree, and 4x the files do about 4x the work', (t) => {
    const small = sites(300);
    const large = sites(1200);
    // Each site has findings of the tree-wide rules (sticky upstream, http2, plain http): the work being counted is real.
    const perSite = checkAll(large) / 1200;
    assert.ok(perSite >= 3, `${perSite} findings per site`);
    const ratio = workRatio(() => checkAll(small), () => checkAll(large));
    t.diagnostic(`4x the files: ${ratio.toFixed(2)}x the work`);
    // Linear work gives about 4; a scan of the whole tree for each file gives up to 16.
    assert.ok(ratio < 6, `4x the files did ${ratio.toFixed(2)}x the work`);
  });
});

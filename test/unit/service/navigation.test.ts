import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { definition, documentLinks, references, workspaceSymbols } from '../../../server/src/service/navigation';
import { diskHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { fixtureDir } from '../../support/fixtureDir';

const dir = fixtureDir({
  'nginx.conf': `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    limit_conn_zone $binary_remote_addr zone=per_ip:1m;
    include conf.d/*.conf;
}
`,
  'conf.d/chat.conf': `upstream chat_pool {
    server 127.0.0.1:9001;
}
server {
    server_name chat.internal;
    location /ws/ {
        proxy_pass http://chat_pool;
        proxy_set_header Connection $connection_upgrade;
        limit_conn per_ip 20;
        try_files $uri @fallback;
    }
    location @fallback {
        proxy_pass http://chat_pool;
    }
}
`,
});
const ws = new Workspace(diskHost);
ws.addFolder(dir);
const chat = path.join(dir, 'conf.d/chat.conf');
const main = path.join(dir, 'nginx.conf');
const at = (uri: string, line: number, character: number): string => `${path.relative(dir, new URL(uri).pathname)}:${line}:${character}`;

describe('navigation across files', () => {
  test('go to definition of a map variable lands on the map in nginx.conf', () => {
    const [d] = definition(ws, chat, { line: 7, character: 40 });
    assert.equal(at(d.uri, d.range.start.line, d.range.start.character), 'nginx.conf:2:22');
  });

  test('go to definition of an upstream, a zone and a named location', () => {
    const up = definition(ws, chat, { line: 6, character: 28 });
    assert.deepEqual(up.map((l) => at(l.uri, l.range.start.line, l.range.start.character)), ['conf.d/chat.conf:0:9']);
    const zone = definition(ws, chat, { line: 8, character: 20 });
    assert.deepEqual(zone.map((l) => at(l.uri, l.range.start.line, l.range.start.character)), ['nginx.conf:6:40']);
    const named = definition(ws, chat, { line: 9, character: 28 });
    assert.deepEqual(named.map((l) => at(l.uri, l.range.start.line, l.range.start.character)), ['conf.d/chat.conf:11:13']);
  });

  test('find references of an upstream lists both proxy_pass uses, and the definition when asked', () => {
    const refs = references(ws, chat, { line: 0, character: 12 }, true);
    assert.deepEqual(refs.map((l) => at(l.uri, l.range.start.line, l.range.start.character)).sort(), [
      'conf.d/chat.conf:0:9',
      'conf.d/chat.conf:12:19',
      'conf.d/chat.conf:6:19',
    ]);
  });

  test('an include argument links to the file it names', () => {
    const [link] = documentLinks(ws, main);
    assert.equal(link.target, `file://${chat}`);
    assert.match(link.tooltip, /conf\.d\/chat\.conf/);
  });

  test('workspace symbols list servers, upstreams, maps and locations', () => {
    const names = workspaceSymbols(ws, '').map((s) => `${s.kind} ${s.name}`).sort();
    assert.deepEqual(names, ['location location /ws/', 'location location @fallback', 'map $connection_upgrade', 'server chat.internal', 'upstream chat_pool']);
    assert.deepEqual(workspaceSymbols(ws, 'CHAT').map((s) => s.name).sort(), ['chat.internal', 'chat_pool']);
  });
});

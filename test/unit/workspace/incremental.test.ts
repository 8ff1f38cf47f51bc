import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzePath } from '../../../server/src/service/analyze';
import { resolveSettings } from '../../../server/src/service/settings';
import { diskHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { fixtureDir } from '../../support/fixtureDir';

const main = (sites: string): string => `events {}\nhttp {\n    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      close;\n    }\n    include ${sites}/*.conf;\n}\n`;
const site = (timeout: string): string =>
  `server {\n    listen 127.0.0.1:8080;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n        proxy_read_timeout ${timeout};\n    }\n}\n`;

/** A named heartbeat, so that a short read timeout is a finding the edit can bring in. */
const SETTINGS = resolveSettings({ heartbeatInterval: 30 });

/** Every file's findings, as `rule line` lines: what a fresh workspace must agree with. */
function all(ws: Workspace): string[] {
  return [...ws.files].sort().flatMap((p) => analyzePath(ws, p, SETTINGS).map((f) => `${path.basename(p)} ${f.rule} ${f.range.start.line + 1}`));
}

function fresh(dir: string): Workspace {
  const ws = new Workspace(diskHost);
  ws.addFolder(dir);
  return ws;
}

describe('re-analysis after an edit', () => {
  const dir = fixtureDir({
    'a/nginx.conf': main('sites'),
    'a/sites/chat.conf': site('3600s'),
    'b/nginx.conf': main('sites'),
    'b/sites/feed.conf': site('3600s'),
  });
  const ws = fresh(dir);

  test('an edit that keeps the includes rebuilds only the tree that holds the file, and agrees with a fresh analysis', () => {
    const tree = (name: string) => ws.getTrees().find((t) => t.rootPath === path.join(dir, name, 'nginx.conf'));
    const [treeA, treeB] = [tree('a'), tree('b')];
    const chat = path.join(dir, 'a/sites/chat.conf');
    fs.writeFileSync(chat, site('20s'));
    ws.changed(chat);
    const [afterA, afterB] = [tree('a'), tree('b')];
    assert.ok(treeA && treeB);
    assert.notEqual(afterA, treeA, "the edited file's tree is rebuilt");
    assert.equal(afterB, treeB, 'the other project is untouched');
    assert.ok(all(ws).includes('chat.conf ws-read-timeout 8'));
    assert.deepEqual(all(ws), all(fresh(dir)));
  });

  test('an edit that changes an include rebuilds what reaches what', () => {
    const mainA = path.join(dir, 'a/nginx.conf');
    fs.mkdirSync(path.join(dir, 'a/other'));
    fs.writeFileSync(path.join(dir, 'a/other/x.conf'), 'server {\n    location / {\n        proxy_pass http://127.0.0.1:9001;\n    }\n}\n');
    ws.addFile(path.join(dir, 'a/other/x.conf'));
    fs.writeFileSync(mainA, main('other'));
    ws.changed(mainA);
    const reached = ws.getTrees().find((t) => t.rootPath === mainA)?.instances.map((i) => path.relative(dir, i.path));
    assert.deepEqual(reached, ['a/nginx.conf', 'a/other/x.conf']);
    assert.deepEqual(all(ws), all(fresh(dir)));
  });
});

describe('re-analysis of a file nothing includes, after an edit to its main config', () => {
  const conf = (upstream: string): string => `events {}\nhttp {\n${upstream}    include sites/*.conf;\n}\n`;
  const dir = fixtureDir({
    'nginx.conf': conf(''),
    'sites/app.conf': 'server {\n    listen 127.0.0.1:8080;\n}\n',
    'snippets/live.conf': 'location /api/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_set_header X-Mode $mode;\n}\n',
  });
  const ws = fresh(dir);

  test("a name the main config starts to define changes the snippet's findings as in a fresh analysis", () => {
    const before = all(ws);
    const mainConf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(mainConf, conf('    map $uri $mode {\n        default live;\n    }\n'));
    ws.changed(mainConf);
    const after = all(ws);
    assert.notDeepEqual(after, before);
    assert.deepEqual(after, all(fresh(dir)));
  });
});

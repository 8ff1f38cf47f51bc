import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completions } from '../../../server/src/service/completion';
import { memoryHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';

/** Completes at the `|` in the text of `target`, with the other files present. */
function complete(files: Record<string, string>, target: string) {
  const text = files[target];
  const offset = text.indexOf('|');
  const before = text.slice(0, offset);
  const pos = { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
  const map = new Map(Object.entries({ ...files, [target]: text.replace('|', '') }));
  const ws = new Workspace(memoryHost(map));
  for (const p of map.keys()) ws.addFile(p);
  return completions(ws, target, pos);
}

const MAIN = '/etc/nginx/nginx.conf';

describe('completion', () => {
  test('directive names valid in a conf.d file come from its http context, with their syntax', () => {
    const r = complete({ [MAIN]: 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n', '/etc/nginx/conf.d/a.conf': 'ups|\n' }, '/etc/nginx/conf.d/a.conf');
    const labels = r.items.map((i) => i.label);
    assert.ok(labels.includes('upstream') && labels.includes('map') && labels.includes('server'));
    assert.ok(!labels.includes('proxy_pass'), 'proxy_pass is not allowed at http level');
    assert.ok(labels.includes('ws-upstream') && labels.includes('ws-map'), 'http-level snippets are offered');
    assert.deepEqual(r.from, { line: 0, character: 0 });
  });

  test('in a location: location directives and the WebSocket location snippet', () => {
    const r = complete({ [MAIN]: 'events {}\nhttp {\n    server {\n        location / {\n            prox|\n        }\n    }\n}\n' }, MAIN);
    const labels = r.items.map((i) => i.label);
    assert.ok(labels.includes('proxy_pass') && labels.includes('proxy_read_timeout'));
    const detail = r.items.find((i) => i.label === 'proxy_http_version')?.detail;
    assert.equal(detail, 'proxy_http_version 1.0 | 1.1 | 2');
    assert.ok(labels.includes('ws-location'));
    assert.deepEqual(r.from, { line: 4, character: 12 });
  });

  test('argument values: on/off, proxy_http_version, ssl_protocols', () => {
    const loc = (stmt: string) => complete({ [MAIN]: `events {}\nhttp {\n    server {\n        location / {\n            ${stmt}\n        }\n    }\n}\n` }, MAIN).items.map((i) => i.label);
    assert.deepEqual(loc('proxy_http_version |'), ['1.1', '1.0', '2']);
    assert.deepEqual(loc('proxy_buffering |'), ['off', 'on']);
    assert.deepEqual(loc('gzip |'), ['on', 'off']);
  });

  test('variables after $: built-ins, prefix forms and the workspace\'s own', () => {
    const r = complete({ [MAIN]: 'events {}\nhttp {\n    map $http_upgrade $connection_upgrade { default upgrade; }\n    server {\n        location / {\n            proxy_set_header Connection $conn|\n        }\n    }\n}\n' }, MAIN);
    const labels = r.items.map((i) => i.label);
    assert.ok(labels.includes('$connection_upgrade'));
    assert.ok(labels.includes('$http_…') && labels.includes('$remote_addr'));
    assert.equal(r.items.find((i) => i.label === '$connection_upgrade')?.insertText, '$connection_upgrade');
  });

  test('upstream names after proxy_pass http://, and include paths', () => {
    const files = {
      [MAIN]: 'events {}\nhttp {\n    upstream chat_pool { server 127.0.0.1:9001; }\n    include conf.d/|\n    server {\n        location / {\n            proxy_pass http://ch\n        }\n    }\n}\n',
      '/etc/nginx/conf.d/chat.conf': '',
      '/etc/nginx/conf.d/api.conf': '',
    };
    assert.deepEqual(complete(files, MAIN).items.map((i) => i.label), ['conf.d/api.conf', 'conf.d/chat.conf']);
    const pass = complete({ [MAIN]: files[MAIN].replace('conf.d/|', 'conf.d/x.conf;').replace('http://ch', 'http://ch|;') }, MAIN);
    assert.deepEqual(pass.items.map((i) => i.insertText), ['http://chat_pool']);
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../../../server/src/parser/parse';
import { documentSymbols, type OutlineSymbol } from '../../../server/src/service/outline';

/** name (detail) and children, without ranges: the shape of the outline. */
function shape(symbols: OutlineSymbol[]): unknown[] {
  return symbols.map((s) => {
    const label = s.detail ? `${s.name} (${s.detail})` : s.name;
    return s.children.length > 0 ? { [label]: shape(s.children) } : label;
  });
}

describe('documentSymbols', () => {
  test('http > server (by server_name, else listen) > location; upstream and map by their arguments', () => {
    const file = parse(`events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
    upstream app { server 127.0.0.1:9000; }
    server {
        listen 443 ssl;
        listen [::]:443 ssl;
        server_name ws.example.test www.example.test;
        location /ws/ {
            if ($http_upgrade = "") { return 426; }
            proxy_pass http://app;
        }
        location = /health { return 200; }
    }
    server {
        listen 8080;
    }
    server {
    }
}
`);
    assert.deepEqual(shape(documentSymbols(file)), [
      'events',
      {
        http: [
          'map $http_upgrade $connection_upgrade',
          'upstream app',
          {
            'server ws.example.test www.example.test (listen 443, [::]:443)': [
              { 'location /ws/': ['if ($http_upgrade = "")'] },
              'location = /health',
            ],
          },
          'server 8080',
          'server',
        ],
      },
    ]);
  });

  test('ranges cover the block and the selection is the directive name', () => {
    const [http] = documentSymbols(parse('http {\n  server { listen 80; }\n}\n'));
    assert.deepEqual(http.range, { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } });
    assert.deepEqual(http.selectionRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } });
    assert.equal(http.kind, 'namespace');
    assert.equal(http.children[0].kind, 'class');
  });

  test('a broken file still gives an outline, and no name is empty', () => {
    const symbols = documentSymbols(parse('http {\n  { listen 80; }\n  server {\n'));
    const names: string[] = [];
    const walk = (list: OutlineSymbol[]): void => list.forEach((s) => (names.push(s.name), walk(s.children)));
    walk(symbols);
    assert.deepEqual(names, ['http', '{', 'server']);
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../parser/parse';
import type { BlockContext } from '../reference';
import { walkDirectives } from './contexts';

/** `name@context` for every directive the walker visits. */
function placed(text: string, root: BlockContext = 'main'): string[] {
  const out: string[] = [];
  walkDirectives(parse(text), root, (d, c) => out.push(`${d.name}@${c}`));
  return out;
}

describe('context walker', () => {
  test('main → events/http → server → location → if/limit_except, in file order', () => {
    const conf = `events { worker_connections 64; }
http {
    upstream app { server 127.0.0.1:9000; }
    server {
        if ($x) { return 403; }
        location / {
            if ($y) { proxy_pass http://app; }
            limit_except GET { deny all; }
            location /inner { root /srv; }
        }
    }
}`;
    assert.deepEqual(placed(conf), [
      'events@main',
      'worker_connections@events',
      'http@main',
      'upstream@http',
      'server@upstream',
      'server@http',
      'if@server',
      'return@if',
      'location@server',
      'if@location',
      'proxy_pass@if-location',
      'limit_except@location',
      'deny@limit_except',
      'location@location',
      'root@location',
    ]);
  });

  test('stream and mail have their own server and upstream contexts', () => {
    const conf = 'stream { upstream db { server 10.0.0.1:5432; } server { listen 5432; proxy_pass db; } }\nmail { server { listen 25; protocol smtp; } }';
    assert.deepEqual(placed(conf), [
      'stream@main',
      'upstream@stream',
      'server@stream-upstream',
      'server@stream',
      'listen@stream-server',
      'proxy_pass@stream-server',
      'mail@main',
      'server@mail',
      'listen@mail-server',
      'protocol@mail-server',
    ]);
  });

  test('data blocks and Lua bodies are not entered: their lines are no directives', () => {
    const conf = `map $http_upgrade $connection_upgrade { default upgrade; '' close; }
types { text/html html; }
geo $bad { default 0; 10.0.0.0/8 1; }
location / { content_by_lua_block { ngx.say("x") } }`;
    assert.deepEqual(placed(conf, 'http'), ['map@http', 'types@http', 'geo@http', 'location@http', 'content_by_lua_block@location']);
  });

  test('blocks whose inside nginx-ws does not model are not entered', () => {
    assert.deepEqual(placed('acme_issuer le { uri https://acme.example/dir; }', 'http'), ['acme_issuer@http']);
  });

  test('the root context is a parameter: an included file starts where its include site stands', () => {
    assert.deepEqual(placed('proxy_pass http://app;\nif ($a) { return 404; }', 'location'), ['proxy_pass@location', 'if@location', 'return@if-location']);
  });
});

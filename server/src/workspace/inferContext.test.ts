import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../parser/parse';
import { inferRootContext } from './inferContext';

const infer = (text: string) => inferRootContext(parse(text));

describe('context of a file nothing includes', () => {
  test('a comment before the first directive wins', () => {
    assert.equal(infer('# nginx-ws: context=location\nserver_name x;'), 'location');
    assert.equal(infer('# shared bits\n#nginx-ws:context=stream-server\nproxy_pass db;'), 'stream-server');
    // After the first directive it is an ordinary comment; an unknown name is ignored.
    assert.equal(infer('location / { }\n# nginx-ws: context=http'), 'server');
    assert.equal(infer('# nginx-ws: context=bogus\nlocation / { }'), 'server');
  });

  test('main-only directives make a main config', () => {
    assert.equal(infer('worker_processes 2;\nevents {}'), 'main');
    assert.equal(infer('http { server { listen 80; } }'), 'main');
    assert.equal(infer('include mime.types;\nstream { }'), 'main');
  });

  test('otherwise the context where the contents fit', () => {
    // conf.d: upstreams and servers.
    assert.equal(infer('upstream app { server 10.0.0.1:80; }\nserver { listen 80; location / { proxy_pass http://app; } }'), 'http');
    assert.equal(infer('map $a $b { default 1; }\nlog_format main "$b";'), 'http');
    // A file of locations is the inside of a server.
    assert.equal(infer('location / { return 204; }\nlocation /ws/ { proxy_pass http://127.0.0.1:9000; }'), 'server');
    // proxy_pass is not allowed in a server: a snippet of proxy lines belongs in a location.
    assert.equal(infer('proxy_pass http://app;\nproxy_set_header Host $host;'), 'location');
    // Lines allowed at every http level sit at the outermost.
    assert.equal(infer('proxy_set_header Host $host;\nproxy_read_timeout 60s;'), 'http');
    // Upstream members.
    assert.equal(infer('server 10.0.0.1:80 weight=2;\nserver 10.0.0.2:80 backup;\nkeepalive 16;'), 'upstream');
    // A stream server: proxy_pass directly in a server.
    assert.equal(infer('server { listen 5432; proxy_pass db; }'), 'stream');
    assert.equal(infer('listen 5432;\nproxy_pass db;'), 'stream-server');
  });

  test('nothing known: main', () => {
    assert.equal(infer(''), 'main');
    assert.equal(infer('# only a comment'), 'main');
    assert.equal(infer('frobnicate 1;'), 'main');
  });
});

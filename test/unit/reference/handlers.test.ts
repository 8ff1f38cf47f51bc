import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { handlerOf } from '../../../server/src/reference';

/** The table generated from nginx's source (scripts/gen-handlers.mjs): a few rows checked against the source. */
describe('handler kinds from nginx source', () => {
  test('generic slots, by context', () => {
    assert.equal(handlerOf('proxy_read_timeout', 'location')?.kind, 'msec');
    assert.equal(handlerOf('client_max_body_size', 'server')?.kind, 'off');
    assert.equal(handlerOf('proxy_buffer_size', 'http')?.kind, 'size');
    assert.equal(handlerOf('ssl_session_timeout', 'server')?.kind, 'sec');
    assert.equal(handlerOf('keepalive_requests', 'upstream')?.kind, 'num');
    assert.equal(handlerOf('keepalive_requests', 'location')?.kind, 'num');
    assert.notEqual(handlerOf('keepalive_requests', 'upstream')?.field, handlerOf('keepalive_requests', 'location')?.field);
  });

  test('enum and bitmask words, and num bounds', () => {
    assert.deepEqual(handlerOf('proxy_http_version', 'location')?.words, ['1.0', '1.1', '2']);
    assert.ok(handlerOf('ssl_protocols', 'server')?.words.includes('TLSv1.3'));
    assert.deepEqual(handlerOf('gzip_comp_level', 'location')?.bounds, { low: 1, high: 9 });
  });

  test('two directives that write one field share it; custom handlers that refuse a second call name their test', () => {
    assert.equal(handlerOf('proxy_downstream_buffer', 'stream-server')?.field, handlerOf('proxy_buffer_size', 'stream-server')?.field);
    assert.match(handlerOf('proxy_pass', 'location')?.field ?? '', /^dup:/);
    assert.equal(handlerOf('add_header', 'location')?.field, '');
  });

  test('a kind that changed since Debian\'s 1.22 is not judged', () => {
    assert.equal(handlerOf('http2_push_preload', 'location')?.kind, 'custom');
    assert.equal(handlerOf('proxy_limit_rate', 'location')?.kind, 'complex_size');
  });

  test('names nginx does not have', () => {
    assert.equal(handlerOf('more_set_headers', 'location'), undefined);
    assert.equal(handlerOf('proxy_read_timeout', 'events'), undefined);
  });
});

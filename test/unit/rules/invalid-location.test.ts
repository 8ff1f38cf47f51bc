import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { expectFindings, FILE, unmark } from '../../support/rules';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-location';
const srv = (body: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        ${body}\n    }`);

describe(RULE, () => {
  test('an unknown modifier', () => {
    expectNginxError(RULE, srv('location «~~» /a { }'), 'invalid location modifier "~~"');
  });

  test('a nested location outside its parent, with or without ^~, or under a regex', () => {
    expectNginxError(RULE, srv('location /app/ {\n            «location /b/ {»\n            }\n        }'), 'location "/b/" is outside location "/app/"');
    expectNginxError(RULE, srv('location ^~ /app/ { «location /b/ {» } }'), 'location "/b/" is outside location "/app/"');
    expectNginxError(RULE, srv('location ~ ^/a { «location /a {» } }'), 'location "/a" is outside location "^/a"');
  });

  test('nothing inside an exact or named location; named ones only at the server level', () => {
    expectNginxError(RULE, srv('location = /a { «location /a/b {» } }'), 'location "/a/b" cannot be inside the exact location "/a"');
    expectNginxError(RULE, srv('location @n { «location /a {» } }'), 'location "/a" cannot be inside the named location "@n"');
    expectNginxError(RULE, srv('location / { «location @n {» } }'), 'named location "@n" can be on the server level only');
  });

  test('the same prefix twice, ^~ or not; the same exact location twice', () => {
    expectNginxError(RULE, srv('location /a { }\n        location /b { }\n        «location /a {» }'), 'duplicate location "/a"');
    expectNginxError(RULE, srv('location ^~ /a { } «location /a {» }'), 'duplicate location "/a"');
    expectNginxError(RULE, srv('location = /a { } «location =/a {» }'), 'duplicate location "/a"');
  });

  test('a duplicate across an include of the same server', () => {
    const main = srv('location /a { }\n        include more.conf;');
    const more = '«location /a {» }\n';
    expectFindings(RULE, { [FILE]: main, '/etc/nginx/more.conf': more }, ['duplicate location "/a"'], '/etc/nginx/more.conf');
    const v = nginxTestFiles({ 'nginx.conf': main, 'more.conf': unmark(more).text });
    assert.equal(v.message, 'duplicate location "/a"', v.output);
    assert.match(v.file ?? '', /more\.conf$/);
  });

  test('what nginx accepts', () => {
    expectAccepted(
      RULE,
      srv('location /app/ { location /app/b/ { } location ~ \\.php$ { } }\n        location /a { location = /a { } }\n        location = / { } location / { }\n        location ~ ^/r { } location ~ ^/r { location ~ x { } }\n        location @a { } location @a { }\n        location /A { } location /A/ { } location =/x { } location ~*^/y { } location ^~/z { }'),
    );
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, FILE } from '../../support/rules';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-proxy-pass';
const URI_PART =
  '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block';

const loc = (head: string, body: string) => inHttp(`    server {\n        listen 127.0.0.1:8080;\n        location ${head} {\n            ${body}\n        }\n    }`);

describe(RULE, () => {
  test('ws:// is not a scheme nginx knows; the fix writes http://', () => {
    const conf = loc('/ws/', 'proxy_pass «ws://127.0.0.1:9000»;');
    expectNginxError(RULE, conf, 'invalid URL prefix');
    const fixed = applyFix(RULE, { [FILE]: conf });
    assert.match(fixed[FILE], /proxy_pass http:\/\/127\.0\.0\.1:9000;/);
  });

  test('wss:// becomes https://', () => {
    const conf = loc('/ws/', 'proxy_pass «wss://127.0.0.1:9443/socket»;');
    expectNginxError(RULE, conf, 'invalid URL prefix');
    assert.match(applyFix(RULE, { [FILE]: conf })[FILE], /proxy_pass https:\/\/127\.0\.0\.1:9443\/socket;/);
  });

  test('an address without a scheme has no fix to guess', () => {
    expectNginxError(RULE, loc('/', 'proxy_pass «127.0.0.1:9000»;'), 'invalid URL prefix');
  });

  test('ports outside 1-65535, or not a number', () => {
    expectNginxError(RULE, loc('/', 'proxy_pass «http://127.0.0.1:70000»;'), 'invalid port in upstream "127.0.0.1:70000"');
    expectNginxError(RULE, loc('/', 'proxy_pass «http://127.0.0.1:0/»;'), 'invalid port in upstream "127.0.0.1:0/"');
    expectNginxError(RULE, loc('/', 'proxy_pass «http://app:80x»;'), 'invalid port in upstream "app:80x"');
  });

  test('no host, and an empty unix socket path', () => {
    expectNginxError(RULE, loc('/', 'proxy_pass «http:///api»;'), 'no host in upstream "/api"');
    expectNginxError(RULE, loc('/', 'proxy_pass «http://unix:»;'), 'no path in the unix domain socket in upstream "unix:"');
  });

  test('a URI part in a regex location, a named location, an if, a limit_except', () => {
    expectNginxError(RULE, loc('~ ^/api/', 'proxy_pass «http://127.0.0.1:9000/»;'), URI_PART);
    expectNginxError(RULE, loc('~*^/api/', 'proxy_pass «http://127.0.0.1:9000?x=1»;'), URI_PART);
    expectNginxError(RULE, loc('@backend', 'proxy_pass «http://unix:/run/app.sock:/x»;'), URI_PART);
    expectNginxError(RULE, loc('/', 'if ($http_upgrade) { proxy_pass «http://127.0.0.1:9000/ws»; }'), URI_PART);
    expectNginxError(RULE, loc('/', 'limit_except GET { proxy_pass «http://127.0.0.1:9000/»; }'), URI_PART);
  });

  test('a port after the name of an upstream block, whichever comes first', () => {
    const before = inHttp('    upstream app { server 127.0.0.1:9000; }\n    server {\n        location / { proxy_pass «http://app:9000»; }\n    }');
    expectNginxError(RULE, before, 'upstream "app" may not have port 9000');
    const after = inHttp('    server {\n        location / { proxy_pass «http://App:9000»; }\n    }\n    upstream app { server 127.0.0.1:9000; }');
    expectNginxError(RULE, after, 'upstream "app" may not have port 9000');
  });

  test('grpc_pass, fastcgi_pass, uwsgi_pass take an address without a path', () => {
    expectNginxError(RULE, loc('/', 'grpc_pass «grpc://127.0.0.1:9000/x»;'), 'invalid host in upstream "127.0.0.1:9000/x"');
    expectNginxError(RULE, loc('/', 'fastcgi_pass «http://127.0.0.1:9000»;'), 'invalid host in upstream "http://127.0.0.1:9000"');
    expectNginxError(RULE, loc('/', 'uwsgi_pass «uwsgi://127.0.0.1:99999»;'), 'invalid port in upstream "127.0.0.1:99999"');
  });

  test('what nginx accepts: URI parts in prefix locations, variables, upper-case schemes, IPv6, unix sockets', () => {
    const conf = inHttp(`    upstream app { server 127.0.0.1:9000; }
    server {
        listen 127.0.0.1:8080;
        location /a/ { proxy_pass HTTP://127.0.0.1:9000/b/; }
        location ~ ^/c/ { proxy_pass http://127.0.0.1:9000$request_uri; }
        location ~ ^/d/ { proxy_pass http://app; }
        location /e/ { proxy_pass http://[::1]:9000/; }
        location /f/ { proxy_pass http://unix:/run/app.sock:/f/; }
        location @g { proxy_pass http://127.0.0.1; }
        location /h/ { if ($http_upgrade) { proxy_pass http://app; } grpc_pass grpcs://127.0.0.1:9443; }
        location /i/ { fastcgi_pass unix:/run/php.sock; }
        location /j/ { uwsgi_pass 127.0.0.1:9000; scgi_pass localhost:4000; }
    }`);
    expectAccepted(RULE, conf);
  });
});

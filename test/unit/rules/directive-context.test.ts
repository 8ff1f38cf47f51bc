import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { expectFindings, FILE, findingsOf } from '../../support/rules';
import { assertNginxAgrees } from './nginxAgrees';

const RULE = 'directive-context';

describe(RULE, () => {
  test('a directive after the http block, at main level', () => {
    const conf = `events {}
http {
    server {
        listen 127.0.0.1:8080;
    }
}
«limit_req_zone $binary_remote_addr zone=per_ip:10m rate=5r/s;»
`;
    expectFindings(RULE, { [FILE]: conf }, ['"limit_req_zone" directive is not allowed here']);
    assertNginxAgrees(conf);
  });

  test('proxy_pass in a server block, and in an if of a server', () => {
    const conf = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        «proxy_pass http://127.0.0.1:9000;»
        if ($request_method = POST) {
            «proxy_pass http://127.0.0.1:9001;»
        }
    }
}
`;
    expectFindings(RULE, { [FILE]: conf }, ['"proxy_pass" directive is not allowed here', '"proxy_pass" directive is not allowed here']);
    assertNginxAgrees(conf);
  });

  test('an if inside an if, and http directives in a stream server', () => {
    const conf = `events {}
stream {
    server {
        listen 127.0.0.1:5432;
        «proxy_set_header Host $host;»
        proxy_pass 127.0.0.1:5433;
    }
}
http {
    server {
        listen 127.0.0.1:8080;
        location / {
            if ($arg_a) {
                «if ($arg_b) {»
                    return 404;
                }
            }
        }
    }
}
`;
    expectFindings(RULE, { [FILE]: conf }, ['"proxy_set_header" directive is not allowed here', '"if" directive is not allowed here']);
  });

  test('the context is checked before the terminator, as nginx does', () => {
    const conf = `events {}
http {
    «location / {»
        return 204;
    }
}
`;
    expectFindings(RULE, { [FILE]: conf }, ['"location" directive is not allowed here']);
    assert.deepEqual(findingsOf('syntax', { [FILE]: conf }), []);
    assertNginxAgrees(conf);
  });

  test('an included file is checked in the context of its include site', () => {
    const files = {
      [FILE]: 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / {\n            include /etc/nginx/proxy.conf;\n        }\n    }\n}\n',
      '/etc/nginx/proxy.conf': 'proxy_pass http://127.0.0.1:9000;\n«listen 8081;»\n',
    };
    expectFindings(RULE, files, ['"listen" directive is not allowed here'], '/etc/nginx/proxy.conf');
  });

  test('a file nothing includes: a context comment, or what its contents say', () => {
    const snippet = '# nginx-ws: context=location\nproxy_pass http://127.0.0.1:9000;\n';
    assert.deepEqual(findingsOf(RULE, { '/etc/nginx/snippets/ws.conf': snippet }, '/etc/nginx/snippets/ws.conf'), []);
    const forcedWrong = '# nginx-ws: context=http\n«proxy_pass http://127.0.0.1:9000;»\n';
    expectFindings(RULE, { '/etc/nginx/snippets/ws.conf': forcedWrong }, ['"proxy_pass" directive is not allowed here'], '/etc/nginx/snippets/ws.conf');
    const confd = 'upstream app { server 127.0.0.1:9000; }\nserver {\n    listen 8080;\n    location / { proxy_pass http://app; }\n}\n';
    assert.deepEqual(findingsOf(RULE, { '/etc/nginx/conf.d/app.conf': confd }, '/etc/nginx/conf.d/app.conf'), []);
  });
});

describe('directive-context: snippets for several levels in one file', () => {
  const guide = 'worker_rlimit_nofile 65535;\nevents {\n    worker_connections 4096;\n}\n\nupstream app {\n    server 127.0.0.1:8000;\n}\nserver {\n    listen 80;\n}\n';

  test('a file beside nothing that shows events {} and then server and upstream with no http around them is read as a guide\'s snippets', () => {
    assert.deepEqual(findingsOf('directive-context', { '/srv/docs/lb.conf': guide }, '/srv/docs/lb.conf'), []);
  });

  test('named nginx.conf, the same text is a main config, and nginx -t refuses it', () => {
    const marked = guide.replace('upstream app {', '«upstream app {»').replace('server {\n    listen', '«server {»\n    listen');
    expectFindings('directive-context', { [FILE]: marked }, ['"upstream" directive is not allowed here', '"server" directive is not allowed here']);
    const verdict = nginxTestFiles({ 'nginx.conf': guide });
    assert.match(verdict.ok ? '' : (verdict.message ?? ''), /"upstream" directive is not allowed here/);
  });
});

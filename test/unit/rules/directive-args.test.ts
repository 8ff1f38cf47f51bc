import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';
import { assertNginxAgrees } from './nginxAgrees';

const RULE = 'directive-args';

const site = (location: string) => `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location /ws/ {
${location}        }
    }
}
`;

describe(RULE, () => {
  test('too many arguments', () => {
    const conf = site('            «proxy_pass http://127.0.0.1:9000 http://127.0.0.1:9001;»\n');
    expectFindings(RULE, { [FILE]: conf }, ['invalid number of arguments in "proxy_pass" directive']);
    assertNginxAgrees(conf);
  });

  test('a missing `;` glues the next line on: reported on the line nginx names', () => {
    const conf = site('            proxy_pass http://127.0.0.1:9000\n            «proxy_http_version 1.1;»\n');
    expectFindings(RULE, { [FILE]: conf }, ['invalid number of arguments in "proxy_pass" directive']);
    assertNginxAgrees(conf);
  });

  test('too few, and more than NGX_CONF_TAKE7 allows', () => {
    const conf = site('            «proxy_set_header Upgrade;»\n            «keepalive_timeout 1 2 3 4 5 6 7 8;»\n');
    expectFindings(RULE, { [FILE]: conf }, [
      'invalid number of arguments in "proxy_set_header" directive',
      'invalid number of arguments in "keepalive_timeout" directive',
    ]);
    assertNginxAgrees(conf);
  });

  test('on/off directives want on or off, in any letter case', () => {
    const conf = site('            «proxy_buffering no;»\n            proxy_request_buffering OFF;\n');
    expectFindings(RULE, { [FILE]: conf }, ['invalid value "no" in "proxy_buffering" directive, it must be "on" or "off"']);
    assertNginxAgrees(conf);
  });

  test('counts that vary: if conditions, error_page lists, upstream members with parameters', () => {
    const conf = `events {}
http {
    upstream app {
        server 127.0.0.1:9000 weight=2 max_fails=3 fail_timeout=10s;
    }
    server {
        listen 127.0.0.1:8080;
        error_page 500 502 503 504 /50x.html;
        location / {
            if ($http_upgrade = "websocket") { proxy_pass http://app; }
            proxy_buffering off;
        }
    }
}
`;
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
    assertNginxAgrees(conf);
  });

  test('third-party directives are counted as their module counts', () => {
    const conf = 'events {}\nhttp {\n    upstream app {\n        server 127.0.0.1:9000;\n        «check_http_send;»\n    }\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['invalid number of arguments in "check_http_send" directive']);
  });
});

describe(`${RULE}: parameters`, () => {
  const server = (body: string) => `events {}
http {
    upstream pool {
        server 127.0.0.1:9001 max_fails=3 fail_timeout=10s;
        server 127.0.0.1:9002 backup;
    }
    server {
${body}    }
}
`;

  test('a missing `;` after listen makes the next line parameters of listen: nginx names the first one', () => {
    const conf = server('        listen 127.0.0.1:8080\n        «server_name chat.internal;»\n');
    expectFindings(RULE, { [FILE]: conf }, ['invalid parameter "server_name"']);
    assertNginxAgrees(conf);
  });

  test('listen, upstream server and add_header parameters nginx knows pass', () => {
    const conf = server('        listen 127.0.0.1:8080 default_server reuseport backlog=511;\n        add_header X-Frame-Options DENY always;\n');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
    assertNginxAgrees(conf);
  });

  test('add_header takes only `always` after its value', () => {
    const conf = server('        listen 127.0.0.1:8080;\n        «add_header Content-Range bytes 0-1/100;»\n');
    expectFindings(RULE, { [FILE]: conf }, ['invalid parameter "0-1/100"']);
    assertNginxAgrees(conf);
  });
});

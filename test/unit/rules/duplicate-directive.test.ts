import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf, unmark } from '../../support/rules';
import { assertNginxAgrees, nginxAccepts } from './nginxAgrees';

const RULE = 'duplicate-directive';

const http = (body: string) => `events {}
http {
${body}}
`;

const site = (location: string, server = '') => http(`    server {
        listen 127.0.0.1:8080;
${server}        location / {
${location}        }
    }
`);

describe(RULE, () => {
  test('a one-value directive set twice in one block', () => {
    const conf = site('            proxy_read_timeout 3600s;\n            proxy_pass http://127.0.0.1:9000;\n            «proxy_read_timeout 60s;»\n');
    expectFindings(RULE, { [FILE]: conf }, ['"proxy_read_timeout" directive is duplicate']);
    assertNginxAgrees(conf);
  });

  test('every slot kind checks: flag, size, enum, str, path', () => {
    for (const [first, second] of [
      ['proxy_buffering on;', 'proxy_buffering off;'],
      ['client_max_body_size 1m;', 'client_max_body_size 2m;'],
      ['proxy_http_version 1.0;', 'proxy_http_version 1.1;'],
      ['default_type text/plain;', 'default_type text/html;'],
      ['proxy_temp_path /tmp/nginx-ws-a;', 'proxy_temp_path /tmp/nginx-ws-b;'],
    ]) {
      const conf = site(`            ${first}\n            «${second}»\n`);
      expectFindings(RULE, { [FILE]: conf }, [`"${second.split(' ')[0]}" directive is duplicate`]);
      assertNginxAgrees(conf);
    }
  });

  test('aliases of one field are duplicates of each other', () => {
    const conf = 'events {}\nstream {\n    server {\n        listen 127.0.0.1:9001;\n        proxy_pass 127.0.0.1:9000;\n        proxy_buffer_size 16k;\n        «proxy_downstream_buffer 16k;»\n    }\n}\n';
    // Debian's nginx builds stream as a module it does not ship: the message is nginx's own wording for a slot.
    expectFindings(RULE, { [FILE]: conf }, ['"proxy_downstream_buffer" directive is duplicate']);
  });

  test('not a duplicate: another level, an if block, list directives, word sets', () => {
    const conf = site(
      '            proxy_read_timeout 60s;\n            proxy_set_header A 1;\n            proxy_set_header B 2;\n            proxy_next_upstream error;\n            proxy_next_upstream timeout;\n            if ($arg_x) {\n                proxy_read_timeout 10s;\n            }\n',
      '        proxy_read_timeout 30s;\n',
    );
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
    assertNginxAgrees(conf);
  });

  test('across an include: the included file is the including block', () => {
    const main = site('            proxy_read_timeout 60s;\n            include timeouts.conf;\n');
    const inc = '«proxy_read_timeout 30s;»\n';
    const files = { [FILE]: main, '/etc/nginx/timeouts.conf': inc };
    expectFindings(RULE, files, ['"proxy_read_timeout" directive is duplicate'], '/etc/nginx/timeouts.conf');
    const v = nginxTestFiles({ 'nginx.conf': unmark(main).text, 'timeouts.conf': unmark(inc).text });
    assert.equal(v.message, '"proxy_read_timeout" directive is duplicate');
    assert.equal(v.line, 1);
  });

  test('root and alias set one thing', () => {
    const a = site('            root /srv/www;\n            «alias /srv/static/;»\n');
    expectFindings(RULE, { [FILE]: a }, ['"alias" directive is duplicate, "root" directive was specified earlier']);
    assertNginxAgrees(a);
    const b = site('            alias /srv/static/;\n            «root /srv/www;»\n');
    expectFindings(RULE, { [FILE]: b }, ['"root" directive is duplicate, "alias" directive was specified earlier']);
    assertNginxAgrees(b);
    const c = site('            root /srv/a;\n            «root /srv/b;»\n');
    expectFindings(RULE, { [FILE]: c }, ['"root" directive is duplicate']);
    assertNginxAgrees(c);
  });

  test('a root in the server and an alias in its location are fine', () => {
    const conf = site('            alias /srv/static/;\n', '        root /srv/www;\n');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
    assertNginxAgrees(conf);
  });

  test('a map takes one default', () => {
    const conf = http('    map $uri $backend {\n        default a;\n        /x b;\n        «default c;»\n    }\n');
    expectFindings(RULE, { [FILE]: conf }, ['duplicate default map parameter']);
    assertNginxAgrees(conf);
  });

  test('one default server per address and port, whatever the spelling of the wildcard', () => {
    const conf = http('    server {\n        listen 8081 default_server;\n    }\n    server {\n        «listen *:8081 default_server;»\n    }\n');
    expectFindings(RULE, { [FILE]: conf }, ['a duplicate default server for 0.0.0.0:8081']);
    assertNginxAgrees(conf);
  });

  test('default servers of different addresses, and a name nginx-ws cannot resolve, are left alone', () => {
    const conf = http(
      '    server {\n        listen 8081 default_server;\n    }\n    server {\n        listen 127.0.0.1:8081 default_server;\n    }\n    server {\n        listen 127.0.0.1:8082 default_server;\n    }\n',
    );
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
    assertNginxAgrees(conf);
  });
});

describe(`${RULE} fixes`, () => {
  test('removes the second line, and nginx then accepts the config', () => {
    const conf = site('            proxy_read_timeout 3600s;\n            proxy_read_timeout 60s;\n');
    const fixed = applyFix(RULE, { [FILE]: conf }, FILE, {}, 0);
    assert.equal(fixed[FILE], site('            proxy_read_timeout 3600s;\n'));
    nginxAccepts(fixed[FILE]);
  });

  test('a second default server loses its default_server word', () => {
    const conf = http('    server {\n        listen 8081 default_server;\n    }\n    server {\n        listen *:8081 default_server;\n    }\n');
    const fixed = applyFix(RULE, { [FILE]: conf }, FILE, {}, 0);
    assert.equal(fixed[FILE], http('    server {\n        listen 8081 default_server;\n    }\n    server {\n        listen *:8081;\n    }\n'));
    nginxAccepts(fixed[FILE]);
  });

  test('no fix is preferred: fix-all leaves the choice to the author', () => {
    const conf = site('            root /srv/a;\n            alias /srv/b/;\n');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf })[0].fixes.map((f) => f.preferred), [false]);
  });
});

describe('duplicate-directive: documentation excerpts', () => {
  test('two top-level http blocks of an excerpt with placeholders are alternatives, not a duplicate', () => {
    const excerpt = '# one way\nhttp {\n    limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;\n}\n# another way\nhttp {\n    geo $limited {\n        default 1;\n        10.0.0.1/32 0;\n        ...\n    }\n}\n';
    assert.deepEqual(findingsOf('duplicate-directive', { '/srv/docs/rate.conf': excerpt }, '/srv/docs/rate.conf'), []);
  });

  test('the same file without placeholders is a config nginx would refuse', () => {
    const config = 'events {}\nhttp {\n}\n«http {»\n}\n';
    expectFindings('duplicate-directive', { [FILE]: config }, ['"http" directive is duplicate']);
  });
});

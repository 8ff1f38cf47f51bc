import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-upgrade-header';

/** A server with one WebSocket location; `server` and `location` are extra lines for each. */
const config = (server: string, location: string): string => `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    server {
        listen 127.0.0.1:8080;
${server}        «location /live/socket» {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
${location}        }
    }
}
`;

const CONN = '            proxy_set_header Connection $connection_upgrade;\n';

/** Without headers, only the marker says the location is a WebSocket proxy. */
const MARKER = '            # nginx-ws: websocket\n';

describe(RULE, () => {
  test('fires on a WebSocket location that sets no Upgrade header, on the location line', () => {
    expectFindings(RULE, { [FILE]: config('', CONN) }, [/does not forward the client's Upgrade header \(the proxy_set_header lines in force here, set here, have no Upgrade\)/]);
  });

  test('fires when nothing at all is set, naming nginx dropping the hop-by-hop header', () => {
    expectFindings(RULE, { [FILE]: config('', MARKER) }, [/nginx drops this hop-by-hop header/]);
  });

  test('does not fire when the location forwards $http_upgrade', () => {
    const files = { [FILE]: config('', `            proxy_set_header Upgrade $http_upgrade;\n${CONN}`) };
    assert.deepEqual(findingsOf(RULE, files), []);
  });

  test('does not fire when the Upgrade line is inherited from the server and the location sets none', () => {
    const server = '        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server, '') }), []);
  });

  test('fires when the server sets Upgrade but the location has its own list, which drops it', () => {
    const server = '        proxy_set_header Upgrade $http_upgrade;\n';
    expectFindings(RULE, { [FILE]: config(server, CONN) }, [/\(its own proxy_set_header lines replace those of server at line 9, Upgrade included\)/]);
    const fixed = applyFix(RULE, { [FILE]: config(server, CONN) });
    assert.equal(fixed[FILE], config(server, `${CONN}            proxy_set_header Upgrade $http_upgrade;\n`).replace(/[«»]/g, ''));
  });

  test('does not fire on a plain HTTP location', () => {
    const plain = 'events {}\nhttp {\n    server {\n        location /api/ {\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }), []);
  });

  test('leaves a deliberate fixed value alone', () => {
    const files = { [FILE]: config('', `            proxy_set_header Upgrade websocket;\n${CONN}`) };
    assert.deepEqual(findingsOf(RULE, files), []);
  });

  test('an empty Upgrade value is flagged on the directive and replaced with $http_upgrade', () => {
    const text = config('', `            «proxy_set_header Upgrade "";»\n${CONN}`).replace('«location /live/socket»', 'location /live/socket');
    expectFindings(RULE, { [FILE]: text }, [/empty value, so nginx sends no Upgrade header/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.match(fixed[FILE], /\n {12}proxy_set_header Upgrade \$http_upgrade;\n/);
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('the fix adds the line after the location\'s last proxy_set_header; nginx -t accepts it; applying again changes nothing', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', CONN) });
    assert.equal(fixed[FILE], config('', `${CONN}            proxy_set_header Upgrade $http_upgrade;\n`).replace(/[«»]/g, ''));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('in a location with no list of its own, the fix copies the inherited lines too, so none is lost', () => {
    const server = '        proxy_set_header Host $host;\n        proxy_set_header X-Real-IP $remote_addr;\n';
    const fixed = applyFix(RULE, { [FILE]: config(server, MARKER) });
    const expected = config(server, MARKER).replace(/[«»]/g, '').replace(
      'proxy_http_version 1.1;\n',
      'proxy_http_version 1.1;\n            proxy_set_header Host $host;\n            proxy_set_header X-Real-IP $remote_addr;\n            proxy_set_header Upgrade $http_upgrade;\n',
    );
    assert.equal(fixed[FILE], expected);
    assert.deepEqual(findingsOf(RULE, fixed), []);
    assert.deepEqual(findingsOf('header-inheritance', fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('a tab-indented file gets tabs', () => {
    const text = 'events {}\nhttp {\n\tserver {\n\t\tlisten 127.0.0.1:8080;\n\t\tlocation /ws/ {\n\t\t\tproxy_pass http://127.0.0.1:9000;\n\t\t\tproxy_set_header Connection "upgrade";\n\t\t}\n\t}\n}\n';
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], text.replace('"upgrade";\n', '"upgrade";\n\t\t\tproxy_set_header Upgrade $http_upgrade;\n'));
  });

  test('an `if` inside the location gets the line in the location, where nginx allows proxy_set_header', () => {
    const text = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location /ws/ {
            proxy_http_version 1.1;
            proxy_set_header Connection "upgrade";
            «if ($arg_beta)» {
                proxy_pass http://127.0.0.1:9001;
            }
        }
    }
}
`;
    expectFindings(RULE, { [FILE]: text }, [/does not forward/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.match(fixed[FILE], /"upgrade";\n {12}proxy_set_header Upgrade \$http_upgrade;\n {12}if/);
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('# nginx-ws-disable-next-line above the location silences it', () => {
    const text = config('', CONN).replace(/[«»]/g, '').replace('        location /live', '        # nginx-ws-disable-next-line ws-upgrade-header\n        location /live');
    assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
  });
});

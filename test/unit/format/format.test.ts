import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, editsInRange, formatText } from '../../../server/src/format/format';
import { nginxAccepts } from '../rules/nginxAgrees';

function fmt(text: string, indent = '    '): string {
  const r = formatText(text, { indent });
  assert.equal(r.kind, 'formatted', JSON.stringify(r));
  return r.kind === 'formatted' ? r.text : '';
}

/** A main config around `body` (an http-level text), for nginx -t. */
const main = (body: string): string => `events {}\nhttp {\n${body}}\n`;

describe('formatter', () => {
  test('a log_format of quoted JSON keeps every byte inside its quotes; only the indentation changes (continuation lines keep their depth under the directive)', () => {
    const input = main(`log_format   json_log escape=json
   '{"time":"$time_iso8601","uri":"$request_uri",'
   '"status": $status, "ua":"$http_user_agent"}';
`);
    const output = fmt(input);
    assert.equal(
      output,
      `events {}
http {
    log_format json_log escape=json
       '{"time":"$time_iso8601","uri":"$request_uri",'
       '"status": $status, "ua":"$http_user_agent"}';
}
`,
    );
    nginxAccepts(input);
    nginxAccepts(output);
  });

  test('continuation lines lined up under the first string stay lined up', () => {
    assert.equal(
      fmt(`http {
log_format main '$remote_addr [$time_local] '
                '"$request" $status';
}
`),
      `http {
    log_format main '$remote_addr [$time_local] '
                    '"$request" $status';
}
`,
    );
  });

  test('a quoted regex with {3} stays one word, and the block after it is laid out', () => {
    const input = main(`server { listen 127.0.0.1:8080;
location ~ "^/v[0-9]{3}/(.*)$" { return 200 "$1"; } }
`);
    const output = fmt(input);
    assert.equal(
      output,
      `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location ~ "^/v[0-9]{3}/(.*)$" {
            return 200 "$1";
        }
    }
}
`,
    );
    nginxAccepts(input);
    nginxAccepts(output);
  });

  test('${VAR} templates, quoted or not, are words like any other', () => {
    assert.equal(
      fmt('server {\n  listen ${PORT};\n      proxy_pass http://${BACKEND}:8080;\n  set $greeting "${HELLO} world";\n}\n'),
      'server {\n    listen ${PORT};\n    proxy_pass http://${BACKEND}:8080;\n    set $greeting "${HELLO} world";\n}\n',
    );
  });

  test('a Lua block body moves as a whole to its new depth, braces and strings inside it untouched', () => {
    assert.equal(
      fmt(`location /t {
content_by_lua_block {
  local t = { a = "}" }
      if t.a then
          ngx.say("{", t.a)
      end
  }
}
`),
      `location /t {
    content_by_lua_block {
        local t = { a = "}" }
            if t.a then
                ngx.say("{", t.a)
            end
    }
}
`,
    );
  });

  test('a Lua body with a long string is left exactly as written: its lines may be data', () => {
    const body = ` {\n  local s = [[\n  keep   this\n]]\n  ngx.say(s)\n  }`;
    assert.equal(fmt(`server {\ncontent_by_lua_block${body}\n}\n`), `server {\n    content_by_lua_block${body}\n}\n`);
  });

  test('comments stay where they are: after a directive, after {, after }, between arguments', () => {
    assert.equal(
      fmt(`server {   # the main site
# before listen
listen 80;      # plain http
location / { proxy_pass   # to the app
  http://app; }  # end of location
}
`),
      `server { # the main site
    # before listen
    listen 80; # plain http
    location / {
        proxy_pass # to the app
            http://app;
    } # end of location
}
`,
    );
  });

  test('runs of blank lines collapse to one; blank lines at the start, end and inside the braces go', () => {
    assert.equal(fmt('\n\nuser nginx;\n\n\n\nevents {\n\n  worker_connections 64;\n\n}\n\n\n'), 'user nginx;\n\nevents {\n    worker_connections 64;\n}\n');
  });

  test('one directive per line, and an empty block becomes {}', () => {
    assert.equal(fmt('events {} http { gzip on; gzip_types text/css; }'), 'events {}\nhttp {\n    gzip on;\n    gzip_types text/css;\n}\n');
    assert.equal(fmt('http {\n  server {   }\n  server {\n\n  }\n}\n'), 'http {\n    server {}\n    server {}\n}\n');
  });

  test('a comment before a { or a ; keeps its line; what follows it starts the next one', () => {
    assert.equal(
      fmt('server {\nlocation /a # why\n{\n}\nreturn 200 # why\n;\n}\n'),
      'server {\n    location /a # why\n    {}\n    return 200 # why\n        ;\n}\n',
    );
  });

  test('map, geo and types bodies keep the spacing inside each line; only their indentation changes', () => {
    const input = main(`map $http_upgrade $connection_upgrade {
        default     upgrade;
        ''          close;
}
types {   text/html    html htm;
  image/png    png; }
`);
    const output = fmt(input);
    assert.equal(
      output,
      `events {}
http {
    map $http_upgrade $connection_upgrade {
        default     upgrade;
        ''          close;
    }
    types {
        text/html    html htm;
        image/png    png;
    }
}
`,
    );
    nginxAccepts(input);
    nginxAccepts(output);
  });

  test('words the source wrote together stay together: if ($a = "b") keeps its parenthesis', () => {
    assert.equal(fmt('server {\nif ($request_method = "POST") { return 405; }\n}\n'), 'server {\n    if ($request_method = "POST") {\n        return 405;\n    }\n}\n');
  });

  test('a CRLF file keeps CRLF line breaks', () => {
    assert.equal(fmt('events {\r\nworker_connections 64;\r\n\r\n\r\n}\r\nhttp {}'), 'events {\r\n    worker_connections 64;\r\n}\r\nhttp {}\r\n');
  });

  test('the indent setting: tabs, or two spaces', () => {
    const input = 'http {\n    server {\n        listen 80;\n    }\n}\n';
    assert.equal(fmt(input, '\t'), 'http {\n\tserver {\n\t\tlisten 80;\n\t}\n}\n');
    assert.equal(fmt(input, '  '), 'http {\n  server {\n    listen 80;\n  }\n}\n');
  });

  test('a file with a syntax error is not formatted: nginx would stop on it', () => {
    const r = formatText('http {\n  server {\n listen 80\n  }\n}\n', { indent: '    ' });
    assert.equal(r.kind, 'syntax-error');
    assert.equal(r.kind === 'syntax-error' ? r.issue.message : '', 'unexpected "}"');
  });

  test('an already formatted file gives no edits', () => {
    const r = formatText('http {\n    gzip on;\n}\n', { indent: '    ' });
    assert.deepEqual(r.kind === 'formatted' ? r.edits : undefined, []);
  });

  test('range formatting changes only the lines in the range', () => {
    const input = 'http {\n  gzip on;\n      gzip_vary on;\n  server_tokens off;\n}\n';
    const r = formatText(input, { indent: '    ' });
    assert.ok(r.kind === 'formatted');
    const line3 = input.indexOf('      gzip_vary');
    const inRange = editsInRange(r.edits, line3, input.indexOf('\n', line3));
    assert.equal(applyEdits(input, inRange), 'http {\n  gzip on;\n    gzip_vary on;\n  server_tokens off;\n}\n');
  });
});

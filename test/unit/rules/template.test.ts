import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { expectFindings, findingsOf, unmark } from '../../support/rules';
import { analyzeFiles } from '../../../server/src/service/analyze';
import { readTemplate } from '../../../server/src/parser/template';
import { resolveSettings } from '../../../server/src/service/settings';
import type { Settings } from '../../../server/src/rules/settings';

const RULE = 'template';

/** Every finding on `target` as `rule line:col`, 1-based line. */
function allFindings(files: Record<string, string>, target: string, settings: Partial<Settings> = {}): string[] {
  const map = new Map(Object.entries(files).map(([p, t]) => [p, unmark(t).text]));
  return analyzeFiles(map, target, resolveSettings(settings)).findings.map((f) => `${f.rule} ${f.range.start.line + 1}:${f.range.start.character}`);
}

const MAIN = '/etc/nginx/nginx.conf';
const withMain = (site: string, sitePath: string): Record<string, string> => ({
  [MAIN]: `events {}\nhttp {\n    include ${sitePath};\n}\n`,
  [sitePath]: site,
});

// An Ansible role's site: the WebSocket location exists only when the role enables it, and lacks proxy_http_version.
const ANSIBLE_SITE = `# {{ ansible_managed }}
upstream {{ app_name }}_app {
    server 127.0.0.1:{{ app_port }};
}

server {
    listen 443 ssl;
    server_name {{ server_name }};
    ssl_certificate /etc/ssl/certs/{{ server_name }}.pem;
    ssl_certificate_key /etc/ssl/private/{{ server_name }}.key;

    location / {
        proxy_pass http://{{ app_name }}_app;
    }
{% if app_websocket | default(false) %}
    «location /cable» {
        proxy_pass http://127.0.0.1:{{ cable_port }};
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_read_timeout 1h;
    }
{% endif %}
}
`;

describe(RULE, () => {
  test('a WebSocket mistake inside a Jinja {% if %} branch is still found, and nothing about the tags', () => {
    const site = '/etc/nginx/sites-enabled/app.conf.j2';
    const [found] = expectFindings('ws-http-version', withMain(ANSIBLE_SITE, site), [/proxies with HTTP\/1\.0 \(nginx's default before 1\.29\.7\)/], site);
    assert.deepEqual(found.fixes, [], 'no edits computed on a half-read template');
    assert.deepEqual(
      allFindings(withMain(ANSIBLE_SITE, site), site).filter((f) => !f.startsWith('ws-')),
      ['template 1:2'],
      'only the one template note besides the WebSocket findings',
    );
    // What the role renders with the branch on is a config nginx loads: the finding is about behaviour, as its rule says.
    const rendered = unmark(ANSIBLE_SITE)
      .text.replace(/\{\{ app_name \}\}/g, 'shop')
      .replace('{{ app_port }}', '3000')
      .replace('{{ cable_port }}', '3001')
      .replace(/\{\{ server_name \}\}/g, 'localhost')
      .replace(/\{[#%][^\n]*[#%]\}\n/g, '')
      .replace('{{ ansible_managed }}', 'managed')
      .replace(/ssl_certificate.*\n/g, '')
      .replace('listen 443 ssl', 'listen 127.0.0.1:8443');
    const v = nginxTestFiles({ 'nginx.conf': `events {}\nhttp {\n${rendered}}\n` });
    assert.ok(v.ok, v.output);
  });

  test('says once what the file is and how it is read, at its first tag', () => {
    const site = '/etc/nginx/sites-enabled/app.conf.j2';
    const files = withMain(ANSIBLE_SITE.replace('# {{ ansible_managed }}', '# «{{ ansible_managed }}»').replace(/«location \/cable»/, 'location /cable'), site);
    expectFindings(
      RULE,
      files,
      ['this file is a Jinja template (by its name): nginx-ws checks the config it renders to, with every branch kept, and says nothing about what a tag writes'],
      site,
    );
  });

  test('a Go template is read as the config it renders to: tags in values and names are opaque words', () => {
    const site = '/etc/nginx/conf.d/default.conf';
    const text = `server {
    listen «{{ .Port }}»;
    server_name {{ .Domain }} www.{{ .Domain }};
    {{ if .Tls }}listen {{ .TlsPort }} ssl;{{ end }}
    location / {
        proxy_pass http://{{ .Backend }};
        proxy_set_header X-Tenant \${{ .TenantVar }};
        {{ .ExtraDirective }} on;
    }
}
`;
    // nginx refuses the template as it stands; nginx-ws says only what it is.
    const raw = nginxTestFiles({ 'nginx.conf': `events {}\nhttp {\n${unmark(text).text}}\n` });
    assert.equal(raw.ok, false);
    expectFindings(RULE, withMain(text, site), [/^this file is a Go template \(by its tags\)/], site);
    assert.deepEqual(allFindings(withMain(text, site), site), ['template 2:11']);
  });

  test('a tag that stands for whole directives silences the block it is in, not the rest of the file', () => {
    const site = '/etc/nginx/conf.d/app.tmpl';
    const text = `server {
    listen 127.0.0.1:8080;
    location /ws/ {
        {{ template "websocket-headers" . }}
        proxy_pass http://127.0.0.1:9000;
    }
    «location /live/» {
        proxy_pass http://127.0.0.1:9001;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`;
    // The template may set proxy_http_version 1.1 in /ws/; /live/ is all there.
    expectFindings('ws-http-version', withMain(text, site), [/HTTP\/1\.0/], site);
  });

  test('hidden directives cannot make a directive right: its own mistakes stay, unless main-level tags may load modules', () => {
    const site = '/etc/nginx/conf.d/app.tmpl';
    const text = `server {\n    {{ .ExtraServerLines }}\n    «proxy_buferring off;»\n}\n`;
    expectFindings('unknown-directive', withMain(text, site), [/^unknown directive "proxy_buferring"/], site);
    // At the top of a main config, a snippet may hold `load_module` lines: which directives exist is unknown.
    const main = '/etc/nginx/nginx.conf.tmpl';
    const mainText = `{{ .MainSnippet }}\nevents {}\nhttp {\n    server {\n        opentelemetry on;\n    }\n}\n`;
    assert.deepEqual(findingsOf('unknown-directive', { [main]: mainText }, main), []);
    assert.equal(findingsOf('unknown-directive', { [main]: mainText.replace('{{ .MainSnippet }}', '# {{ .Checksum }}') }, main).length, 1);
  });

  test('a tag alone on its line inside a quoted value is part of the value, not hidden directives', () => {
    const site = '/etc/nginx/conf.d/index.conf.tmpl';
    const text = `server {
    listen 127.0.0.1:8080;
    location = / {
        return 200 '<ul>
{{ range .Apps }}<li>{{ .Name }}</li>{{ end }}
{{ .Footer }}
</ul>';
    }
    «location /ws/» {
        proxy_pass http://127.0.0.1:9000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`;
    expectFindings('ws-http-version', withMain(text, site), [/HTTP\/1\.0/], site);
    const view = readTemplate(unmark(text).text, site);
    const footer = view?.info.tags.find((t) => unmark(text).text.slice(t.start, t.end) === '{{ .Footer }}');
    assert.equal(footer?.role, 'word');
  });

  test('braces opened in one branch and closed in another: one note, no false syntax errors', () => {
    const site = '/etc/nginx/conf.d/app.conf.j2';
    const text = `«{% if tls %}»
server {
    listen 127.0.0.1:8443;
{% else %}
server {
    listen 127.0.0.1:8080;
{% endif %}
    location / {
        return 204;
    }
}
`;
    // Each rendering loads; both branches kept would not.
    for (const branch of [0, 1]) {
      const lines = unmark(text).text.split('\n');
      const rendered = [...lines.slice(1 + 3 * branch, 3 + 3 * branch), ...lines.slice(7)].join('\n');
      const v = nginxTestFiles({ 'nginx.conf': `events {}\nhttp {\n${rendered}}\n` });
      assert.ok(v.ok, v.output);
    }
    expectFindings(
      RULE,
      withMain(text, site),
      [
        'this file is a Jinja template (by its name), and the braces of the `if tls` branch do not match up inside it: which block each brace closes depends on the values of the tags, so nginx-ws checks nothing in it',
      ],
      site,
    );
    assert.deepEqual(allFindings(withMain(text, site), site), ['template 1:0']);
  });

  test('an {% if %} that is never closed stops the reading too', () => {
    const site = '/etc/nginx/conf.d/app.conf.j2';
    const text = `server {\n    listen 127.0.0.1:8080;\n    «{% if debug %}»\n    error_log /dev/stderr debug;\n}\n`;
    expectFindings(RULE, withMain(text, site), [/, and `if debug` is never closed: /], site);
    const go = '/etc/nginx/conf.d/app.tmpl';
    const goText = `server {\n    listen 127.0.0.1:8080;\n}\n«{{ define "extra" }}»\nlocation / {}\n`;
    expectFindings(RULE, withMain(goText, go), [/, and `define "extra"` is never closed: /], go);
  });

  test('etlua: <%= %> values and <% if %> lines', () => {
    const site = '/etc/nginx/conf.d/app.conf.etlua';
    const text = `server {
    listen «<%= port %>»;
    <% if ssl then %>
    ssl_certificate <%- cert %>;
    <% end %>
    location / {
        return 200 "<%= greeting %>";
    }
}
`;
    expectFindings(RULE, withMain(text, site), [/^this file is an etlua template \(by its name\)/], site);
    assert.deepEqual(allFindings(withMain(text, site), site), ['template 2:11']);
  });

  test('envsubst (*.template, as the Docker image renders them): ${NAME} is a value, nginx variables stay variables', () => {
    const site = '/etc/nginx/templates/default.conf.template';
    const text = `server {
    listen «\${NGINX_PORT}»;
    location / {
        proxy_pass http://\${BACKEND_HOST}:\${BACKEND_PORT};
        proxy_set_header Host $host;
        proxy_set_header X-Trace $trace_id;
    }
}
`;
    expectFindings(RULE, withMain(text, site), [/^this file is an envsubst template \(by its name\)/], site);
    // $trace_id is nginx's to resolve: still an unknown variable.
    assert.deepEqual(allFindings(withMain(text, site), site), ['template 2:11', 'undefined-variable 6:33']);
  });

  test('a template that no config includes as it stands: the names it uses are not judged', () => {
    // Rendered to conf.d/app.conf by a deploy script; the map lives in nginx.conf's http block.
    const files = {
      [MAIN]: 'events {}\nhttp {\n    map $http_upgrade $connection_upgrade { default upgrade; "" close; }\n    include /etc/nginx/conf.d/*.conf;\n}\n',
      '/etc/nginx/templates/app.conf.tmpl': 'server {\n    location /ws/ {\n        proxy_pass http://{{ .Backend }};\n        proxy_set_header Connection $connection_upgrade;\n        proxy_set_header X-Id $request_tag;\n    }\n}\n',
    };
    assert.deepEqual(findingsOf('undefined-variable', files, '/etc/nginx/templates/app.conf.tmpl'), []);
    // The same lines as a plain config that nothing includes: its own unknown name is reported as before.
    const plain = { ...files, '/etc/nginx/templates/app.conf': files['/etc/nginx/templates/app.conf.tmpl'].replace('{{ .Backend }}', '127.0.0.1:9000') };
    assert.ok(findingsOf('undefined-variable', plain, '/etc/nginx/templates/app.conf').length > 0);
  });

  test('nginxWs.templates names a template that neither its name nor its tags reveal', () => {
    const site = '/etc/nginx/conf.d/app.conf';
    const text = 'server {\n    location / {\n        proxy_pass http://${backend};\n    }\n}\n';
    assert.deepEqual(allFindings(withMain(text, site), site), ['undefined-variable 3:26']);
    assert.deepEqual(allFindings(withMain(text, site), site, { templates: ['conf.d/*.conf'] }), ['template 3:26']);
    assert.deepEqual(allFindings(withMain(text, site), site, { templates: ['**/other/*.conf'] }), ['undefined-variable 3:26']);
  });

  test('not templates: Lua templates inside a Lua block, tags only in comments, nginx ${var}', () => {
    const plain = `server {
    # replace {{ DOMAIN }} before use
    listen 127.0.0.1:8080;
    set $name world;
    location / {
        content_by_lua_block {
            local t = "{% if x then %}{{ y }}{% end %}"
            ngx.say(t)
        }
        return 200 "\${name}";
    }
}
`;
    const site = '/etc/nginx/conf.d/app.conf';
    assert.deepEqual(findingsOf(RULE, withMain(plain, site), site), []);
  });

  test('bad input never throws', () => {
    const site = '/etc/nginx/conf.d/x.tmpl';
    for (const text of ['{{', '{{ end }}', '{{ if }}{{ else }}{{ else }}', '<% end %>}}{%', '{{ define "a" }}{', '{% macro x() %}', '\u0000{{\u0000}}', '{{/* */}}'.repeat(1000)]) {
      assert.doesNotThrow(() => allFindings(withMain(text, site), site));
    }
  });
});

describe('placeholders left for a script or a reader to fill in', () => {
  const site = '/srv/proxy/conf.d/site.conf';
  test('__NAME__ words filled by an entrypoint, a line of ..., {ip} before a port: one note, no errors', () => {
    for (const text of [
      'server {\n    listen 80;\n    location / {\n        proxy_pass http://__SERVICE__:__PORT__;\n    }\n}\n',
      'server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:9000;\n        ...\n    }\n}\n',
      'upstream app {\n    server {ip}:8065;\n}\nserver {\n    listen 80;\n}\n',
    ]) {
      const body = text;
      const all = analyzeFiles(new Map([[site, text]]), site, resolveSettings({})).findings;
      assert.deepEqual(all.filter((f) => f.severity === 'error').map((f) => f.message), [], body);
      assert.equal(all.filter((f) => f.rule === 'template').length, 1, body);
    }
  });
});

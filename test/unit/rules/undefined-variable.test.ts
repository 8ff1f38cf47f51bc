import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { expectFindings, FILE, unmark } from '../../support/rules';

const RULE = 'undefined-variable';

const http = (body: string): string => `events {}\nhttp {\n${body}\n    server {\n        listen 127.0.0.1:8080;\n    }\n}\n`;

/**
 * Asserts what Debian's `nginx -t` says about the config (markers removed): `undefined` when it loads, else the
 * `unknown "name" variable` it stops on; then that we report exactly the marked ranges with that message.
 */
function judge(marked: string, nginxSays: string | undefined): void {
  const v = nginxTestFiles({ 'nginx.conf': unmark(marked).text });
  assert.equal(v.ok ? undefined : v.message, nginxSays, v.output);
  expectFindings(RULE, { [FILE]: marked }, nginxSays ? [nginxSays] : []);
}

/** For module directives Debian's nginx does not load: only our side can be checked. */
const ours = (marked: string): void => void expectFindings(RULE, { [FILE]: marked }, []);

describe(`${RULE}: names`, () => {
  test('names are case-insensitive: nginx -t accepts $Host, $HTTP_UPGRADE and set $MyVar then $myvar', () => {
    judge(http('    server { listen 127.0.0.1:8081; set $MyVar 1; return 200 "$Host $HTTP_UPGRADE $myvar"; }'), undefined);
    judge(http('    map $URI $Mixed { default 1; }\n    server { listen 127.0.0.1:8081; return 200 $mIXED; }'), undefined);
  });

  test('an unknown name is reported lowercased, as nginx -t says it: unknown "nosuch" variable', () => {
    judge(http('    server { listen 127.0.0.1:8081; return 200 «$NoSuch»; }'), 'unknown "nosuch" variable');
  });
});

describe(`${RULE}: captures`, () => {
  test('$1_v2 and $12 are capture 1 then text: nginx -t accepts them', () => {
    judge(http('    server { listen 127.0.0.1:8081; location ~ ^/(a)$ { return 200 "$1_v2 $12"; } }'), undefined);
  });

  test('${1} is the variable "1", not a capture: nginx -t says unknown "1" variable', () => {
    judge(http('    server { listen 127.0.0.1:8081; location ~ ^/(a)$ { return 200 "«${1}»x"; } }'), 'unknown "1" variable');
  });

  test('$0 is the variable "0": nginx -t says unknown "0" variable', () => {
    judge(http('    server { listen 127.0.0.1:8081; location ~ ^/(a)$ { return 200 «$0»; } }'), 'unknown "0" variable');
  });
});

describe(`${RULE}: named captures`, () => {
  test('a map key regex defines its named captures (?<name> and (?P<name>: nginx -t accepts', () => {
    judge(http('    map $uri $m { ~^/(?<mk>[a-z]+)/(?P<mp>.*)$ 1; default 0; }\n    server { listen 127.0.0.1:8081; return 200 "$m $mk $MP"; }'), undefined);
  });

  test('if, location and server_name regexes define their named captures: nginx -t accepts', () => {
    judge(http('    server { listen 127.0.0.1:8081; if ($uri ~ ^/(?<ik>.*)$) { return 200 $ik; } }'), undefined);
    judge(http("    server { listen 127.0.0.1:8081; location ~ ^/(?<lk>.*)/(?'lq'.*)$ { return 200 $lk$lq; } }"), undefined);
    judge(http('    server { listen 127.0.0.1:8081; server_name ~^(?<sk>.+)\\.example\\.com$; return 200 $sk; }'), undefined);
  });
});

describe(`${RULE}: map values`, () => {
  test('an unknown variable in a map value: nginx -t says unknown "nosuchvar" variable', () => {
    judge(http('    map $uri $m { default «$nosuchvar»; }\n    server { listen 127.0.0.1:8081; return 200 $m; }'), 'unknown "nosuchvar" variable');
    judge(http('    map $uri $m { /a x«${nosuchvar}»; default 0; }\n    server { listen 127.0.0.1:8081; return 200 $m; }'), 'unknown "nosuchvar" variable');
  });
});

describe(`${RULE}: directives that take no variables`, () => {
  test('error_log, *_temp_path, *_cache_path, include, default_type, ssl_trusted_certificate, ssl_client_certificate, ssl_crl, ssl_dhparam: nginx -t accepts a $ there as text', () => {
    const lines = [
      'error_log /tmp/nginx-ws-e$nosuch.log;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((m) => `${m}_temp_path /tmp/nginx-ws-${m}$nosuch;`),
      ...['proxy', 'fastcgi', 'uwsgi', 'scgi'].map((m) => `${m}_cache_path /tmp/nginx-ws-c${m}$nosuch keys_zone=${m}z:1m;`),
      'include /tmp/nginx-ws-none$nosuch*.conf;',
      'default_type $nosuch;',
    ];
    judge(http(lines.map((l) => `    ${l}`).join('\n')), undefined);
    // ssl_* files are read only when the server has a certificate; unknown variables would fail before that.
    const ssl = ['ssl_trusted_certificate', 'ssl_client_certificate', 'ssl_crl', 'ssl_dhparam'].map((d) => `${d} /tmp/$nosuch;`).join(' ');
    judge(http(`    server { listen 127.0.0.1:8081; ${ssl} }`), undefined);
  });

  test('access_log, root and ssl_certificate do take variables: nginx -t says unknown "nosuch" variable', () => {
    judge(http('    access_log /tmp/nginx-ws-a«$nosuch».log;'), 'unknown "nosuch" variable');
    judge(http('    server { listen 127.0.0.1:8081; root /tmp/«$nosuch»; }'), 'unknown "nosuch" variable');
    judge(http('    server { listen 127.0.0.1:8081; ssl_certificate /tmp/«$nosuch».pem; ssl_certificate_key /tmp/k.key; }'), 'unknown "nosuch" variable');
  });
});

describe(`${RULE}: module directives that define variables`, () => {
  test('js_set, js_var, perl_set and set_by_lua, set_by_lua_block, set_by_lua_file define their first argument', () => {
    ours(http('    js_set $jsv main.f;\n    js_var $jsw;\n    perl_set $pv "sub { 1 }";\n    server { listen 127.0.0.1:8081; set_by_lua $lv "return 1"; set_by_lua_block $lb { return 1 } set_by_lua_file $lf /x.lua; return 200 "$jsv $jsw $pv $lv $lb $lf"; }'));
  });

  test('a geoip2 block defines the variables its directives name', () => {
    ours(http('    geoip2 /x.mmdb {\n        auto_reload 5m;\n        $geoip2_country country iso_code;\n        $geoip2_city default=Nowhere source=$remote_addr city names en;\n    }\n    server { listen 127.0.0.1:8081; return 200 "$geoip2_country $geoip2_city"; }'));
  });
});

describe(`${RULE}: a file nothing in view includes`, () => {
  const main = 'events {}\nhttp {\n    map $uri $known { default 1; }\n    include /etc/nginx/conf.d/*.conf;\n}\n';
  const common = 'location / {\n    return 200 "$known «$elsewhere»";\n}\n';

  test('checked with its project\'s names, a name they lack is a warning that says the including config may define it', () => {
    const files = { [FILE]: main, '/etc/nginx/common/php.conf': common };
    const [f] = expectFindings(RULE, files, [/^unknown "elsewhere" variable: nothing in view includes this file/], '/etc/nginx/common/php.conf');
    assert.equal(f.severity, 'warning');
  });

  test('included by the main config, the same name is the error nginx -t stops on', () => {
    const files = { [FILE]: main.replace('conf.d/*.conf', 'common/*.conf').replace('include', 'server {\n        listen 80;\n        include'), '/etc/nginx/common/php.conf': common };
    const fixed = { ...files, [FILE]: files[FILE].replace('*.conf;', '*.conf;\n    }') };
    const [f] = expectFindings(RULE, fixed, ['unknown "elsewhere" variable'], '/etc/nginx/common/php.conf');
    assert.equal(f.severity, 'error');
  });
});

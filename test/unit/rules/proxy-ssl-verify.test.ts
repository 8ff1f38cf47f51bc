import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'proxy-ssl-verify';

const config = (server: string, location: string, pass = 'https://203.0.113.7:8443', head = '«location /api/»'): string => `events {}
http {
    upstream secure_backend {
        server 203.0.113.7:8443;
    }
    upstream local_tls {
        server 127.0.0.1:8443;
    }
    server {
        listen 127.0.0.1:8080;
${server}        ${head} {
            proxy_pass ${pass};
${location}        }
    }
}
`;

const clean = (t: string): string => t.replace(/[«»]/g, '');

describe(RULE, () => {
  test('an explicit off towards a private network is a choice: nothing; left unset, it is still reported', () => {
    const off = '            proxy_ssl_verify off;\n';
    for (const pass of ['https://10.20.0.7:8443', 'https://192.168.1.20', 'https://nas.lan:8443']) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: config('', off, pass) }), [], pass);
      assert.equal(findingsOf(RULE, { [FILE]: config('', '', pass) }).length, 1, pass);
    }
  });

  test("fires on proxy_pass https:// with nginx's default (off), on the location head", () => {
    const [f] = expectFindings(RULE, { [FILE]: config('', '') }, [/does not verify the certificate.*nginx's default.*internal CA/]);
    assert.equal(f.severity, 'warning');
  });

  test('fires on an explicit proxy_ssl_verify off, on that directive', () => {
    const files = { [FILE]: config('', '            «proxy_ssl_verify off;»\n', undefined, 'location /api/') };
    expectFindings(RULE, files, [/proxy_ssl_verify off, set here/]);
  });

  test('names an off inherited from server', () => {
    expectFindings(RULE, { [FILE]: config('        proxy_ssl_verify off;\n', '') }, [/inherited from server at line 11/]);
  });

  test('does not fire when verification is on here or inherited', () => {
    const on = '            proxy_ssl_verify on;\n            proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', on) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(on.replace(/^ {12}/gm, '        '), '') }), []);
  });

  test('does not fire for http:// backends, loopback https backends, or an upstream of loopback servers', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', 'http://203.0.113.7:8080') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', 'https://127.0.0.1:8443') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', 'https://local_tls') }), []);
    // As a destination, the unspecified address is this machine: Linux connects 0.0.0.0 to itself.
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', 'https://0.0.0.0') }), []);
  });

  test('for an upstream group, says which name nginx checks the certificate against', () => {
    expectFindings(RULE, { [FILE]: config('', '', 'https://secure_backend') }, [/against the name "secure_backend" unless proxy_ssl_name/]);
  });

  test('the fix turns verification on with SNI and the system CA bundle; nginx -t accepts it and the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '') });
    assert.equal(
      fixed[FILE],
      clean(config('', '')).replace(
        'proxy_pass https://203.0.113.7:8443;\n',
        'proxy_pass https://203.0.113.7:8443;\n            proxy_ssl_verify on;\n            proxy_ssl_server_name on;\n            proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n',
      ),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('the fix changes an explicit off in place instead of adding a duplicate', () => {
    const files = { [FILE]: config('', '            proxy_ssl_verify off;\n            proxy_ssl_server_name off;\n', undefined, 'location /api/') };
    const fixed = applyFix(RULE, files);
    assert.equal(
      fixed[FILE],
      config('', '            proxy_ssl_verify on;\n            proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n            proxy_ssl_server_name on;\n', undefined, 'location /api/'),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('the fix keeps a trusted certificate that is already configured (for example the internal CA)', () => {
    const server = '        proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n        proxy_ssl_server_name on;\n';
    const fixed = applyFix(RULE, { [FILE]: config(server, '') });
    assert.equal(fixed[FILE], clean(config(server, '')).replace('proxy_pass https://203.0.113.7:8443;\n', 'proxy_pass https://203.0.113.7:8443;\n            proxy_ssl_verify on;\n'));
    nginxAccepts(fixed[FILE]);
  });

  test('an inherited off is overridden in the location', () => {
    const server = '        proxy_ssl_verify off;\n';
    const fixed = applyFix(RULE, { [FILE]: config(server, '') });
    assert.match(fixed[FILE], /proxy_pass https:\/\/203\.0\.113\.7:8443;\n {12}proxy_ssl_verify on;\n/);
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('a proxy_pass inside `if` is fixed on its location, where proxy_ssl_* are allowed', () => {
    const text = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        «location /api/» {
            proxy_ssl_server_name off;
            if ($arg_v = 2) {
                proxy_pass https://203.0.113.8:8443;
            }
        }
    }
}
`;
    expectFindings(RULE, { [FILE]: text }, [/does not verify/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(
      fixed[FILE],
      clean(text)
        .replace('proxy_ssl_server_name off;', 'proxy_ssl_server_name on;')
        .replace('location /api/ {\n', 'location /api/ {\n            proxy_ssl_verify on;\n            proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n'),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });
});

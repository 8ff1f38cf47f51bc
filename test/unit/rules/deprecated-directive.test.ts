import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf, unmark } from '../../support/rules';
import { inHttp } from './handlerJudge';

const RULE = 'deprecated-directive';

/** Debian's nginx 1.22.1 loads the config and prints this warning. */
function nginxWarns(marked: string, warning: string): void {
  const v = nginxTestFiles({ 'nginx.conf': unmark(marked).text });
  assert.match(v.output, new RegExp(`\\[warn\\] \\d+#\\d+: ${warning.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} in`), v.output);
}

describe(RULE, () => {
  test('ssl on before 1.25.1 (and with no version set) is deprecated', () => {
    const conf = inHttp('    server {\n        listen 127.0.0.1:8080;\n        «ssl off;»\n    }');
    const nginxSays = 'the "ssl" directive is deprecated, use the "listen ... ssl" directive instead';
    expectFindings(RULE, { [FILE]: conf }, [`${nginxSays}; nginx 1.25.1 and later reject it as unknown`], FILE, { nginxVersion: '1.22.1' });
    expectFindings(RULE, { [FILE]: conf }, [`${nginxSays}; nginx 1.25.1 and later reject it as unknown (nginxWs.nginxVersion is not set)`]);
    nginxWarns(conf, nginxSays);
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.25.1' }), [], 'from 1.25.1 it is version-unsupported\'s error');
  });

  test('the fix moves ssl on to the listens, and nginx accepts the result', () => {
    const conf = inHttp('    server {\n        listen 127.0.0.1:8443;\n        listen 127.0.0.1:8444 ssl;\n        ssl on;\n        ssl_reject_handshake on;\n    }');
    const fixed = applyFix(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.22.1' });
    const want = inHttp('    server {\n        listen 127.0.0.1:8443 ssl;\n        listen 127.0.0.1:8444 ssl;\n        ssl_reject_handshake on;\n    }');
    assert.equal(fixed[FILE], want);
    const v = nginxTestFiles({ 'nginx.conf': want });
    assert.ok(v.ok && !/\[warn\]/.test(v.output), v.output);
  });

  test('http2_* settings that HTTP/2 no longer reads since 1.19.7', () => {
    const conf = inHttp('    «http2_recv_timeout 10s;»\n    server {\n        listen 127.0.0.1:8080;\n    }');
    const nginxSays = 'the "http2_recv_timeout" directive is obsolete, use the "client_header_timeout" directive instead';
    expectFindings(RULE, { [FILE]: conf }, [nginxSays], FILE, { nginxVersion: '1.22.1' });
    nginxWarns(conf, nginxSays);
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.18.0' }), []);
    expectFindings(RULE, { [FILE]: conf }, [`${nginxSays} (since nginx 1.19.7; nginxWs.nginxVersion is not set)`]);
  });

  test('http2_push is ignored from 1.25.1, not before', () => {
    const conf = inHttp('    server {\n        listen 127.0.0.1:8080;\n        «http2_push_preload on;»\n    }');
    expectFindings(RULE, { [FILE]: conf }, ['the "http2_push_preload" directive is obsolete, ignored'], FILE, { nginxVersion: '1.25.3' });
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.24.0' }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
  });

  test('listen ... http2 from 1.25.1: the fix moves it to http2 on', () => {
    const conf = inHttp('    server {\n        listen 127.0.0.1:8443 ssl «http2»;\n        listen [::1]:8443 ssl http2;\n    }').replace('[::1]:8443 ssl http2', '[::1]:8443 ssl');
    const message = 'the "listen ... http2" directive is deprecated, use the "http2" directive instead';
    expectFindings(RULE, { [FILE]: conf }, [message], FILE, { nginxVersion: '1.25.1' });
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.24.0' }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
    const fixed = applyFix(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.25.1' });
    assert.equal(fixed[FILE], inHttp('    server {\n        listen 127.0.0.1:8443 ssl;\n        http2 on;\n        listen [::1]:8443 ssl;\n    }'));
  });
});

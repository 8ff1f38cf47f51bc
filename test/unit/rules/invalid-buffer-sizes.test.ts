import { describe, test } from 'node:test';
import { expectAccepted, expectNginxMergeError, inHttp } from './handlerJudge';

const RULE = 'invalid-buffer-sizes';
const loc = (http: string, location: string) =>
  inHttp(`${http}    server {\n        listen 127.0.0.1:8080;\n        location / {\n            proxy_pass http://127.0.0.1:9000;\n${location}        }\n    }`);
const BUSY_ALL = '"proxy_busy_buffers_size" must be less than the size of all "proxy_buffers" minus one buffer';
const MAX_OF = 'the maximum of the value of "proxy_buffer_size" and one of the "proxy_buffers"';

describe(RULE, () => {
  test('proxy_buffer_size raised alone: the default busy size outgrows the default buffers', () => {
    expectNginxMergeError(RULE, loc('', '            «proxy_buffer_size 16k;»\n'), BUSY_ALL);
  });

  test('set at the http level, it fails in the servers that inherit it', () => {
    expectNginxMergeError(RULE, loc('    «proxy_buffers 2 4k;»\n', ''), BUSY_ALL);
  });

  test('too few buffers, a busy size too small or too large', () => {
    expectNginxMergeError(RULE, loc('', '            «proxy_buffers 1 8k;»\n'), 'there must be at least 2 "proxy_buffers"');
    expectNginxMergeError(RULE, loc('', '            «proxy_busy_buffers_size 2k;»\n'), `"proxy_busy_buffers_size" must be equal to or greater than ${MAX_OF}`);
    expectNginxMergeError(RULE, loc('', '            «proxy_busy_buffers_size 64k;»\n'), BUSY_ALL);
  });

  test('temporary file sizes below the buffer size', () => {
    expectNginxMergeError(RULE, loc('', '            «proxy_temp_file_write_size 2k;»\n'), `"proxy_temp_file_write_size" must be equal to or greater than ${MAX_OF}`);
    expectNginxMergeError(
      RULE,
      loc('', '            «proxy_max_temp_file_size 2k;»\n'),
      `"proxy_max_temp_file_size" must be equal to zero to disable temporary files usage or must be equal to or greater than ${MAX_OF}`,
    );
  });

  test('the fastcgi twins', () => {
    expectNginxMergeError(RULE, loc('', '            «fastcgi_buffers 2 4k;»\n'), '"fastcgi_busy_buffers_size" must be less than the size of all "fastcgi_buffers" minus one buffer');
  });

  test('what nginx accepts: sizes raised together, no server at all, max_temp_file_size 0', () => {
    expectAccepted(RULE, loc('    proxy_buffer_size 16k;\n    proxy_buffers 8 16k;\n', '            proxy_busy_buffers_size 64k;\n            proxy_max_temp_file_size 0;\n'));
    expectAccepted(RULE, loc('', '            proxy_buffers 4 64k;\n            proxy_buffer_size 64k;\n'));
    expectAccepted(RULE, inHttp('    proxy_buffer_size 16k;'));
  });
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { rememberingHost, type FileHost } from '../../../server/src/workspace/fileHost';

/** A disk that counts how often it is asked. */
function countingDisk(files: Map<string, string>): FileHost & { asked: number } {
  const disk = {
    asked: 0,
    read: (p: string) => {
      disk.asked++;
      return files.get(p);
    },
    stat: (p: string) => {
      disk.asked++;
      const t = files.get(p);
      return t === undefined ? undefined : { isFile: true, isDirectory: false, size: t.length };
    },
    list: () => undefined,
    realpath: (p: string) => {
      disk.asked++;
      return files.has(p) ? p : undefined;
    },
  };
  return disk;
}

test('the disk is asked once per path and question within the time it is trusted, again after it', () => {
  const files = new Map([['/etc/nginx/proxy_params', 'proxy_set_header Host $host;\n']]);
  const disk = countingDisk(files);
  let now = 0;
  const host = rememberingHost(disk, 2000, () => now);
  for (let i = 0; i < 3; i++) {
    assert.equal(host.read('/etc/nginx/proxy_params'), 'proxy_set_header Host $host;\n');
    assert.equal(host.stat('/etc/nginx/proxy_params')?.size, 29);
    assert.equal(host.realpath('/etc/nginx/missing'), undefined);
  }
  assert.equal(disk.asked, 3);

  // A change nobody reported is seen once the answers are older than the time they are trusted.
  files.set('/etc/nginx/proxy_params', 'proxy_set_header Host $http_host;\n');
  now = 1999;
  assert.equal(host.read('/etc/nginx/proxy_params'), 'proxy_set_header Host $host;\n');
  now = 2000;
  assert.equal(host.read('/etc/nginx/proxy_params'), 'proxy_set_header Host $http_host;\n');
});

test('forget() drops every answer at once (a watched-file event)', () => {
  const files = new Map([['/w/a.conf', 'a;\n']]);
  const disk = countingDisk(files);
  const host = rememberingHost(disk, 60_000, () => 0);
  assert.equal(host.read('/w/a.conf'), 'a;\n');
  files.set('/w/a.conf', 'b;\n');
  assert.equal(host.read('/w/a.conf'), 'a;\n');
  host.forget();
  assert.equal(host.read('/w/a.conf'), 'b;\n');
});

import * as assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { LineIndex } from '../../../server/src/parser/lineIndex';
import { pathToUri } from '../../../server/src/workspace/uri';
import { fixTexts } from '../../../server/src/service/fixes';
import { Project } from '../../../server/src/service/project';
import { defaultSettings } from '../../../server/src/service/settings';
import type { Settings } from '../../../server/src/rules/settings';

/** A named heartbeat: the read timeout fix is one of those applied together. */
const WITH_HEARTBEAT = { ...defaultSettings, heartbeatInterval: 30 };
import type { FileEdit, Fix } from '../../../server/src/rules/types';
import { applyEdits, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

/** The WebSocket rules whose fixes must compose (the other helper's rules are left out: their fixes are theirs to test). */
const RULES = [
  'undefined-variable',
  'ws-http-version',
  'ws-upgrade-header',
  'ws-connection-header',
  'ws-connection-passthrough',
  'ws-connection-map',
  'ws-read-timeout',
  'ws-send-timeout',
  'ws-buffering',
  'ws-sticky-upstream',
  'header-inheritance',
  'upstream-keepalive',
];

interface Span {
  path: string;
  from: number;
  to: number;
}

function spansOf(files: Record<string, string>, edits: FileEdit[]): Span[] {
  return edits.map((e) => {
    const path = fileURLToPath(e.uri);
    const idx = new LineIndex(files[path] ?? '');
    return { path, from: idx.offsetAt(e.range.start.line, e.range.start.character), to: idx.offsetAt(e.range.end.line, e.range.end.character) };
  });
}

/** Overlapping or touching: which of two edits at one point goes first would be a guess, so one waits a pass. */
const clash = (a: Span, b: Span): boolean => a.path === b.path && a.from <= b.to && b.from <= a.to;

/** Applies every preferred fix of RULES, non-overlapping ones per pass, until nothing changes (at most 10 passes). */
function fixAll(start: Record<string, string>, targets: string[], settings: Partial<Settings> = {}): { files: Record<string, string>; passes: number } {
  let files = start;
  for (let pass = 1; pass <= 10; pass++) {
    const fixes: Fix[] = [];
    for (const target of targets) {
      for (const rule of RULES) {
        for (const f of findingsOf(rule, files, target, settings)) {
          const fix = f.fixes.find((x) => x.preferred);
          if (fix) fixes.push(fix);
        }
      }
    }
    const taken: Span[] = [];
    const edits: FileEdit[] = [];
    for (const fix of fixes) {
      const spans = spansOf(files, fix.edits);
      if (spans.some((s) => taken.some((t) => clash(s, t)))) continue;
      taken.push(...spans);
      edits.push(...fix.edits);
    }
    if (edits.length === 0) return { files, passes: pass - 1 };
    files = applyEdits(files, edits);
  }
  assert.fail('fixes did not settle within 10 passes');
}

function remaining(files: Record<string, string>, targets: string[]): string[] {
  return targets.flatMap((t) => RULES.flatMap((r) => findingsOf(r, files, t).map((f) => `${r}: ${f.message}`)));
}

describe('all WebSocket fixes together', () => {
  test('a SignalR hub location missing everything ends up complete, without a duplicate line; nginx -t accepts it', () => {
    const broken = `events {}
http {
    upstream chat {
        server 127.0.0.1:9001;
        server 127.0.0.1:9002;
        keepalive 8;
    }
    server {
        listen 127.0.0.1:8080;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        # nginx-ws: websocket
        location /chathub {
            proxy_pass http://chat;
        }
        location /api/ {
            proxy_pass http://chat;
        }
    }
}
`;
    const { files, passes } = fixAll({ [FILE]: broken }, [FILE], WITH_HEARTBEAT);
    assert.equal(
      files[FILE],
      `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      '';
    }
    upstream chat {
        ip_hash;
        server 127.0.0.1:9001;
        server 127.0.0.1:9002;
        keepalive 8;
    }
    server {
        listen 127.0.0.1:8080;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        # nginx-ws: websocket
        location /chathub {
            proxy_pass http://chat;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 3600s;
            proxy_buffering off;
        }
        location /api/ {
            proxy_pass http://chat;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Connection "";
        }
    }
}
`,
    );
    assert.ok(passes <= 10);
    assert.deepEqual(remaining(files, [FILE]), []);
    assert.deepEqual(fixAll(files, [FILE], WITH_HEARTBEAT).passes, 0, 'a second run changes nothing');
    nginxAccepts(files);
  });

  test('ws-upgrade-header and header-inheritance both want the Upgrade line: it is added once', () => {
    const broken = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        # nginx-ws: websocket
        location /ws/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_read_timeout 1h;
        }
    }
}
`;
    const both = ['ws-upgrade-header', 'ws-connection-header', 'header-inheritance'].map((r) => findingsOf(r, { [FILE]: broken }).length);
    assert.deepEqual(both, [1, 1, 1]);
    const { files } = fixAll({ [FILE]: broken }, [FILE]);
    assert.equal(
      files[FILE],
      broken.replace('proxy_set_header Host $host;\n', 'proxy_set_header Host $host;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection "upgrade";\n'),
    );
    assert.deepEqual(remaining(files, [FILE]), []);
    nginxAccepts(files);
  });

  test('across files: the map lands in nginx.conf, the location lines in the site file', () => {
    const SITE = '/etc/nginx/conf.d/site.conf';
    const start = {
      [FILE]: 'events {}\nhttp {\n    set_real_ip_from 10.0.0.0/8;\n    proxy_set_header X-Forwarded-Proto $scheme;\n    include conf.d/*.conf;\n}\n',
      [SITE]: 'server {\n    listen 127.0.0.1:8080;\n    # nginx-ws: websocket\n    location /socket.io/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_set_header Connection $http_connection;\n    }\n}\n',
    };
    const { files } = fixAll(start, [FILE, SITE]);
    assert.equal(files[FILE], "events {}\nhttp {\n    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      close;\n    }\n    set_real_ip_from 10.0.0.0/8;\n    proxy_set_header X-Forwarded-Proto $scheme;\n    include conf.d/*.conf;\n}\n");
    // No proxy_read_timeout: Socket.IO's 25 s pings fit in nginx's 60 s default.
    assert.equal(
      files[SITE],
      'server {\n    listen 127.0.0.1:8080;\n    # nginx-ws: websocket\n    location /socket.io/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Connection $connection_upgrade;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }\n}\n',
    );
    assert.deepEqual(remaining(files, [FILE, SITE]), []);
    nginxAccepts(files);
  });
});

/** The editor's fix-all and `check --fix`: fixTexts with every rule on. */
function realFixAll(text: string): { text: string; again: number; left: string[] } {
  const uri = pathToUri(FILE);
  const out = fixTexts(new Map([[uri, text]]), new Project().analyzer(WITH_HEARTBEAT));
  const fixed = out.texts.get(uri) ?? text;
  const again = fixTexts(new Map([[uri, fixed]]), new Project().analyzer(WITH_HEARTBEAT));
  return { text: fixed, again: again.applied, left: (out.findings.get(uri) ?? []).map((f) => f.rule) };
}

describe('fix-all with every rule on', () => {
  test('two rules that each add Host at different points of a location: one Host line; nginx -t accepts it', () => {
    // ws-connection-header copies the inherited Host before proxy_pass; ws-forwarded-headers adds Host after it,
    // with the other headers the REST location shows the backend reads.
    const broken = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        proxy_set_header Host $host;
        # nginx-ws: websocket
        location /ws/ {
            proxy_http_version 1.1;
            proxy_pass http://127.0.0.1:9000;
            proxy_read_timeout 1h;
        }
        location /api/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Host $host;
        }
    }
}
`;
    const { text, again } = realFixAll(broken);
    assert.equal(
      text,
      `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    server {
        listen 127.0.0.1:8080;
        proxy_set_header Host $host;
        # nginx-ws: websocket
        location /ws/ {
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Upgrade $http_upgrade;
            proxy_pass http://127.0.0.1:9000;
            proxy_read_timeout 1h;
        }
        location /api/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Host $host;
        }
    }
}
`,
    );
    assert.equal(text.split('location /api/')[0].match(/proxy_set_header Host /g)?.length, 2, 'the server line and one location line');
    assert.equal(again, 0, 'a second fix-all changes nothing');
    nginxAccepts(text);
  });
});

// docs/other-editors.md's Neovim snippets, run as written in Debian's Neovim against our server (bin/nginx-ws
// lsp --stdio): the buffer gets the nginx filetype, the client attaches, and our diagnostics arrive.
// Debian 12's Neovim is 0.7.2: the snippet for 0.7 to 0.10 is the one it can run (vim.lsp.config is 0.11).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fixtureDir } from '../../support/fixtureDir';
import { repoRoot } from '../../support/paths';
import { ensureBuilt } from '../lsp/built';

const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'other-editors.md'), 'utf8');
const neovimSection = doc.slice(doc.indexOf('## Neovim'), doc.indexOf('\n## ', doc.indexOf('## Neovim') + 1));
const luaBlocks = [...neovimSection.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]!);

function block(containing: string): string {
  const found = luaBlocks.filter((b) => b.includes(containing));
  assert.equal(found.length, 1, `one lua block in the Neovim section with ${containing}`);
  return found[0]!;
}

/** Opens the file named by NGINX_WS_FILE, waits for diagnostics, and writes what Neovim saw as JSON. */
const HARNESS = `
local buf = vim.api.nvim_get_current_buf()
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local out = { filetype = vim.bo[buf].filetype, clients = {}, diagnostics = {}, version = vim.version() }
for _, c in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(out.clients, c.name) end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(out.diagnostics, { line = d.lnum, source = d.source, code = code, message = d.message })
end
local f = io.open(os.getenv('NGINX_WS_RESULT'), 'w')
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qa!')
`;

interface Seen {
  filetype: string;
  clients: string[];
  diagnostics: { line: number; source: string; code: string; message: string }[];
  version: { major: number; minor: number };
}

const SITE = `server {
    listen 127.0.0.1:8080;
    location /ws/ {
        proxy_pass http://127.0.0.1:9000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
    }
}
`;

function runNeovim(files: Record<string, string>, open: string): Seen {
  ensureBuilt();
  const dir = fixtureDir({ ...files, 'init.lua': `${block('vim.filetype.add')}\n${block('vim.lsp.start_client')}`, 'harness.lua': HARNESS });
  const result = path.join(dir, 'result.json');
  const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(dir, 'init.lua'), path.join(dir, open), '-c', `luafile ${path.join(dir, 'harness.lua')}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 40_000,
    // `nginx-ws` is found on PATH as the snippet expects; XDG folders keep the user's own config out.
    env: { ...process.env, PATH: `${path.join(repoRoot, 'bin')}:${process.env.PATH ?? ''}`, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, XDG_STATE_HOME: dir, NGINX_WS_RESULT: result },
  });
  assert.ok(fs.existsSync(result), `nvim wrote no result (status ${r.status}): ${r.stdout}${r.stderr}`);
  return JSON.parse(fs.readFileSync(result, 'utf8')) as Seen;
}

describe("Neovim runs our server with the docs' snippet", { timeout: 120_000 }, () => {
  test('nvim is installed (scripts/setup/neovim.sh)', () => {
    const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, 'nvim is missing: run scripts/setup/neovim.sh');
  });

  test('a conf.d file: the filetype from vim.filetype.add, the client attached, a diagnostic from nginx-ws', () => {
    const seen = runNeovim({ 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n', 'conf.d/app.conf': SITE }, 'conf.d/app.conf');
    assert.equal(seen.filetype, 'nginx');
    assert.deepEqual(seen.clients, ['nginx-ws']);
    const http = seen.diagnostics.find((d) => d.code === 'ws-http-version');
    assert.ok(http, JSON.stringify(seen.diagnostics));
    assert.equal(http.source, 'nginx-ws');
    assert.equal(http.line, 2);
  });

  test("the project's .nginx-ws.json reaches the server the snippet starts", () => {
    const files = { 'nginx.conf': `events {}\nhttp {\n${SITE}}\n` };
    const codes = (seen: Seen): string[] => seen.diagnostics.map((d) => d.code).sort();
    const without = runNeovim(files, 'nginx.conf');
    assert.ok(codes(without).includes('ws-http-version'), JSON.stringify(without.diagnostics));
    const withFile = runNeovim({ ...files, '.nginx-ws.json': JSON.stringify({ rules: { 'ws-http-version': 'off' } }) }, 'nginx.conf');
    assert.deepEqual(withFile.clients, ['nginx-ws']);
    assert.deepEqual(codes(withFile), codes(without).filter((c) => c !== 'ws-http-version'));
    assert.ok(withFile.version.major === 0 && withFile.version.minor < 11, `Neovim ${withFile.version.major}.${withFile.version.minor}: test the 0.11 snippet too`);
  });
});

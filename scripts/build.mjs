// Bundles the client, the language server and the CLI with esbuild into out/.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { nodeBundle } from './bundle.mjs';

// The directive table the checks use is generated from @nginx/reference-lib (a no-op when it is up to date).
const gen = spawnSync(process.execPath, ['scripts/gen-reference.mjs'], { stdio: 'inherit' });
if (gen.status !== 0) process.exit(gen.status ?? 1);

// The library itself (1.7 MB, only hovers need it) becomes out/reference-lib.js, loaded on first use: bundled into
// server.js and cli.js it would be read and compiled on every start.
const referenceLibAsFile = {
  name: 'reference-lib-as-file',
  setup(build) {
    build.onResolve({ filter: /^@nginx\/reference-lib$/ }, () => ({ path: './reference-lib.js', external: true }));
  },
};

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { ...nodeBundle, sourcemap: production ? false : 'linked', minify: production };

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'out/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'out/server.js', plugins: [referenceLibAsFile] },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'out/cli.js', plugins: [referenceLibAsFile] },
  { entryPoints: [createRequire(import.meta.url).resolve('@nginx/reference-lib')], outfile: 'out/reference-lib.js' },
];

if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.log('esbuild: watching client, server and cli');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  // bin/nginx-ws keeps V8's code cache of out/cli.js beside it; one check of the examples makes it, with the
  // functions a check compiles (a failure here only leaves the first real run to make it).
  fs.rmSync('out/cli.js.cache', { force: true });
  spawnSync(process.execPath, ['bin/nginx-ws', 'check', '--format', 'json', 'examples'], { stdio: 'ignore' });
}

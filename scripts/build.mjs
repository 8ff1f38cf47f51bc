// Bundles the client, the language server and the CLI with esbuild into out/.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // The reference library is ESM; bundling turns it into plain CommonJS.
  mainFields: ['module', 'main'],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'out/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'out/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'out/cli.js' },
];

if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.log('esbuild: watching client, server and cli');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}

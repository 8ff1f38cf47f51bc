// Entry point of the benchmark's measuring process, bundled by scripts/bench.mjs like the product itself is.
// Usage: node bench.js generate DIR [APPS] | inprocess DIR RUNS | incremental DIR EDITS | profile DIR RUNS | lsp DIR SERVER_JS INIT_RUNS EDITS DEBOUNCE_MS [SOAK_EDITS]
// Prints one JSON document on stdout.
import { MAX_FILE_BYTES } from '../server/src/workspace/graph';
import { generate } from './generate';
import { incrementalLoop } from './incremental';
import { profileAnalysis, runInProcess } from './inprocess';
import { runLsp } from './lsp';

async function main(): Promise<void> {
  const [cmd, dir, ...rest] = process.argv.slice(2);
  if (!dir) throw new Error('usage: bench.js generate|inprocess|lsp DIR ...');
  switch (cmd) {
    case 'generate': {
      const r = generate(dir, Number(rest[0] ?? 2000));
      // A larger file would not be analysed at all: the workspace skips files over its limit.
      for (const l of r.large) if (l.text.length > MAX_FILE_BYTES) throw new Error(`${l.path} exceeds nginx-ws's ${MAX_FILE_BYTES}-byte file limit`);
      const summary = {
        large: r.large.map((l) => ({ apps: l.apps, path: l.path, bytes: l.text.length, lines: l.text.split('\n').length - 1 })),
        workspace: { root: r.workspace.root, files: r.workspace.files.length },
        editFile: { path: r.editFile.path, lines: r.editFile.text.split('\n').length - 1 },
        trees: r.trees,
      };
      process.stdout.write(JSON.stringify(summary));
      break;
    }
    case 'inprocess':
      process.stdout.write(JSON.stringify(runInProcess(dir, Number(rest[0] ?? 7))));
      break;
    case 'incremental': {
      // The editor loop's edits in-process: time per edit, and how many blocks each re-ran.
      const edits = Number(rest[0] ?? 50);
      const result = { edit: incrementalLoop(`${dir}/edit/nginx.conf`, edits), large: incrementalLoop(`${dir}/edit-large/nginx.conf`, edits) };
      process.stdout.write(JSON.stringify(result));
      break;
    }
    case 'profile':
      // Run under --cpu-prof: the analysis of the large config, so that the profile shows where its time goes.
      profileAnalysis(dir, Number(rest[0] ?? 3));
      process.stdout.write('{}');
      break;
    case 'lsp': {
      const [serverJs, initRuns, edits, debounce, soak] = rest;
      process.stdout.write(JSON.stringify(await runLsp(serverJs, dir, Number(initRuns ?? 5), Number(edits ?? 50), Number(debounce ?? 150), Number(soak ?? 10_000))));
      break;
    }
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

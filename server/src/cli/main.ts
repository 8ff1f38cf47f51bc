// Entry point of the bundled command line (out/cli.js), run by bin/nginx-ws.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, type Command } from './args';
import { HELP } from './help';
import { InputError } from './files';
import { packageVersion } from '../service/version';

function fail(message: string): never {
  process.stderr.write(`nginx-ws: ${message}\n`);
  process.exit(2);
}

/**
 * `nginx-ws lsp`: the very server VS Code runs, loaded from out/server.js beside this bundle at run time, so
 * that `check` never pays for loading the protocol library. With no transport flag, stdio is meant.
 */
function runLsp(args: string[]): void {
  const server = path.join(__dirname, 'server.js');
  if (!fs.existsSync(server)) fail(`the language server is not built (${server} is missing); run npm run build`);
  const transports = ['--stdio', '--node-ipc'];
  if (!args.some((a) => transports.includes(a) || /^--(socket|pipe)(=|$)/.test(a))) process.argv.push('--stdio');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(server);
}

async function main(): Promise<void> {
  // The registry is loaded only to validate --rule ids, and only when a check asks.
  const argv = process.argv.slice(2);
  let cmd: Command = parseArgs(argv);
  if (cmd.kind === 'check' && cmd.options.rules.length > 0) {
    const { rules } = await import('../rules');
    cmd = parseArgs(argv, new Set(rules.map((r) => r.id)));
  }
  switch (cmd.kind) {
    case 'usage-error':
      fail(cmd.message);
      break;
    case 'help':
      process.stdout.write(HELP);
      break;
    case 'version':
      process.stdout.write(`${packageVersion()}\n`);
      break;
    case 'lsp':
      runLsp(cmd.args);
      break;
    case 'rules': {
      const { rules } = await import('../rules');
      const width = Math.max(...rules.map((r) => r.id.length));
      for (const r of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        process.stdout.write(`${r.id.padEnd(width)}  ${(r.offByDefault ? 'off' : r.defaultSeverity).padEnd(11)}  ${r.docs.summary}\n`);
      }
      break;
    }
    case 'check': {
      const { runCheck } = await import('./check');
      const { stdoutWriter } = await import('./stdoutSync');
      const write = stdoutWriter();
      const status = runCheck(cmd.options, {
        cwd: process.cwd(),
        stdout: (s) => void write(s),
        stderr: (s) => process.stderr.write(s),
      });
      process.exitCode = status;
      break;
    }
    case 'fmt': {
      const { runFmt } = await import('./fmt');
      process.exitCode = runFmt(cmd.options, {
        cwd: process.cwd(),
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        stdoutBytes: (b) => process.stdout.write(b),
      });
      break;
    }
    case 'explain': {
      const { runExplain } = await import('./explain');
      process.exitCode = runExplain(cmd.options, { cwd: process.cwd(), stdout: (s) => process.stdout.write(s) });
      break;
    }
    case 'init': {
      const { runInit } = await import('./init');
      process.exitCode = runInit(cmd.options, { cwd: process.cwd(), env: process.env, stdout: (s) => process.stdout.write(s) });
      break;
    }
    case 'probe': {
      const { runProbe } = await import('./probe');
      process.exitCode = await runProbe(cmd.options, { stdout: (s) => process.stdout.write(s), isTTY: process.stdout.isTTY === true });
      break;
    }
  }
}

main().catch((err: unknown) => {
  if (err instanceof InputError) fail(err.message);
  // A bug, not bad input: still one line and status 2, with the stack only when asked for.
  const e = err instanceof Error ? err : new Error(String(err));
  if (process.env.NGINX_WS_DEBUG) process.stderr.write(`${(e.cause instanceof Error ? e.cause.stack : undefined) ?? e.stack ?? e.message}\n`);
  fail(`internal error: ${e.message}`);
});

// Entry point of the bundled language server (out/server.js). The transport comes from argv:
// `--node-ipc` (VS Code), `--stdio` (other editors, `nginx-ws lsp --stdio`), `--socket=N` or `--pipe=NAME`.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

// Bad input must never end the server. With --stdio, console output goes to the client's log, not to stdout.
process.on('uncaughtException', (err) => console.error(`nginx-ws: uncaught exception: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) => console.error(`nginx-ws: unhandled rejection: ${String(reason)}`));

startServer(createConnection(ProposedFeatures.all));

// Entry point of the bundled language server (out/server.js). The transport comes from argv:
// `--node-ipc` (VS Code), `--stdio` (other editors, `nginx-ws lsp --stdio`), `--socket=N` or `--pipe=NAME`.
import { LSPErrorCodes, ProposedFeatures, ResponseError, createConnection, type ConnectionStrategy } from 'vscode-languageserver/node';
import { startServer } from './server';

// Bad input must never end the server. With --stdio, console output goes to the client's log, not to stdout.
process.on('uncaughtException', (err) => console.error(`nginx-ws: uncaught exception: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) => console.error(`nginx-ws: unhandled rejection: ${String(reason)}`));

// A request cancelled while it still waits in the queue (the server was busy analysing) is answered at once with
// RequestCancelled instead of being worked out for nobody.
const cancelUndispatched: ConnectionStrategy['cancelUndispatched'] = () => ({
  jsonrpc: '2.0',
  // The connection sets the id of the request it answers.
  id: null,
  error: new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled before it started').toJson(),
});

startServer(createConnection(ProposedFeatures.all, { cancelUndispatched }));

// The VS Code side of nginx-ws: starts the bundled language server and connects it to nginx
// documents. Every language decision lives in the server, so that the CLI and the editor agree.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** Also the settings prefix: `nginxWs.trace.server` is read by the client under this id. */
const CLIENT_ID = 'nginxWs';
const CHANNEL_NAME = 'nginx-ws';

/** Files whose changes can alter how an open config resolves (includes, templates, site dirs). */
const WATCHED_GLOBS = [
  '**/*.conf',
  '**/nginx.conf',
  '**/*.nginx',
  '**/sites-enabled/**',
  '**/sites-available/**',
  '**/*.conf.template',
];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };

  const outputChannel = vscode.window.createOutputChannel(CHANNEL_NAME);
  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(outputChannel, ...watchers);

  // Some other extensions register the language as `NGINX`; serve both ids.
  const documentSelector = ['nginx', 'NGINX'].flatMap((language) =>
    ['file', 'untitled'].map((scheme) => ({ language, scheme })),
  );

  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel,
    synchronize: { fileEvents: watchers, configurationSection: CLIENT_ID },
    initializationOptions: { [CLIENT_ID]: vscode.workspace.getConfiguration(CLIENT_ID) },
  };

  client = new LanguageClient(CLIENT_ID, CHANNEL_NAME, serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    // The client already reports the failure to the user; keep the reason in our channel too.
    outputChannel.appendLine(`nginx-ws: the language server did not start: ${String(err)}`);
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

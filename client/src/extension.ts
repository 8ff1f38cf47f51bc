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
import { explicitSettings, settingKeys } from './explicitSettings';
import { SERVER_EXEC_ARGV } from './serverFlags';

/** Also the settings prefix: `nginxWs.trace.server` is read by the client under this id. */
const CLIENT_ID = 'nginxWs';
const CHANNEL_NAME = 'nginx-ws';
/** The command "nginx-ws: Validate with nginx -t" and the server request behind it (server/src/lsp/nginxValidate.ts). */
const VALIDATE_COMMAND = 'nginxWs.validateWithNginx';
const VALIDATE_REQUEST = 'nginxWs/validateWithNginx';

/** "nginx-ws: Show effective configuration" and its server request (server/src/lsp/features.ts). */
const EFFECTIVE_COMMAND = 'nginxWs.showEffectiveConfiguration';
const EFFECTIVE_REQUEST = 'nginxWs/effectiveConfiguration';
/** Read-only documents: VS Code offers no editing for a scheme served by a content provider. */
export const EFFECTIVE_SCHEME = 'nginx-ws-effective';

type EffectiveResult = { title: string; text: string } | { error: string };

/** The texts shown, by document URI; each command run makes a new document, so an old one keeps its text. */
const effectiveTexts = new Map<string, string>();
let effectiveCount = 0;

interface ValidateResult {
  ran: boolean;
  ok: boolean;
  message: string;
}

/** Files whose changes can alter how an open config resolves (includes, templates, site dirs); nginx.conf is a *.conf. */
const WATCHED_GLOBS = [
  '**/*.conf',
  '**/*.nginx',
  '**/sites-enabled/**',
  '**/sites-available/**',
  '**/*.conf.template',
  '**/*.conf.{j2,jinja,tmpl,gotmpl,erb,etlua}',
  '**/nginx*.{tmpl,j2,jinja,erb,etlua}',
  // The project's settings file: the server reads it again when it changes.
  '**/.nginx-ws.json',
];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] },
    },
  };

  const outputChannel = vscode.window.createOutputChannel(CHANNEL_NAME);
  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(outputChannel, ...watchers);

  // Some other extensions register the language as `NGINX`; serve both ids.
  const documentSelector = ['nginx', 'NGINX'].flatMap((language) =>
    ['file', 'untitled'].map((scheme) => ({ language, scheme })),
  );

  const keys = settingKeys(context.extension.packageJSON, CLIENT_ID);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel,
    synchronize: { fileEvents: watchers, configurationSection: CLIENT_ID },
    // Read at each (re)start. `trusted`: the server runs nginx (nginxWs.nginxPath) only in a trusted workspace.
    // Only settings the user set are sent: the others come from .nginx-ws.json, or the server's defaults.
    initializationOptions: () => ({ [CLIENT_ID]: explicitSettings(CLIENT_ID, keys), trusted: vscode.workspace.isTrusted }),
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) =>
            item.section === CLIENT_ID
              ? explicitSettings(CLIENT_ID, keys, item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : (answers[i] as unknown),
          );
        },
      },
    },
  };

  client = new LanguageClient(CLIENT_ID, CHANNEL_NAME, serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand(VALIDATE_COMMAND, validateWithNginx),
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, { provideTextDocumentContent: (uri) => effectiveTexts.get(uri.toString()) ?? '' }),
    vscode.commands.registerCommand(EFFECTIVE_COMMAND, showEffectiveConfiguration),
    // Trust is granted once per window: restart so that the server learns it with its settings.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
  );
  try {
    await client.start();
  } catch (err) {
    // The client already reports the failure to the user; keep the reason in our channel too.
    outputChannel.appendLine(`nginx-ws: the language server did not start: ${String(err)}`);
  }
}

/** Asks the server to run `nginx -t` on the active document's main config; nginx's messages arrive as diagnostics. */
async function validateWithNginx(): Promise<void> {
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('nginx-ws: the language server is not running.');
    return;
  }
  const doc = vscode.window.activeTextEditor?.document;
  const r = await client.sendRequest<ValidateResult>(VALIDATE_REQUEST, { uri: doc?.uri.toString() ?? null });
  const unsaved = doc?.isDirty ? ' (nginx read the saved file: unsaved changes were not checked)' : '';
  if (r.ran && r.ok) void vscode.window.showInformationMessage(`${r.message}${unsaved}`);
  else if (r.ran) void vscode.window.showErrorMessage(`${r.message}${unsaved}`);
  else void vscode.window.showWarningMessage(r.message);
}

/** Opens, beside the editor, a read-only document with the effective configuration of the block at the cursor. */
async function showEffectiveConfiguration(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client?.isRunning() || !editor) {
    void vscode.window.showErrorMessage(client?.isRunning() ? 'nginx-ws: open an nginx configuration file first.' : 'nginx-ws: the language server is not running.');
    return;
  }
  const r = await client.sendRequest<EffectiveResult>(EFFECTIVE_REQUEST, {
    textDocument: { uri: editor.document.uri.toString() },
    position: { line: editor.selection.active.line, character: editor.selection.active.character },
  });
  if ('error' in r) {
    void vscode.window.showWarningMessage(r.error);
    return;
  }
  const name = `${r.title.replace(/[\\/:*?"<>|]+/g, '_')}.txt`;
  const uri = vscode.Uri.from({ scheme: EFFECTIVE_SCHEME, path: `/${++effectiveCount}/${name}` });
  effectiveTexts.set(uri.toString(), r.text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

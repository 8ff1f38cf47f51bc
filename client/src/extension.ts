import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // The language client is wired up in its own change.
}

export function deactivate(): void {}

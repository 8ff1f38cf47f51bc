// The settings the user actually set, without VS Code's defaults: the server lays them over the project's
// .nginx-ws.json, so that a default (heartbeatInterval 30) never hides the file's value.
import * as vscode from 'vscode';

/** The `nginxWs.*` keys the manifest declares, without the prefix (`rules`, `heartbeatInterval`, ...). */
export function settingKeys(packageJson: unknown, section: string): string[] {
  const props = (packageJson as { contributes?: { configuration?: { properties?: Record<string, unknown> } } })?.contributes?.configuration?.properties ?? {};
  return Object.keys(props)
    .filter((k) => k.startsWith(`${section}.`) && !k.startsWith(`${section}.trace.`))
    .map((k) => k.slice(section.length + 1));
}

/** Each key set in any scope (user, workspace, folder, or for a language), with the value VS Code resolves for it. */
export function explicitSettings(section: string, keys: readonly string[], scope?: vscode.ConfigurationScope): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(section, scope);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const i = config.inspect(key);
    if (!i) continue;
    const set = [i.globalValue, i.workspaceValue, i.workspaceFolderValue, i.globalLanguageValue, i.workspaceLanguageValue, i.workspaceFolderLanguageValue].some((v) => v !== undefined);
    // get() rather than the inspected value: it honours untrusted-workspace restrictions (nginxPath) and language overrides.
    if (set) out[key] = config.get(key);
  }
  return out;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from './paths';

export const grammarPath = path.join(repoRoot, 'syntaxes', 'nginx.tmLanguage.json');

export interface ScopedToken {
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;

/** Loads syntaxes/nginx.tmLanguage.json with the same engine VS Code uses. Embedded grammars (Lua) are absent. */
export function loadNginxGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName !== 'source.nginx') return null;
        return textmate.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath);
      },
    });
    const grammar = await registry.loadGrammar('source.nginx');
    if (!grammar) throw new Error(`vscode-textmate could not load ${grammarPath}`);
    return grammar;
  })();
  return grammarPromise;
}

/** Tokenizes a whole text line by line, carrying the rule stack across lines as an editor does. */
export function tokenize(grammar: textmate.IGrammar, text: string): ScopedToken[][] {
  let stack = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const r = grammar.tokenizeLine(line, stack, 5_000);
    if (r.stoppedEarly) throw new Error(`tokenizing stopped early (too slow) on: ${line}`);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the first token on `line` whose text starts with `needle` at or after `from`. */
export function scopesAt(line: ScopedToken[], needle: string, from = 0): string[] {
  let offset = 0;
  for (const t of line) {
    const start = offset;
    offset += t.text.length;
    if (offset <= from) continue;
    const rel = t.text.indexOf(needle);
    if (rel >= 0 && start + rel >= from) return t.scopes;
  }
  throw new Error(`no token containing ${JSON.stringify(needle)} in: ${line.map((t) => t.text).join('')}`);
}

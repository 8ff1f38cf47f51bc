import type { Arg, ConfigFile, Statement } from '../parser/ast';
import { isBuiltinVariable, lookupDirective } from '../reference';
import { DATA_BLOCKS } from '../parser/parse';

/** Token types and modifiers, in the order the legend announces them. */
export const TOKEN_TYPES = ['keyword', 'unknownDirective', 'variable'] as const;
export const TOKEN_MODIFIERS = ['defaultLibrary'] as const;

export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: (typeof TOKEN_TYPES)[number];
  /** Built-in variables carry `defaultLibrary`; the configuration's own do not. */
  builtin: boolean;
}

/**
 * What the grammar cannot know: whether a directive name is one nginx (or a known module) has, and whether
 * a `$variable` is nginx's own or the configuration's.
 */
export function semanticTokens(file: ConfigFile): SemanticToken[] {
  const out: SemanticToken[] = [];
  // In a template, what a tag writes is the grammar's to colour: it is neither a directive nor a variable.
  const tags = file.template?.tags.filter((t) => t.role === 'word') ?? [];
  const overTag = (start: number, end: number): boolean => tags.some((t) => t.start < end && t.end > start);
  const variablesIn = (a: Arg): void => {
    if (a.range.start.line !== a.range.end.line) return;
    for (const m of a.raw.matchAll(/\$(?:\{(\w+)\}|(\w+))/g)) {
      const name = m[1] ?? m[2];
      const at = a.range.start.offset + (m.index ?? 0);
      if (overTag(at, at + m[0].length)) continue;
      out.push({ line: a.range.start.line, character: a.range.start.character + (m.index ?? 0), length: m[0].length, type: 'variable', builtin: isBuiltinVariable(name) });
    }
  };
  const visit = (list: Statement[], data: boolean): void => {
    for (const s of list) {
      if (s.kind !== 'directive') continue;
      if (!data && s.nameRange.start.line === s.nameRange.end.line && !overTag(s.nameRange.start.offset, s.nameRange.end.offset)) {
        const known = lookupDirective(s.name).length > 0;
        out.push({ line: s.nameRange.start.line, character: s.nameRange.start.character, length: s.nameRange.end.character - s.nameRange.start.character, type: known ? 'keyword' : 'unknownDirective', builtin: false });
      }
      for (const a of s.args) variablesIn(a);
      if (s.block && !s.block.rawBody) visit(s.block.children, DATA_BLOCKS.has(s.name));
    }
  };
  visit(file.children, false);
  return out;
}

/** LSP's relative encoding: five integers per token. */
export function encodeTokens(tokens: SemanticToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  const sorted = [...tokens].sort((a, b) => a.line - b.line || a.character - b.character);
  for (const t of sorted) {
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.character - char : t.character, t.length, TOKEN_TYPES.indexOf(t.type), t.builtin ? 1 : 0);
    line = t.line;
    char = t.character;
  }
  return data;
}

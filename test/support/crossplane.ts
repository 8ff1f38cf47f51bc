import * as fs from 'node:fs';
import type { Directive, Statement } from '../../server/src/parser/ast';
import { unescapeWord } from '../../server/src/parser/tokenizer';

/** One entry of crossplane's `parsed` list. */
export interface XDirective {
  directive: string;
  line: number;
  args: string[];
  block?: XDirective[];
  comment?: string;
}

export interface XFile {
  file: string;
  status: string;
  parsed: XDirective[];
}

export function readCrossplane(jsonPath: string): { status: string; config: XFile[] } {
  const data = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as { status: string; config?: XFile[]; parsed?: XDirective[] };
  if (data.config) return { status: data.status, config: data.config };
  return { status: data.status, config: [{ file: '', status: data.status, parsed: data.parsed ?? [] }] };
}

/** crossplane keeps escapes that nginx resolves; compare both after nginx's own unescaping. */
export function normalizeCrossplane(list: XDirective[]): XDirective[] {
  return list.map((d) => {
    const out: XDirective = {
      directive: d.directive === '#' ? '#' : unescapeWord(d.directive, 0, d.directive.length),
      line: d.line,
      args: d.args.map((a, i) => (/_by_lua_block$/.test(d.directive) && i === d.args.length - 1 ? a : unescapeWord(a, 0, a.length))),
    };
    if (d.comment !== undefined) out.comment = d.comment;
    if (d.block) out.block = normalizeCrossplane(d.block);
    return out;
  });
}

/** Our AST in crossplane's shape: names and arguments after nginx's unquoting, 1-based lines, Lua bodies as a last argument. */
export function toCrossplane(list: Statement[]): XDirective[] {
  let before: Directive | undefined;
  return list.map((s): XDirective => {
    if (s.kind === 'directive') before = s;
    if (s.kind === 'comment') {
      // crossplane gives a comment between a directive's words the directive's line; we keep its own line.
      const inside = before !== undefined && s.range.start.offset < before.range.end.offset;
      const line = inside && before ? before.nameRange.start.line : s.range.start.line;
      return { directive: '#', line: line + 1, args: [], comment: s.text };
    }
    const out: XDirective = { directive: s.name, line: s.nameRange.start.line + 1, args: s.args.map((a) => a.value) };
    if (s.name === 'if') stripIfParens(out.args);
    if (s.block?.rawBody) out.args.push(s.block.rawBody.text);
    else if (s.block) out.block = toCrossplane(s.block.children);
    return out;
  });
}

/** crossplane drops the parentheses around an `if` condition (nginx's `if` handler does the same after tokenizing). */
function stripIfParens(args: string[]): void {
  if (args.length === 0 || !args[0].startsWith('(') || !args[args.length - 1].endsWith(')')) return;
  args[0] = args[0].slice(1).trimStart();
  args[args.length - 1] = args[args.length - 1].slice(0, -1).trimEnd();
  if (args[args.length - 1] === '') args.pop();
  if (args[0] === '') args.shift();
}

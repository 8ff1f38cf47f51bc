import type { ConfigFile, Directive, Range } from '../parser/ast';
import { LineIndex } from '../parser/lineIndex';
import { pathToUri } from '../service/analyze';
import type { FileEdit, PosRange } from '../service/types';
import type { FileInstance } from '../workspace/graph';

/** The whitespace at the start of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** One level of indentation as the file writes it (the first indented line), or four spaces. */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '    ';
  return m[1].startsWith('\t') ? '\t' : m[1].length <= 8 ? m[1] : '    ';
}

function rangeAt(text: string, offset: number): PosRange {
  const p = LineIndex.of(text).loc(offset);
  return { start: { line: p.line, character: p.character }, end: { line: p.line, character: p.character } };
}

/** The indentation that directives inside `d`'s block use (its first child's, or one level more than `d`). */
function childIndent(text: string, d: Directive): string {
  const first = d.block?.children.find((c) => c.kind === 'directive');
  if (first && first.range.start.line !== d.range.start.line) return lineIndent(text, first.range.start.offset);
  return lineIndent(text, d.range.start.offset) + indentUnit(text);
}

/** Inserts lines (relative indentation kept) at the end of `d`'s block, before its `}`. */
export function insertAtBlockEnd(instance: FileInstance, d: Directive, lines: string[]): FileEdit | undefined {
  const text = instance.file.text;
  const close = d.block?.close;
  if (!close) return undefined;
  const indent = childIndent(text, d);
  const at = close.start.offset;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const body = lines.map((l) => indent + l).join('\n');
  const uri = pathToUri(instance.path);
  // A `}` alone on its line: the new lines go above it; otherwise they open new lines before it.
  if (/^[ \t]*$/.test(text.slice(lineStart, at))) return { uri, range: rangeAt(text, lineStart), newText: `${body}\n` };
  return { uri, range: rangeAt(text, at), newText: `\n${body}\n${lineIndent(text, d.range.start.offset)}` };
}

/** Inserts lines just after the `{` of `d`'s block. */
export function insertAtBlockStart(instance: FileInstance, d: Directive, lines: string[]): FileEdit | undefined {
  const open = d.block?.open;
  if (!open) return undefined;
  const text = instance.file.text;
  const indent = childIndent(text, d);
  return { uri: pathToUri(instance.path), range: rangeAt(text, open.end.offset), newText: lines.map((l) => `\n${indent}${l}`).join('') };
}

/** Inserts lines at the top of a file, after its leading comments. */
export function insertAtFileTop(instance: FileInstance, file: ConfigFile, lines: string[]): FileEdit {
  const firstDirective = file.children.find((c) => c.kind === 'directive');
  const at = firstDirective ? firstDirective.range.start.offset - firstDirective.range.start.character : file.text.length;
  return { uri: pathToUri(instance.path), range: rangeAt(file.text, at), newText: `${lines.join('\n')}\n\n` };
}

/** Replaces the exact text of a range in an instance's file. */
export function replaceRange(instance: FileInstance, range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string): FileEdit {
  return { uri: pathToUri(instance.path), range: { start: { ...range.start }, end: { ...range.end } }, newText };
}

/** Inserts lines on new lines right after directive `d` (after its `;`, or its block's `}`), at `d`'s indentation. */
export function insertAfterDirective(instance: FileInstance, d: Directive, lines: string[]): FileEdit {
  const text = instance.file.text;
  const indent = lineIndent(text, d.range.start.offset);
  return { uri: pathToUri(instance.path), range: rangeAt(text, d.range.end.offset), newText: lines.map((l) => `\n${indent}${l}`).join('') };
}

/** The head of a block directive (`location /ws/`): where diagnostics about what the block lacks sit. */
export function blockHead(d: Directive): Range {
  const last = d.args[d.args.length - 1];
  return { start: d.nameRange.start, end: last ? last.range.end : d.nameRange.end };
}

import type { ConfigFile, Directive, Range } from '../parser/ast';
import { LineIndex } from '../parser/lineIndex';
import { pathToUri } from '../workspace/uri';
import type { FileEdit, PosRange } from './types';
import type { FileInstance } from '../workspace/graph';

/** The whitespace at the start of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** One level of indentation as the file writes it (the first indented line), or four spaces. */
function indentUnit(text: string): string {
  // Every inserted line asks, and the thousands of fixes of one check are mostly in one file: its answer is kept.
  if (text === unitOf.text) return unitOf.unit;
  const m = /\n([ \t]+)\S/.exec(text);
  const unit = !m ? '    ' : m[1].startsWith('\t') ? '\t' : m[1].length <= 8 ? m[1] : '    ';
  unitOf = { text, unit };
  return unit;
}

let unitOf = { text: '', unit: '    ' };

/** The file's line ending: CRLF when its first line ends so, so that a CRLF file stays CRLF. */
function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** A line as the file writes it: its relative indentation (written in steps of four spaces) in the file's unit. */
function written(text: string, line: string): string {
  const unit = indentUnit(text);
  return unit === '    ' ? line : line.replace(/^(?: {4})+/, (m) => unit.repeat(m.length / 4));
}

/** Inserted lines, each at `indent`, in the file's indentation and line ending. */
function body(text: string, indent: string, lines: string[]): string[] {
  const eol = eolOf(text);
  return lines.map((l) => indent + written(text, l).replace(/\r?\n/g, eol));
}

/** A `return` among `d`'s siblings before it: new lines go above it, where a reader still sees them. */
function returnBefore(d: Directive): Directive | undefined {
  const siblings = d.parent.kind === 'file' ? d.parent.children : (d.parent.block?.children ?? []);
  const first = siblings.find((c): c is Directive => c.kind === 'directive' && c.name === 'return');
  return first && first.range.start.offset < d.range.start.offset ? first : undefined;
}

/** The first `return` directly in `d`'s block. */
function returnIn(d: Directive): Directive | undefined {
  return d.block?.children.find((c): c is Directive => c.kind === 'directive' && c.name === 'return');
}

/** Inserts whole lines above directive `r` (which starts its line), at its indentation. */
function insertAbove(instance: FileInstance, r: Directive, lines: string[]): FileEdit {
  const text = instance.file.text;
  const eol = eolOf(text);
  const lineStart = text.lastIndexOf('\n', r.range.start.offset - 1) + 1;
  const indent = lineIndent(text, r.range.start.offset);
  return { uri: pathToUri(instance.path), range: rangeAt(text, lineStart), newText: body(text, indent, lines).map((l) => l + eol).join('') };
}

/** Whether `d` is the first thing on its line. */
function startsLine(text: string, d: Directive): boolean {
  const lineStart = text.lastIndexOf('\n', d.range.start.offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, d.range.start.offset));
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

/** Inserts lines (relative indentation kept) at the end of `d`'s block, before its `}`, or above its first `return`. */
export function insertAtBlockEnd(instance: FileInstance, d: Directive, lines: string[]): FileEdit | undefined {
  const text = instance.file.text;
  const close = d.block?.close;
  if (!close) return undefined;
  const ret = returnIn(d);
  if (ret && startsLine(text, ret)) return insertAbove(instance, ret, lines);
  const eol = eolOf(text);
  const indent = childIndent(text, d);
  const at = close.start.offset;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const added = body(text, indent, lines).join(eol);
  const uri = pathToUri(instance.path);
  // A `}` alone on its line: the new lines go above it; otherwise they open new lines before it.
  if (/^[ \t]*$/.test(text.slice(lineStart, at))) return { uri, range: rangeAt(text, lineStart), newText: `${added}${eol}` };
  return { uri, range: rangeAt(text, at), newText: `${eol}${added}${eol}${lineIndent(text, d.range.start.offset)}` };
}

/** Inserts lines just after the `{` of `d`'s block. */
export function insertAtBlockStart(instance: FileInstance, d: Directive, lines: string[]): FileEdit | undefined {
  const open = d.block?.open;
  if (!open) return undefined;
  const text = instance.file.text;
  const indent = childIndent(text, d);
  const eol = eolOf(text);
  return { uri: pathToUri(instance.path), range: rangeAt(text, open.end.offset), newText: body(text, indent, lines).map((l) => `${eol}${l}`).join('') };
}

/** Inserts lines at the top of a file, after its leading comments. */
export function insertAtFileTop(instance: FileInstance, file: ConfigFile, lines: string[]): FileEdit {
  const firstDirective = file.children.find((c) => c.kind === 'directive');
  const at = firstDirective ? firstDirective.range.start.offset - firstDirective.range.start.character : file.text.length;
  const eol = eolOf(file.text);
  return { uri: pathToUri(instance.path), range: rangeAt(file.text, at), newText: `${body(file.text, '', lines).join(eol)}${eol}${eol}` };
}

/** Replaces the exact text of a range in an instance's file. */
export function replaceRange(instance: FileInstance, range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string): FileEdit {
  return { uri: pathToUri(instance.path), range: { start: { ...range.start }, end: { ...range.end } }, newText };
}

/** Inserts lines on new lines right after directive `d` (after its `;`, or its block's `}`), at `d`'s indentation; above a `return` before `d`. */
export function insertAfterDirective(instance: FileInstance, d: Directive, lines: string[]): FileEdit {
  const text = instance.file.text;
  const ret = returnBefore(d);
  if (ret && startsLine(text, ret)) return insertAbove(instance, ret, lines);
  const indent = lineIndent(text, d.range.start.offset);
  const eol = eolOf(text);
  return { uri: pathToUri(instance.path), range: rangeAt(text, d.range.end.offset), newText: body(text, indent, lines).map((l) => `${eol}${l}`).join('') };
}

/** The head of a block directive (`location /ws/`): where diagnostics about what the block lacks sit. */
export function blockHead(d: Directive): Range {
  const last = d.args[d.args.length - 1];
  return { start: d.nameRange.start, end: last ? last.range.end : d.nameRange.end };
}

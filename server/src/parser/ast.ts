import type { BlockContext } from '../reference';
import type { TemplateInfo } from './template';

/** A point in a document: UTF-16 offset plus 0-based line and character, as LSP counts them. */
export interface Loc {
  offset: number;
  line: number;
  character: number;
}

export interface Range {
  start: Loc;
  end: Loc;
}

export type QuoteKind = 'none' | 'single' | 'double';

/** One argument of a directive; `value` is the word after nginx's unquoting and unescaping. */
export interface Arg {
  kind: 'arg';
  value: string;
  /** The exact source text, quotes included. */
  raw: string;
  quote: QuoteKind;
  range: Range;
  parent: Directive;
}

export interface Comment {
  kind: 'comment';
  /** Text after `#`, without the line break. */
  text: string;
  range: Range;
  parent: Directive | ConfigFile;
}

export interface Block {
  kind: 'block';
  /** The `{`. */
  open: Range;
  /** The `}`; absent when the file ended first. */
  close?: Range;
  children: Statement[];
  /** For `*_by_lua_block` and similar: the body is raw text, not directives. */
  rawBody?: { text: string; range: Range };
  /** From `{` to `}` (or to the end of what was parsed). */
  range: Range;
}

export interface Directive {
  kind: 'directive';
  name: string;
  nameRange: Range;
  /** Quote kind of the name word itself (nginx allows a quoted name). */
  nameQuote: QuoteKind;
  args: Arg[];
  block?: Block;
  /** The `;` that ends a simple directive. */
  semicolon?: Range;
  /** From the name to the `;` or the `}` (or to where parsing stopped). */
  range: Range;
  parent: Directive | ConfigFile;
  /** Set when nginx stopped inside this statement with a syntax error: its handler never judged it, so neither do we. */
  recovered?: true;
  /**
   * Where the directive stands in the first walk of its parse (workspace/graph.ts writes these, and reads them through
   * that walk's `DirectiveContexts`): a field read is cheaper than a map keyed by tens of thousands of directives.
   */
  walkOwner?: object;
  walkContext?: BlockContext;
}

export type Statement = Directive | Comment;

/** A parse problem, worded as nginx words it. `range` is where nginx would point; `line` is nginx's 1-based line. */
export interface SyntaxIssue {
  message: string;
  range: Range;
  nginxLine: number;
}

export interface ConfigFile {
  kind: 'file';
  text: string;
  children: Statement[];
  errors: SyntaxIssue[];
  range: Range;
  /** Set for a template: `children` and `errors` are those of the config it renders to (see parser/template.ts). */
  template?: TemplateInfo;
}

export type Node = ConfigFile | Directive | Arg | Comment;

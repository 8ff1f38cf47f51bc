import type { Arg, Block, Comment, ConfigFile, Directive, Range, Statement, SyntaxIssue } from './ast';
import { LineIndex } from './lineIndex';
import { scanLuaBlock } from './luaBlock';
import { ParsedArg, ParsedBlock, ParsedDirective } from './nodes';
import { SourceRange } from './sourceRange';
import { Scanner, type CommentSpan, type Statement as Tokens, type Word } from './tokenizer';

/**
 * Parses nginx configuration text the way `ngx_conf_parse` reads it, but keeps going after an error:
 * the first error is the one nginx reports; later ones come from our recovery.
 */
/**
 * Blocks whose bodies nginx reads with a custom handler (`cf->handler`): their lines are data (`key value;`), not
 * directives, and a `{` inside is an error. `geoip2` (third-party) works the same way.
 */
export const DATA_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'types', 'charset_map', 'split_clients', 'match', 'num_map', 'geoip2']);

/**
 * Blocks nested deeper than this keep their body as raw text (`rawBody`), like a Lua block, and the file gets one
 * issue saying so. The parser itself has no depth limit, but every walker of the tree may recurse; nginx accepts
 * deeper nesting (10,000 nested `location`s pass `nginx -t`), real configs never come near it.
 */
export const MAX_NESTING = 500;

/** One open level of nesting: the file itself, or a directive's block whose `}` is still to come. */
interface Frame {
  parent: Directive | ConfigFile;
  into: Statement[];
  /** The directive whose block this is; absent for the file. */
  block?: ParsedDirective;
}

export function parse(text: string): ConfigFile {
  return new Parser(text).parseFile();
}

class Parser {
  private readonly scanner: Scanner;
  private readonly index: LineIndex;
  private readonly errors: SyntaxIssue[] = [];
  /** Set once an error already stands at the end of the text, so enclosing blocks add no second one. */
  private eofReported = false;
  /** The first block cut off at MAX_NESTING; reported after every real error, so that nginx's own comes first. */
  private tooDeep: SyntaxIssue | undefined;
  private readonly names = new Map<string, string>();

  constructor(private readonly text: string) {
    this.scanner = new Scanner(text);
    this.index = LineIndex.of(text);
  }

  parseFile(): ConfigFile {
    const file: ConfigFile = {
      kind: 'file',
      text: this.text,
      children: [],
      errors: this.errors,
      range: this.range(0, this.text.length),
    };
    this.parseBody(file);
    file.children = file.children.slice();
    if (this.tooDeep) this.errors.push(this.tooDeep);
    return file;
  }

  /**
   * Parses the whole text. Blocks nest on an explicit stack, not on the call stack: nginx itself accepts
   * 10,000 nested `location`s, and any depth must parse without overflowing.
   */
  private parseBody(file: ConfigFile): void {
    const stack: Frame[] = [{ parent: file, into: file.children }];
    for (;;) {
      const frame = stack[stack.length - 1];
      const parent = frame.parent;
      const into = frame.into;
      const inBlock = frame.block !== undefined;
      const st = this.readStatement();
      const end = st.end;

      if (st.words.length === 0) {
        this.addComments(st.comments, parent, into);
        if (end.kind === 'eof') {
          if (inBlock && !this.eofReported) {
            this.error('unexpected end of file, expecting "}"', this.text.length, this.text.length, this.scanner.line);
            this.eofReported = true;
          }
          this.closeAll(stack);
          return;
        }
        if (end.kind === 'block-end') {
          if (inBlock) {
            this.closeBlock(frame, end.at);
            stack.pop();
          } else {
            this.error('unexpected "}"', end.at, end.at + 1, st.nginxLine);
          }
          continue;
        }
        if (end.kind === 'error') {
          this.error(end.message, end.at, end.at + 1, end.nginxLine);
          // A nameless `{` still opens a block: parse it so that its `}` does not close ours. (Other errors may
          // stand at a `{` too, such as a too long parameter starting with one: those open nothing.)
          if (end.recover === 'skip' && this.text[end.at] === '{') {
            const d = this.directive(parent, [{ start: end.at, end: end.at, quote: 'none', value: '' }]);
            into.push(d);
            if (stack.length > MAX_NESTING) this.skipBlock(d, end.at);
            else stack.push(this.openBlock(d, end.at));
          }
          continue;
        }
        continue;
      }

      // Comments before the first word precede the directive; those between its words follow it, as crossplane lists them.
      const firstWord = st.words[0].start;
      const withComments = st.comments.length > 0;
      if (withComments) this.addComments(st.comments.filter((c) => c.start < firstWord), parent, into);
      // A plain block is made with its directive, so that every directive object gets its properties at once.
      const plainBlock = end.kind === 'block-start' && stack.length <= MAX_NESTING && !/_by_lua_block$/.test(st.words[0].value);
      const d = this.directive(parent, st.words, end.kind === 'semicolon' ? end.at : -1, plainBlock ? end.at : -1);
      if (st.recovered) d.recovered = true;
      into.push(d);
      if (withComments) this.addComments(st.comments.filter((c) => c.start > firstWord), parent, into);
      switch (end.kind) {
        case 'semicolon':
          break;
        case 'block-start':
          if (parent.kind === 'directive' && DATA_BLOCKS.has(parent.name)) {
            this.error('unexpected "{"', end.at, end.at + 1, st.nginxLine);
          }
          if (plainBlock) stack.push({ parent: d, into: (d.block as Block).children, block: d });
          else if (/_by_lua_block$/.test(d.name)) this.parseLuaBlock(d, end.at);
          else this.skipBlock(d, end.at);
          break;
        case 'error':
          this.error(end.message, end.at, Math.min(end.at + 1, this.text.length), end.nginxLine);
          if (end.recover === 'eof') {
            this.eofReported = true;
            this.scanner.pos = this.text.length;
          }
          break;
        case 'eof':
        case 'block-end':
          break;
      }
      if (this.scanner.pos >= this.text.length && end.kind === 'error' && end.recover === 'eof') {
        this.closeAll(stack);
        return;
      }
    }
  }

  /** Reads one statement, carrying on over errors that nginx would stop at but that leave the words intact. */
  private readStatement(): Tokens & { recovered?: true } {
    let st = this.scanner.read();
    if (st.end.kind !== 'error' || st.end.recover !== 'new-word') return st;
    const comments: CommentSpan[] = [...st.comments];
    while (st.end.kind === 'error' && st.end.recover === 'new-word') {
      this.error(st.end.message, st.end.at, st.end.at + 1, st.end.nginxLine);
      st = this.scanner.read(st.words);
      comments.push(...st.comments);
    }
    return { ...st, comments, recovered: true };
  }

  /** Gives `d` an empty block opened at `openAt`; its statements are parsed into the returned frame. */
  private openBlock(d: ParsedDirective, openAt: number): Frame {
    const block = this.newBlock(openAt);
    d.block = block;
    return { parent: d, into: block.children, block: d };
  }

  private newBlock(openAt: number): ParsedBlock {
    return new ParsedBlock(this.index, openAt);
  }

  /** Ends a block frame at its `}` (`closeAt`), or at the end of the text when the file ended first. */
  private closeBlock(frame: Frame, closeAt: number | undefined): void {
    if (!frame.block) return;
    const d = frame.block;
    const block = d.block as ParsedBlock;
    const end = closeAt === undefined ? this.text.length : closeAt + 1;
    if (closeAt !== undefined) block.closeAt = closeAt;
    block.endOffset = end;
    d.endOffset = end;
    // The list is complete: keep it without the spare capacity it grew while being filled.
    block.children = block.children.slice();
  }

  /** The text ended: every block still open runs to its end, innermost first. */
  private closeAll(stack: Frame[]): void {
    for (let i = stack.length - 1; i > 0; i--) this.closeBlock(stack[i], undefined);
    stack.length = 1;
  }

  /** `*_by_lua_block { ... }`: the body is Lua, kept as raw text; braces are counted the way Lua reads them. */
  private parseLuaBlock(d: ParsedDirective, openAt: number): void {
    this.rawBlock(d, openAt, this.skipLua(openAt));
  }

  /** Moves the scanner past a Lua body opened at `openAt`; returns its `}`, or -1 when the text ends first. */
  private skipLua(openAt: number): number {
    const bodyStart = openAt + 1;
    const closeAt = scanLuaBlock(this.text, bodyStart);
    const bodyEnd = closeAt === -1 ? this.text.length : closeAt;
    for (let i = bodyStart; i < bodyEnd; i++) if (this.text.charCodeAt(i) === 10) this.scanner.line++;
    this.scanner.pos = closeAt === -1 ? this.text.length : closeAt + 1;
    if (closeAt === -1) this.unexpectedEof();
    return closeAt;
  }

  /**
   * A block beyond MAX_NESTING: its statements are read the way nginx reads them (so that its errors are still
   * reported and the right `}` closes it) but kept as raw text, not as a tree.
   */
  private skipBlock(d: ParsedDirective, openAt: number): void {
    if (!this.tooDeep) {
      const line = this.index.loc(openAt).line + 1;
      this.tooDeep = {
        message: `nginx-ws: blocks nested more than ${MAX_NESTING} levels deep are not analysed`,
        range: this.range(openAt, openAt + 1),
        nginxLine: line,
      };
    }
    let depth = 1;
    let closeAt = -1;
    for (;;) {
      const st = this.readStatement();
      const end = st.end;
      if (end.kind === 'eof') {
        this.unexpectedEof();
        break;
      }
      if (end.kind === 'block-end') {
        if (--depth === 0) {
          closeAt = end.at;
          break;
        }
        continue;
      }
      if (end.kind === 'block-start') {
        if (/_by_lua_block$/.test(st.words[0]?.value ?? '')) {
          if (this.skipLua(end.at) === -1) break;
        } else depth++;
        continue;
      }
      if (end.kind === 'error') {
        this.error(end.message, end.at, Math.min(end.at + 1, this.text.length), end.nginxLine);
        if (st.words.length === 0 && end.recover === 'skip' && this.text[end.at] === '{') depth++;
        if (end.recover === 'eof') {
          this.eofReported = true;
          this.scanner.pos = this.text.length;
          break;
        }
      }
    }
    this.rawBlock(d, openAt, closeAt);
  }

  /** Gives `d` a block whose body, from `openAt` to `closeAt` (-1: the end of the text), is kept as raw text. */
  private rawBlock(d: ParsedDirective, openAt: number, closeAt: number): void {
    const bodyEnd = closeAt === -1 ? this.text.length : closeAt;
    const end = closeAt === -1 ? this.text.length : closeAt + 1;
    const block = this.newBlock(openAt);
    block.closeAt = closeAt;
    block.endOffset = end;
    block.rawBody = { text: this.text.slice(openAt + 1, bodyEnd), range: this.range(openAt + 1, bodyEnd) };
    d.block = block;
    d.endOffset = end;
  }

  private unexpectedEof(): void {
    if (this.eofReported) return;
    this.error('unexpected end of file, expecting "}"', this.text.length, this.text.length, this.scanner.line);
    this.eofReported = true;
  }

  /**
   * A directive of `words`, ended by the `;` at `semicolonAt`, or opening a plain block at `openAt` (-1 for neither:
   * a Lua or a raw block, or an error, ends it later).
   */
  private directive(parent: Directive | ConfigFile, words: Word[], semicolonAt = -1, openAt = -1): ParsedDirective {
    const w0 = words[0];
    const d = new ParsedDirective(this.intern(w0.value), w0.quote, parent, this.index, w0.start, w0.end);
    if (words.length > 1) {
      const args: Arg[] = new Array<Arg>(words.length - 1);
      for (let i = 1; i < words.length; i++) {
        const w = words[i];
        // An unquoted word without escapes is its own source text: share the string.
        const raw = w.quote === 'none' && w.value.length === w.end - w.start ? w.value : this.text.slice(w.start, w.end);
        args[i - 1] = new ParsedArg(w.value, raw, w.quote, d, w.start, w.end);
      }
      d.args = args;
      d.endOffset = words[words.length - 1].end;
    }
    if (semicolonAt >= 0) {
      d.semicolonAt = semicolonAt;
      d.endOffset = semicolonAt + 1;
    } else if (openAt >= 0) d.block = this.newBlock(openAt);
    return d;
  }

  private range(start: number, end: number): Range {
    return new SourceRange(this.index, start, end);
  }

  /** Directive names repeat throughout a config: one string for each. */
  private intern(s: string): string {
    const hit = this.names.get(s);
    if (hit !== undefined) return hit;
    this.names.set(s, s);
    return s;
  }

  private addComments(spans: CommentSpan[], parent: Directive | ConfigFile, into: Statement[]): void {
    for (const s of spans) {
      let end = s.end;
      if (this.text.charCodeAt(end - 1) === 13) end--;
      const c: Comment = {
        kind: 'comment',
        text: this.text.slice(s.start + 1, end),
        range: this.range(s.start, end),
        parent,
      };
      into.push(c);
    }
  }

  private error(message: string, start: number, end: number, nginxLine: number): void {
    this.errors.push({ message, range: this.range(start, end), nginxLine });
  }
}


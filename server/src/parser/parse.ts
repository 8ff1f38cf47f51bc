import type { Arg, Block, Comment, ConfigFile, Directive, Statement, SyntaxIssue } from './ast';
import { LineIndex } from './lineIndex';
import { scanLuaBlock } from './luaBlock';
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

/** One open level of nesting: the file itself, or a directive's block whose `}` is still to come. */
interface Frame {
  parent: Directive | ConfigFile;
  into: Statement[];
  block?: { d: Directive; openAt: number };
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

  constructor(private readonly text: string) {
    this.scanner = new Scanner(text);
    this.index = new LineIndex(text);
  }

  parseFile(): ConfigFile {
    const file: ConfigFile = {
      kind: 'file',
      text: this.text,
      children: [],
      errors: this.errors,
      range: this.index.range(0, this.text.length),
    };
    this.parseBody(file);
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
          // A nameless `{` still opens a block: parse it so that its `}` does not close ours.
          if (this.text[end.at] === '{') {
            const d = this.directive(parent, [{ start: end.at, end: end.at, quote: 'none', value: '' }]);
            into.push(d);
            stack.push(this.openBlock(d, end.at));
          }
          continue;
        }
        continue;
      }

      // Comments before the first word precede the directive; those between its words follow it, as crossplane lists them.
      const firstWord = st.words[0].start;
      this.addComments(st.comments.filter((c) => c.start < firstWord), parent, into);
      const d = this.directive(parent, st.words);
      into.push(d);
      this.addComments(st.comments.filter((c) => c.start > firstWord), parent, into);
      switch (end.kind) {
        case 'semicolon':
          d.semicolon = this.index.range(end.at, end.at + 1);
          d.range = this.index.range(d.range.start.offset, end.at + 1);
          break;
        case 'block-start':
          if (parent.kind === 'directive' && DATA_BLOCKS.has(parent.name)) {
            this.error('unexpected "{"', end.at, end.at + 1, st.nginxLine);
          }
          if (/_by_lua_block$/.test(d.name)) this.parseLuaBlock(d, end.at);
          else stack.push(this.openBlock(d, end.at));
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
  private readStatement(): Tokens {
    let st = this.scanner.read();
    const comments: CommentSpan[] = [...st.comments];
    while (st.end.kind === 'error' && st.end.recover === 'new-word') {
      this.error(st.end.message, st.end.at, st.end.at + 1, st.end.nginxLine);
      st = this.scanner.read(st.words);
      comments.push(...st.comments);
    }
    return { ...st, comments };
  }

  /** Gives `d` an empty block opened at `openAt`; its statements are parsed into the returned frame. */
  private openBlock(d: Directive, openAt: number): Frame {
    const open = this.index.range(openAt, openAt + 1);
    const block: Block = { kind: 'block', open, children: [], range: open };
    d.block = block;
    return { parent: d, into: block.children, block: { d, openAt } };
  }

  /** Ends a block frame at its `}` (`closeAt`), or at the end of the text when the file ended first. */
  private closeBlock(frame: Frame, closeAt: number | undefined): void {
    if (!frame.block) return;
    const { d, openAt } = frame.block;
    const block = d.block as Block;
    const endAt = closeAt === undefined ? this.text.length : closeAt + 1;
    if (closeAt !== undefined) block.close = this.index.range(closeAt, closeAt + 1);
    block.range = this.index.range(openAt, endAt);
    d.range = this.index.range(d.range.start.offset, endAt);
  }

  /** The text ended: every block still open runs to its end, innermost first. */
  private closeAll(stack: Frame[]): void {
    for (let i = stack.length - 1; i > 0; i--) this.closeBlock(stack[i], undefined);
    stack.length = 1;
  }

  /** `*_by_lua_block { ... }`: the body is Lua, kept as raw text; braces are counted the way Lua reads them. */
  private parseLuaBlock(d: Directive, openAt: number): void {
    const bodyStart = openAt + 1;
    const closeAt = scanLuaBlock(this.text, bodyStart);
    const bodyEnd = closeAt === -1 ? this.text.length : closeAt;
    for (let i = bodyStart; i < bodyEnd; i++) if (this.text.charCodeAt(i) === 10) this.scanner.line++;
    const endAt = closeAt === -1 ? this.text.length : closeAt + 1;
    if (this.text.charCodeAt(closeAt) === 10) this.scanner.line++;
    this.scanner.pos = endAt;
    d.block = {
      kind: 'block',
      open: this.index.range(openAt, openAt + 1),
      close: closeAt === -1 ? undefined : this.index.range(closeAt, closeAt + 1),
      children: [],
      rawBody: { text: this.text.slice(bodyStart, bodyEnd), range: this.index.range(bodyStart, bodyEnd) },
      range: this.index.range(openAt, endAt),
    };
    d.range = this.index.range(d.range.start.offset, endAt);
    if (closeAt === -1 && !this.eofReported) {
      this.error('unexpected end of file, expecting "}"', this.text.length, this.text.length, this.scanner.line);
      this.eofReported = true;
    }
  }

  private directive(parent: Directive | ConfigFile, words: Word[]): Directive {
    const [name, ...rest] = words;
    const last = words[words.length - 1];
    const d: Directive = {
      kind: 'directive',
      name: name.value,
      nameRange: this.index.range(name.start, name.end),
      nameQuote: name.quote,
      args: [],
      range: this.index.range(name.start, last.end),
      parent,
    };
    d.args = rest.map(
      (w): Arg => ({
        kind: 'arg',
        value: w.value,
        raw: this.text.slice(w.start, w.end),
        quote: w.quote,
        range: this.index.range(w.start, w.end),
        parent: d,
      }),
    );
    return d;
  }

  private addComments(spans: CommentSpan[], parent: Directive | ConfigFile, into: Statement[]): void {
    for (const s of spans) {
      let end = s.end;
      if (this.text.charCodeAt(end - 1) === 13) end--;
      const c: Comment = {
        kind: 'comment',
        text: this.text.slice(s.start + 1, end),
        range: this.index.range(s.start, end),
        parent,
      };
      into.push(c);
    }
  }

  private error(message: string, start: number, end: number, nginxLine: number): void {
    this.errors.push({ message, range: this.index.range(start, end), nginxLine });
  }
}

import type { Arg, Block, Comment, ConfigFile, Directive, Statement, SyntaxIssue } from './ast';
import { LineIndex } from './lineIndex';
import { scanLuaBlock } from './luaBlock';
import { Scanner, type CommentSpan, type Statement as Tokens, type Word } from './tokenizer';

/**
 * Parses nginx configuration text the way `ngx_conf_parse` reads it, but keeps going after an error:
 * the first error is the one nginx reports; later ones come from our recovery.
 */
/** Blocks that nginx reads with a custom handler (`cf->handler`): their lines are data, and a `{` inside is an error. */
const DATA_BLOCKS = new Set(['map', 'geo', 'types', 'charset_map', 'split_clients', 'match']);

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
    this.parseBody(file, file.children, false);
    return file;
  }

  /** Parses statements into `into` until the block's `}` (returned) or the end of the text (undefined). */
  private parseBody(parent: Directive | ConfigFile, into: Statement[], inBlock: boolean): number | undefined {
    for (;;) {
      const st = this.readStatement();
      const end = st.end;

      if (st.words.length === 0) {
        this.addComments(st.comments, parent, into);
        if (end.kind === 'eof') {
          if (inBlock && !this.eofReported) {
            this.error('unexpected end of file, expecting "}"', this.text.length, this.text.length, this.scanner.line);
            this.eofReported = true;
          }
          return undefined;
        }
        if (end.kind === 'block-end') {
          if (inBlock) return end.at;
          this.error('unexpected "}"', end.at, end.at + 1, st.nginxLine);
          continue;
        }
        if (end.kind === 'error') {
          this.error(end.message, end.at, end.at + 1, end.nginxLine);
          // A nameless `{` still opens a block: parse it so that its `}` does not close ours.
          if (this.text[end.at] === '{') {
            const d = this.directive(parent, [{ start: end.at, end: end.at, quote: 'none', value: '' }]);
            into.push(d);
            this.parseBlock(d, end.at);
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
          else this.parseBlock(d, end.at);
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
      if (this.scanner.pos >= this.text.length && end.kind === 'error' && end.recover === 'eof') return undefined;
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

  private parseBlock(d: Directive, openAt: number): void {
    const block: Block = {
      kind: 'block',
      open: this.index.range(openAt, openAt + 1),
      children: [],
      range: this.index.range(openAt, openAt + 1),
    };
    d.block = block;
    const closeAt = this.parseBody(d, block.children, true);
    const endAt = closeAt === undefined ? this.text.length : closeAt + 1;
    if (closeAt !== undefined) block.close = this.index.range(closeAt, closeAt + 1);
    block.range = this.index.range(openAt, endAt);
    d.range = this.index.range(d.range.start.offset, endAt);
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

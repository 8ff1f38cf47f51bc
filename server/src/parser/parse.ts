import type { ConfigFile, Range, SyntaxIssue } from './ast';
import { scanLuaBlock } from './luaBlock';
import { ParsedFile } from './nodes';
import { CLOSE, END, FLAGS, IS_COMMENT, OPEN, RAW_BODY, RECOVERED, SEMI, STRIDE, WORD, WORDS, WORD_STRIDE, ParseRecords } from './records';
import { SourceRange } from './sourceRange';
import { AT_EOF, BLOCK_END, BLOCK_START, EOF, ERROR, NEW_WORD, SEMICOLON, SKIP, Scanner } from './tokenizer';

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

export function parse(text: string): ConfigFile {
  return new Parser(text).parseFile();
}

const LUA_BLOCK = '_by_lua_block';

/**
 * Writes the statements as records (records.ts); the tree's objects are made from them when first read. Blocks nest
 * on an explicit stack of records, not on the call stack: nginx itself accepts 10,000 nested `location`s, and any
 * depth must parse without overflowing.
 */
class Parser {
  private readonly records: ParseRecords;
  private readonly scanner: Scanner;
  private readonly errors: SyntaxIssue[] = [];
  /** Set once an error already stands at the end of the text, so enclosing blocks add no second one. */
  private eofReported = false;
  /** The first block cut off at MAX_NESTING; reported after every real error, so that nginx's own comes first. */
  private tooDeep: SyntaxIssue | undefined;
  /** Whether the statement just read carried on over an error (see readStatement). */
  private recovered = false;

  constructor(private readonly text: string) {
    this.records = new ParseRecords(text);
    this.scanner = new Scanner(text, this.records);
  }

  parseFile(): ConfigFile {
    this.parseBody();
    if (this.tooDeep) this.errors.push(this.tooDeep);
    this.records.trim();
    return new ParsedFile(this.records, this.text, this.errors);
  }

  private parseBody(): void {
    const records = this.records;
    const sc = this.scanner;
    const len = this.text.length;
    // The open levels: record 0 (the file), then each directive whose block's `}` is still to come.
    const stack: number[] = [0];
    // Whether each open block is a data block (`map`, `types`, ...): -1 until a `{` inside it asks.
    const data: number[] = [0];
    for (;;) {
      const depth = stack.length;
      const parent = stack[depth - 1];
      const inBlock = depth > 1;
      const end = this.readStatement();
      const at = sc.at;

      if (records.wordCount === sc.base) {
        this.addComments(parent, -1);
        if (end === EOF) {
          if (inBlock && !this.eofReported) {
            this.error('unexpected end of file, expecting "}"', len, len, sc.line);
            this.eofReported = true;
          }
          this.closeAll(stack);
          return;
        }
        if (end === BLOCK_END) {
          if (inBlock) {
            this.closeBlock(parent, at);
            stack.pop();
            data.pop();
          } else {
            this.error('unexpected "}"', at, at + 1, sc.statementLine);
          }
          continue;
        }
        if (end === ERROR) {
          this.error(sc.message, at, at + 1, sc.statementLine);
          // A nameless `{` still opens a block: parse it so that its `}` does not close ours. (Other errors may
          // stand at a `{` too, such as a too long parameter starting with one: those open nothing.)
          if (sc.recover === SKIP && this.text.charCodeAt(at) === 123) {
            const d = this.directive(parent, records.addWord(at, at, 0), 1, -1, -1);
            if (depth > MAX_NESTING) this.skipBlock(d, at);
            else {
              records.statements[d * STRIDE + OPEN] = at;
              stack.push(d);
              data.push(-1);
            }
          }
        }
        continue;
      }

      // Comments before the first word precede the directive; those between its words follow it, as crossplane lists them.
      const first = sc.base;
      const firstStart = records.words[first * WORD_STRIDE];
      const withComments = sc.commentCount > 0;
      if (withComments) this.addComments(parent, firstStart, true);
      const lua = end === BLOCK_START && records.valueEndsWith(first, LUA_BLOCK);
      const plainBlock = end === BLOCK_START && depth <= MAX_NESTING && !lua;
      const d = this.directive(parent, first, records.wordCount - first, end === SEMICOLON ? at : -1, plainBlock ? at : -1);
      if (this.recovered) records.statements[d * STRIDE + FLAGS] |= RECOVERED;
      if (withComments) this.addComments(parent, firstStart, false);
      if (end === BLOCK_START) {
        if (inBlock && this.isDataBlock(stack, data)) this.error('unexpected "{"', at, at + 1, sc.statementLine);
        if (plainBlock) {
          stack.push(d);
          data.push(-1);
        } else if (lua) this.parseLuaBlock(d, at);
        else this.skipBlock(d, at);
      } else if (end === ERROR) {
        this.error(sc.message, at, Math.min(at + 1, len), sc.statementLine);
        if (sc.recover === AT_EOF) {
          this.eofReported = true;
          sc.pos = len;
          this.closeAll(stack);
          return;
        }
      }
    }
  }

  /** Whether the innermost open block is one whose body nginx reads as data (DATA_BLOCKS). */
  private isDataBlock(stack: number[], data: number[]): boolean {
    const top = stack.length - 1;
    if (data[top] === -1) data[top] = DATA_BLOCKS.has(this.records.value(this.records.statements[stack[top] * STRIDE + WORD])) ? 1 : 0;
    return data[top] === 1;
  }

  /**
   * Reads one statement, carrying on over errors that nginx would stop at but that leave the words intact. Its words
   * are the word table's from `scanner.base` on, its comments the scanner's.
   */
  private readStatement(): number {
    const sc = this.scanner;
    sc.commentCount = 0;
    this.recovered = false;
    let end = sc.read();
    while (end === ERROR && sc.recover === NEW_WORD) {
      this.recovered = true;
      this.error(sc.message, sc.at, sc.at + 1, sc.statementLine);
      end = sc.read(true);
    }
    return end;
  }

  /** Ends the block of directive record `d` at its `}` (`closeAt`), or at the end of the text (-1) when the file ended first. */
  private closeBlock(d: number, closeAt: number): void {
    const s = this.records.statements;
    s[d * STRIDE + CLOSE] = closeAt;
    s[d * STRIDE + END] = closeAt === -1 ? this.text.length : closeAt + 1;
  }

  /** The text ended: every block still open runs to its end, innermost first. */
  private closeAll(stack: number[]): void {
    for (let i = stack.length - 1; i > 0; i--) this.closeBlock(stack[i], -1);
    stack.length = 1;
  }

  /** `*_by_lua_block { ... }`: the body is Lua, kept as raw text; braces are counted the way Lua reads them. */
  private parseLuaBlock(d: number, openAt: number): void {
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
  private skipBlock(d: number, openAt: number): void {
    if (!this.tooDeep) {
      const line = this.records.lines.loc(openAt).line + 1;
      this.tooDeep = {
        message: `nginx-ws: blocks nested more than ${MAX_NESTING} levels deep are not analysed`,
        range: this.range(openAt, openAt + 1),
        nginxLine: line,
      };
    }
    const records = this.records;
    const sc = this.scanner;
    let depth = 1;
    let closeAt = -1;
    for (;;) {
      const end = this.readStatement();
      const words = records.wordCount - sc.base;
      const lua = words > 0 && records.valueEndsWith(sc.base, LUA_BLOCK);
      // No record refers to these words: the body is kept as text.
      records.wordCount = sc.base;
      const at = sc.at;
      if (end === EOF) {
        this.unexpectedEof();
        break;
      }
      if (end === BLOCK_END) {
        if (--depth === 0) {
          closeAt = at;
          break;
        }
        continue;
      }
      if (end === BLOCK_START) {
        if (lua) {
          if (this.skipLua(at) === -1) break;
        } else depth++;
        continue;
      }
      if (end === ERROR) {
        this.error(sc.message, at, Math.min(at + 1, this.text.length), sc.statementLine);
        if (words === 0 && sc.recover === SKIP && this.text.charCodeAt(at) === 123) depth++;
        if (sc.recover === AT_EOF) {
          this.eofReported = true;
          sc.pos = this.text.length;
          break;
        }
      }
    }
    this.rawBlock(d, openAt, closeAt);
  }

  /** Gives directive record `d` a block whose body, from `openAt` to `closeAt` (-1: the end of the text), is kept as raw text. */
  private rawBlock(d: number, openAt: number, closeAt: number): void {
    const o = d * STRIDE;
    const s = this.records.statements;
    s[o + FLAGS] |= RAW_BODY;
    s[o + OPEN] = openAt;
    s[o + CLOSE] = closeAt;
    s[o + END] = closeAt === -1 ? this.text.length : closeAt + 1;
  }

  private unexpectedEof(): void {
    if (this.eofReported) return;
    this.error('unexpected end of file, expecting "}"', this.text.length, this.text.length, this.scanner.line);
    this.eofReported = true;
  }

  /**
   * A directive record, the last child of record `parent`: `count` words from `first`, ended by the `;` at
   * `semicolonAt`, or opening a plain block at `openAt` (-1 for neither: a Lua or a raw block, or an error, ends it later).
   */
  private directive(parent: number, first: number, count: number, semicolonAt: number, openAt: number): number {
    const records = this.records;
    const d = records.addStatement(parent, 0);
    const s = records.statements;
    const o = d * STRIDE;
    s[o + WORD] = first;
    s[o + WORDS] = count;
    s[o + SEMI] = semicolonAt;
    s[o + END] = semicolonAt >= 0 ? semicolonAt + 1 : records.words[(first + count - 1) * WORD_STRIDE + 1];
    s[o + OPEN] = openAt;
    s[o + CLOSE] = -1;
    return d;
  }

  private range(start: number, end: number): Range {
    return new SourceRange(this.records, start, end);
  }

  /** The statement's comments: all (`before` undefined), or those before or after its first word at `firstStart`. */
  private addComments(parent: number, firstStart: number, before?: boolean): void {
    const sc = this.scanner;
    const c = sc.comments;
    for (let i = 0; i < sc.commentCount; i++) {
      const start = c[2 * i];
      if (before !== undefined && start < firstStart !== before) continue;
      let end = c[2 * i + 1];
      if (this.text.charCodeAt(end - 1) === 13) end--;
      const r = this.records.addStatement(parent, IS_COMMENT);
      const s = this.records.statements;
      s[r * STRIDE + WORD] = start;
      s[r * STRIDE + WORDS] = end;
      s[r * STRIDE + OPEN] = -1;
    }
  }

  private error(message: string, start: number, end: number, nginxLine: number): void {
    this.errors.push({ message, range: this.range(start, end), nginxLine });
  }
}

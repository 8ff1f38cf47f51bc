import type { ConfigFile, Range, SyntaxIssue } from './ast';
import { scanLuaBlock } from './luaBlock';
import { ParsedFile } from './nodes';
import { BLOCK_STRIDE, CLOSE, END, FLAGS, IS_COMMENT, NAME_END, NAMELESS, NAME_UNTERMINATED, ParseRecords, RAW_BODY, RECOVERED, SEMICOLON_END, START, STRIDE } from './records';
import { SourceRange } from './sourceRange';
import { AT_EOF, BLOCK_END, BLOCK_START, EOF, ERROR, ESCAPED, NEW_WORD, QUOTE_MASK, SEMICOLON, SKIP, Scanner, UNTERMINATED, wordValue } from './tokenizer';

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

/**
 * Parses nginx configuration text the way `ngx_conf_parse` reads it, but keeps going after an error:
 * the first error is the one nginx reports; later ones come from our recovery.
 */
export function parse(text: string): ConfigFile {
  // Made on first use, not when the module loads: a program that never parses compiles none of it.
  return (parser ??= new Parser()).parse(text);
}

const LUA_BLOCK = '_by_lua_block';

/**
 * Writes the statements as records (records.ts); the tree's objects are made from them when first read. Blocks nest
 * on an explicit stack of records, not on the call stack: nginx itself accepts 10,000 nested `location`s, and any
 * depth must parse without overflowing.
 */
class Parser {
  private text = '';
  /** Between parses, an empty table: the last parse's belongs to its tree alone. */
  private readonly idle = new ParseRecords('');
  private records = this.idle;
  private readonly scanner = new Scanner('');
  private errors: SyntaxIssue[] = [];
  /** Set once an error already stands at the end of the text, so enclosing blocks add no second one. */
  private eofReported = false;
  /** The first block cut off at MAX_NESTING; reported after every real error, so that nginx's own comes first. */
  private tooDeep: SyntaxIssue | undefined = undefined;
  /** Whether the statement just read carried on over an error (see readStatement). */
  private recovered = false;
  /**
   * A small tree kept alive, every kind of node made. V8 drops a hidden class once no object has it, and with it the
   * optimised code that relied on it: without a live tree, each garbage collection would send the next parse (and
   * the making of its nodes) back to the interpreter.
   */
  private readonly sample = this.parse('a "b" {\n# c\n}\n');

  constructor() {
    // Reading them makes (and keeps) the sample's arguments and its block's statements.
    for (const s of this.sample.children) if (s.kind === 'directive') void (s.args.length + (s.block?.children.length ?? 0));
  }

  /** One parse at a time: the parser, its scanner and their tables are reused from one text to the next. */
  parse(text: string): ConfigFile {
    this.text = text;
    this.records = new ParseRecords(text);
    this.scanner.reset(text);
    this.errors = [];
    this.eofReported = false;
    this.tooDeep = undefined;
    this.parseBody();
    if (this.tooDeep) this.errors.push(this.tooDeep);
    this.records.finish();
    const file = new ParsedFile(this.records, text, this.errors);
    this.scanner.reset('');
    this.text = '';
    this.records = this.idle;
    return file;
  }

  private parseBody(): void {
    const records = this.records;
    const sc = this.scanner;
    const len = this.text.length;
    // The open levels: the file (block record 0), then each block whose `}` is still to come, with its directive.
    const blocks: number[] = [0];
    const owners: number[] = [-1];
    // Whether each open block is a data block (`map`, `types`, ...): -1 until a `{` inside it asks.
    const data: number[] = [0];
    for (;;) {
      const depth = blocks.length;
      const parent = blocks[depth - 1];
      const inBlock = depth > 1;
      const end = this.readStatement();
      const at = sc.at;

      if (sc.wordCount === 0) {
        this.addComments(parent, -1);
        if (end === EOF) {
          if (inBlock && !this.eofReported) {
            this.error('unexpected end of file, expecting "}"', len, len, sc.line);
            this.eofReported = true;
          }
          this.closeAll(blocks, owners);
          return;
        }
        if (end === BLOCK_END) {
          if (inBlock) {
            this.closeBlock(blocks[depth - 1], owners[depth - 1], at);
            blocks.pop();
            owners.pop();
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
            const d = records.addStatement(parent, NAMELESS);
            const o = d * STRIDE;
            records.statements[o + START] = at;
            records.statements[o + NAME_END] = at;
            records.statements[o + END] = at;
            if (depth > MAX_NESTING) this.skipBlock(d, at);
            else {
              blocks.push(records.addBlock(d, at));
              owners.push(d);
              data.push(-1);
            }
          }
        }
        continue;
      }

      // Comments before the first word precede the directive; those between its words follow it, as crossplane lists them.
      const words = sc.words;
      const nameStart = words[0];
      const withComments = sc.commentCount > 0;
      if (withComments) this.addComments(parent, nameStart, true);
      const lua = end === BLOCK_START && this.firstWordEndsWith(LUA_BLOCK);
      const plainBlock = end === BLOCK_START && depth <= MAX_NESTING && !lua;
      const d = records.addStatement(parent, (this.recovered ? RECOVERED : 0) | (end === SEMICOLON ? SEMICOLON_END : 0) | ((words[2] & UNTERMINATED) !== 0 ? NAME_UNTERMINATED : 0));
      const o = d * STRIDE;
      records.statements[o + START] = nameStart;
      records.statements[o + NAME_END] = words[1];
      records.statements[o + END] = end === SEMICOLON ? at + 1 : words[3 * sc.wordCount - 2];
      if (withComments) this.addComments(parent, nameStart, false);
      if (end === BLOCK_START) {
        if (inBlock && this.isDataBlock(owners, data)) this.error('unexpected "{"', at, at + 1, sc.statementLine);
        if (plainBlock) {
          blocks.push(records.addBlock(d, at));
          owners.push(d);
          data.push(-1);
        } else if (lua) this.parseLuaBlock(d, at);
        else this.skipBlock(d, at);
      } else if (end === ERROR) {
        this.error(sc.message, at, Math.min(at + 1, len), sc.statementLine);
        if (sc.recover === AT_EOF) {
          this.eofReported = true;
          sc.pos = len;
          this.closeAll(blocks, owners);
          return;
        }
      }
    }
  }

  /** Whether the value of the statement's first word ends with `suffix`, without making the value when it has no escapes. */
  private firstWordEndsWith(suffix: string): boolean {
    const w = this.scanner.words;
    if ((w[2] & (ESCAPED | QUOTE_MASK)) !== 0) return wordValue(this.text, w[0], w[1], w[2]).endsWith(suffix);
    return w[1] - w[0] >= suffix.length && this.text.endsWith(suffix, w[1]);
  }

  /** Whether the innermost open block is one whose body nginx reads as data (DATA_BLOCKS). */
  private isDataBlock(owners: number[], data: number[]): boolean {
    const top = owners.length - 1;
    if (data[top] === -1) data[top] = DATA_BLOCKS.has(this.records.name(owners[top])) ? 1 : 0;
    return data[top] === 1;
  }

  /** Reads one statement, carrying on over errors that nginx would stop at but that leave the words intact. */
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

  /** Ends block record `b` of directive record `d` at its `}` (`closeAt`), or at the end of the text (-1) when the file ended first. */
  private closeBlock(b: number, d: number, closeAt: number): void {
    this.records.blocks[b * BLOCK_STRIDE + CLOSE] = closeAt;
    this.records.statements[d * STRIDE + END] = closeAt === -1 ? this.text.length : closeAt + 1;
  }

  /** The text ended: every block still open runs to its end, innermost first. */
  private closeAll(blocks: number[], owners: number[]): void {
    for (let i = blocks.length - 1; i > 0; i--) this.closeBlock(blocks[i], owners[i], -1);
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
    const sc = this.scanner;
    let depth = 1;
    let closeAt = -1;
    for (;;) {
      const end = this.readStatement();
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
        if (sc.wordCount > 0 && this.firstWordEndsWith(LUA_BLOCK)) {
          if (this.skipLua(at) === -1) break;
        } else depth++;
        continue;
      }
      if (end === ERROR) {
        this.error(sc.message, at, Math.min(at + 1, this.text.length), sc.statementLine);
        if (sc.wordCount === 0 && sc.recover === SKIP && this.text.charCodeAt(at) === 123) depth++;
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
    const records = this.records;
    const b = records.addBlock(d, openAt);
    records.blocks[b * BLOCK_STRIDE + CLOSE] = closeAt;
    records.statements[d * STRIDE + FLAGS] |= RAW_BODY;
    records.statements[d * STRIDE + END] = closeAt === -1 ? this.text.length : closeAt + 1;
  }

  private unexpectedEof(): void {
    if (this.eofReported) return;
    this.error('unexpected end of file, expecting "}"', this.text.length, this.text.length, this.scanner.line);
    this.eofReported = true;
  }

  private range(start: number, end: number): Range {
    return new SourceRange(this.records, start, end);
  }

  /** The statement's comments, into block record `block`: all (`before` undefined), or those before or after its first word at `nameStart`. */
  private addComments(block: number, nameStart: number, before?: boolean): void {
    const sc = this.scanner;
    const c = sc.comments;
    for (let i = 0; i < sc.commentCount; i++) {
      const start = c[2 * i];
      if (before !== undefined && start < nameStart !== before) continue;
      let end = c[2 * i + 1];
      if (this.text.charCodeAt(end - 1) === 13) end--;
      const r = this.records.addStatement(block, IS_COMMENT);
      this.records.statements[r * STRIDE + START] = start;
      this.records.statements[r * STRIDE + NAME_END] = end;
    }
  }

  private error(message: string, start: number, end: number, nginxLine: number): void {
    this.errors.push({ message, range: this.range(start, end), nginxLine });
  }
}

let parser: Parser | undefined;

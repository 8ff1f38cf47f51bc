/** How `Scanner.read` ended a statement. */
export const SEMICOLON = 1;
export const BLOCK_START = 2;
export const BLOCK_END = 3;
export const EOF = 4;
/** A syntax error: `Scanner.message`, at `Scanner.at`; `Scanner.recover` says what recovery should do. */
export const ERROR = 5;

/** What recovery should do with the character an error stopped on. */
export const END_STATEMENT = 1;
export const SKIP = 2;
export const NEW_WORD = 3;
export const AT_EOF = 4;

/** Flags of a word the scanner read: the quote kind in the low two bits, whether its value needs unescaping, a missing closing quote. */
export const SINGLE = 1;
export const DOUBLE = 2;
export const QUOTE_MASK = 3;
export const ESCAPED = 4;
export const UNTERMINATED = 8;

const NGX_CONF_BUFFER = 4096;

/**
 * ASCII characters that mean nothing inside a word, quoted or not: all but space, tab, CR, LF, `"`, `$`, `'`, `;`,
 * `\\` and `{`. (Some of those are ordinary in some states too; the fast path leaves them to the careful loop.)
 */
const ORDINARY = new Uint8Array(128);
for (let c = 33; c < 127; c++) ORDINARY[c] = 1;
for (const c of [34, 36, 39, 59, 92, 123]) ORDINARY[c] = 0;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** UTF-8 length of the UTF-16 unit at i (surrogate halves count 2 each). */
function utf8Len(c: number): number {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdfff) return 2;
  return 3;
}

/** nginx's unescaping of a word: `\"` `\'` `\\` drop the backslash; `\t` `\r` `\n` become control characters. */
export function unescapeWord(text: string, start: number, end: number): string {
  // Look only inside the word: `indexOf` would scan to the end of the text for every word without a backslash.
  let i = start;
  while (i < end && text.charCodeAt(i) !== 92) i++;
  if (i >= end) return text.slice(start, end);
  let out = text.slice(start, i);
  while (i < end) {
    const c = text[i];
    if (c === '\\' && i + 1 < end) {
      const n = text[i + 1];
      if (n === '"' || n === "'" || n === '\\') {
        out += n;
        i += 2;
        continue;
      }
      if (n === 't' || n === 'r' || n === 'n') {
        out += n === 't' ? '\t' : n === 'r' ? '\r' : '\n';
        i += 2;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * A faithful port of nginx's `ngx_conf_read_token`: it reads one statement's words up to `;`, `{`, `}` or
 * the end of the text, with nginx's quoting, escaping, comment and `${` rules, and nginx's error messages.
 * The statement's words go to `words`, its comments to `comments`: nothing is allocated per statement.
 */
export class Scanner {
  pos = 0;
  /** nginx's line counter: 1 + the line feeds consumed so far. */
  line = 1;
  /** Span start, span end (quotes included) and flags (SINGLE, DOUBLE, ESCAPED, UNTERMINATED) of each word of the statement. */
  words = new Int32Array(48);
  wordCount = 0;
  /** Offset of what ended the statement: its `;`, `{` or `}`, or the character an error stopped on. */
  at = 0;
  /** nginx's 1-based line at the moment the statement ended (where it reports handler errors), or of its error. */
  statementLine = 1;
  /** The error's message and what recovery should do (after ERROR). */
  message = '';
  recover = 0;
  /** Start and end of each comment read since `comments` was last emptied (`commentCount = 0`). */
  comments = new Int32Array(16);
  commentCount = 0;

  constructor(public text: string) {}

  /** Starts reading `text` from its beginning. */
  reset(text: string): void {
    this.text = text;
    this.pos = 0;
    this.line = 1;
    this.wordCount = 0;
    this.commentCount = 0;
  }

  /** Reads the next statement; `resume` continues one whose words an error interrupted. Returns how it ended. */
  read(resume = false): number {
    const text = this.text;
    const len = text.length;
    if (!resume) this.wordCount = 0;
    let pos = this.pos;
    let line = this.line;
    let needSpace = false;
    let lastSpace = true;
    let sharpComment = false;
    let commentStart = 0;
    let variable = false;
    let quoted = false;
    // A backslash in the current word: only then does its value need unescaping rather than a plain slice.
    let escaped = false;
    let sQuoted = false;
    let dQuoted = false;
    let start = pos;
    let startLine = line;
    // Bytes consumed since `start`: nginx fails when one token fills its 4 KB read buffer.
    let bytes = 0;

    for (;;) {
      if (pos >= len) {
        this.pos = pos;
        this.line = line;
        if (sharpComment) this.comment(commentStart, len);
        if (this.wordCount > 0 || !lastSpace) {
          // The word being read, for recovery; a closed quote (needSpace) was pushed when it closed.
          if (!lastSpace && !needSpace) this.word(start, len, sQuoted ? SINGLE : dQuoted ? DOUBLE : 0, true, escaped);
          return this.fail('unexpected end of file, expecting ";" or "}"', len, AT_EOF, line);
        }
        this.statementLine = line;
        return EOF;
      }

      if (bytes >= NGX_CONF_BUFFER) {
        this.pos = pos;
        this.line = line;
        if (sharpComment) this.comment(commentStart, pos);
        const q = dQuoted ? '"' : sQuoted ? "'" : '';
        const message = q
          ? `too long parameter, probably missing terminating "${q}" character`
          : `too long parameter "${text.slice(start, start + 10)}..." started`;
        return this.fail(message, start, END_STATEMENT, startLine);
      }

      if (sharpComment) {
        // Fast path: a comment runs to the line feed, which the loop below takes; the 4 KB limit counts it too.
        let p = pos;
        while (p < len && bytes < NGX_CONF_BUFFER) {
          const c = text.charCodeAt(p);
          if (c === 10) break;
          bytes += c < 0x80 ? 1 : utf8Len(c);
          p++;
        }
        if (p > pos) {
          pos = p;
          continue;
        }
      } else if (!lastSpace && !quoted && !needSpace && !variable) {
        // Fast path: a run of ordinary ASCII characters inside a word does nothing but advance (the loop below would
        // take them one by one to the same effect). It stops short of the 4 KB limit, which the check above handles.
        let p = pos;
        const stop = Math.min(len, p + (NGX_CONF_BUFFER - bytes));
        while (p < stop) {
          const c = text.charCodeAt(p);
          if (c >= 128 || ORDINARY[c] === 0) break;
          p++;
        }
        if (p > pos) {
          bytes += p - pos;
          pos = p;
          continue;
        }
      }

      const at = pos;
      const ch = text.charCodeAt(pos++);
      bytes += ch < 0x80 ? 1 : utf8Len(ch);

      if (ch === 10) {
        line++;
        if (sharpComment) {
          sharpComment = false;
          this.comment(commentStart, at);
        }
      }
      if (sharpComment) continue;
      if (quoted) {
        quoted = false;
        continue;
      }

      if (needSpace) {
        if (isSpace(ch)) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (ch === 59 /* ; */) return this.end(SEMICOLON, at, pos, line);
        if (ch === 123 /* { */) return this.end(BLOCK_START, at, pos, line);
        if (ch === 41 /* ) */) {
          lastSpace = true;
          needSpace = false;
        } else {
          this.pos = at;
          this.line = line;
          return this.fail(`unexpected "${text[at]}"`, at, NEW_WORD, line);
        }
      }

      if (lastSpace) {
        start = at;
        escaped = false;
        startLine = line;
        bytes = ch < 0x80 ? 1 : utf8Len(ch);
        if (isSpace(ch)) {
          // Fast path: more spaces and tabs would each set start and bytes the same way; only the last one counts.
          let p = pos;
          while (p < len) {
            const c = text.charCodeAt(p);
            if (c !== 32 && c !== 9) break;
            p++;
          }
          if (p > pos) {
            start = p - 1;
            bytes = 1;
            pos = p;
          }
          continue;
        }
        switch (ch) {
          case 59: // ;
          case 123: // {
            if (this.wordCount === 0) {
              this.pos = pos;
              this.line = line;
              return this.fail(`unexpected "${text[at]}"`, at, SKIP, line);
            }
            return this.end(ch === 123 ? BLOCK_START : SEMICOLON, at, pos, line);
          case 125: // }
            if (this.wordCount !== 0) {
              this.pos = at;
              this.line = line;
              return this.fail('unexpected "}"', at, END_STATEMENT, line);
            }
            return this.end(BLOCK_END, at, pos, line);
          case 35: // #
            sharpComment = true;
            commentStart = at;
            continue;
          case 92: // backslash
            quoted = true;
            escaped = true;
            lastSpace = false;
            continue;
          case 34: // "
            start++;
            bytes = 0;
            dQuoted = true;
            lastSpace = false;
            continue;
          case 39: // '
            start++;
            bytes = 0;
            sQuoted = true;
            lastSpace = false;
            continue;
          case 36: // $
            variable = true;
            lastSpace = false;
            continue;
          default:
            lastSpace = false;
        }
      } else {
        if (ch === 123 && variable) continue;
        variable = false;
        if (ch === 92) {
          quoted = true;
          escaped = true;
          continue;
        }
        if (ch === 36) {
          variable = true;
          continue;
        }
        let found = false;
        if (dQuoted) {
          if (ch === 34) {
            dQuoted = false;
            needSpace = true;
            found = true;
            this.word(start, at, DOUBLE, false, escaped);
          }
        } else if (sQuoted) {
          if (ch === 39) {
            sQuoted = false;
            needSpace = true;
            found = true;
            this.word(start, at, SINGLE, false, escaped);
          }
        } else if (isSpace(ch) || ch === 59 || ch === 123) {
          lastSpace = true;
          found = true;
          this.word(start, at, 0, false, escaped);
        }
        if (found) {
          if (ch === 59) return this.end(SEMICOLON, at, pos, line);
          if (ch === 123) return this.end(BLOCK_START, at, pos, line);
        }
      }
    }
  }

  private fail(message: string, at: number, recover: number, line: number): number {
    this.at = at;
    this.message = message;
    this.recover = recover;
    this.statementLine = line;
    return ERROR;
  }

  private end(kind: number, at: number, pos: number, line: number): number {
    this.pos = pos;
    this.line = line;
    this.at = at;
    this.statementLine = line;
    return kind;
  }

  private comment(start: number, end: number): void {
    const i = this.commentCount++ * 2;
    if (i + 2 > this.comments.length) this.comments = grow(this.comments);
    this.comments[i] = start;
    this.comments[i + 1] = end;
  }

  /** `valueEnd` is where the word's content ends (before a closing quote); quoted words include their quotes in the span. */
  private word(valueStart: number, valueEnd: number, quote: number, unterminated: boolean, escaped: boolean): void {
    const spanStart = quote === 0 ? valueStart : valueStart - 1;
    const spanEnd = quote === 0 || unterminated ? valueEnd : valueEnd + 1;
    const i = this.wordCount++ * 3;
    if (i + 3 > this.words.length) this.words = grow(this.words);
    this.words[i] = spanStart;
    this.words[i + 1] = spanEnd;
    this.words[i + 2] = quote | (escaped ? ESCAPED : 0) | (unterminated ? UNTERMINATED : 0);
  }
}

/** The value of the word at `start`..`end` (quotes included) with `flags`, after nginx's unquoting and unescaping. */
export function wordValue(text: string, start: number, end: number, flags: number): string {
  const quoted = (flags & QUOTE_MASK) !== 0;
  const valueStart = quoted ? start + 1 : start;
  const valueEnd = quoted && (flags & UNTERMINATED) === 0 ? end - 1 : end;
  return (flags & ESCAPED) !== 0 ? unescapeWord(text, valueStart, valueEnd) : text.slice(valueStart, valueEnd);
}

/** The quote flag of the word at `start`..`end`: a word that starts with a quote is quoted (nginx starts none otherwise). */
export function quoteOf(text: string, start: number, end: number): number {
  if (end <= start) return 0;
  const c = text.charCodeAt(start);
  return c === 34 ? DOUBLE : c === 39 ? SINGLE : 0;
}

/** A record table twice the size, with the records copied. */
export function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

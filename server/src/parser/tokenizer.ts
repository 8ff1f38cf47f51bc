import type { QuoteKind } from './ast';

/** One word of a statement, with offsets into the text. */
export interface Word {
  start: number;
  end: number;
  quote: QuoteKind;
  value: string;
}

export interface CommentSpan {
  start: number;
  end: number;
}

export type StatementEnd =
  | { kind: 'semicolon'; at: number }
  | { kind: 'block-start'; at: number }
  | { kind: 'block-end'; at: number }
  | { kind: 'eof' }
  | {
      kind: 'error';
      message: string;
      /** Offset of the character nginx stopped on. */
      at: number;
      /** nginx's 1-based line for the message. */
      nginxLine: number;
      /** What recovery should do with the offending character. */
      recover: 'end-statement' | 'skip' | 'new-word' | 'eof';
    };

export interface Statement {
  words: Word[];
  comments: CommentSpan[];
  end: StatementEnd;
  /** nginx's 1-based line at the moment the statement ended (where it reports handler errors). */
  nginxLine: number;
}

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
 */
export class Scanner {
  pos = 0;
  /** nginx's line counter: 1 + the line feeds consumed so far. */
  line = 1;

  constructor(readonly text: string) {}

  /** Reads the next statement; `resume` continues one whose words an error interrupted. */
  read(resume: Word[] = []): Statement {
    const text = this.text;
    const len = text.length;
    const words: Word[] = resume;
    const comments: CommentSpan[] = [];
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
    let start = this.pos;
    let startLine = this.line;
    // Bytes consumed since `start`: nginx fails when one token fills its 4 KB read buffer.
    let bytes = 0;

    for (;;) {
      if (this.pos >= len) {
        if (sharpComment) comments.push({ start: commentStart, end: len });
        if (words.length > 0 || !lastSpace) {
          // The word being read, for recovery; a closed quote (needSpace) was pushed when it closed.
          if (!lastSpace && !needSpace) this.pushWord(words, start, len, sQuoted ? 'single' : dQuoted ? 'double' : 'none', true, escaped);
          return this.fail(words, comments, 'unexpected end of file, expecting ";" or "}"', len, 'eof');
        }
        return { words, comments, end: { kind: 'eof' }, nginxLine: this.line };
      }

      if (bytes >= NGX_CONF_BUFFER) {
        if (sharpComment) comments.push({ start: commentStart, end: this.pos });
        const q = dQuoted ? '"' : sQuoted ? "'" : '';
        const message = q
          ? `too long parameter, probably missing terminating "${q}" character`
          : `too long parameter "${text.slice(start, start + 10)}..." started`;
        return this.fail(words, comments, message, start, 'end-statement', startLine);
      }

      // Fast path: a run of ordinary ASCII characters inside a word does nothing but advance (the loop below would
      // take them one by one to the same effect). It stops short of the 4 KB limit, which the check above handles.
      if (!lastSpace && !quoted && !sharpComment && !needSpace && !variable) {
        let p = this.pos;
        const stop = Math.min(len, p + (NGX_CONF_BUFFER - bytes));
        while (p < stop && ORDINARY[text.charCodeAt(p)] === 1) p++;
        if (p > this.pos) {
          bytes += p - this.pos;
          this.pos = p;
          continue;
        }
      }

      const at = this.pos;
      const ch = text.charCodeAt(this.pos++);
      bytes += utf8Len(ch);

      if (ch === 10) {
        this.line++;
        if (sharpComment) {
          sharpComment = false;
          comments.push({ start: commentStart, end: at });
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
        if (ch === 59 /* ; */) return this.end(words, comments, { kind: 'semicolon', at });
        if (ch === 123 /* { */) return this.end(words, comments, { kind: 'block-start', at });
        if (ch === 41 /* ) */) {
          lastSpace = true;
          needSpace = false;
        } else {
          this.pos = at;
          return this.fail(words, comments, `unexpected "${text[at]}"`, at, 'new-word');
        }
      }

      if (lastSpace) {
        start = at;
        escaped = false;
        startLine = this.line;
        bytes = utf8Len(ch);
        if (isSpace(ch)) {
          // Fast path: more spaces and tabs would each set start and bytes the same way; only the last one counts.
          let p = this.pos;
          while (p < len && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
          if (p > this.pos) {
            start = p - 1;
            bytes = 1;
            this.pos = p;
          }
          continue;
        }
        switch (ch) {
          case 59: // ;
          case 123: // {
            if (words.length === 0) return this.fail(words, comments, `unexpected "${text[at]}"`, at, 'skip');
            return this.end(words, comments, ch === 123 ? { kind: 'block-start', at } : { kind: 'semicolon', at });
          case 125: // }
            if (words.length !== 0) {
              this.pos = at;
              return this.fail(words, comments, 'unexpected "}"', at, 'end-statement');
            }
            return this.end(words, comments, { kind: 'block-end', at });
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
            this.pushWord(words, start, at, 'double', false, escaped);
          }
        } else if (sQuoted) {
          if (ch === 39) {
            sQuoted = false;
            needSpace = true;
            found = true;
            this.pushWord(words, start, at, 'single', false, escaped);
          }
        } else if (isSpace(ch) || ch === 59 || ch === 123) {
          lastSpace = true;
          found = true;
          this.pushWord(words, start, at, 'none', false, escaped);
        }
        if (found) {
          if (ch === 59) return this.end(words, comments, { kind: 'semicolon', at });
          if (ch === 123) return this.end(words, comments, { kind: 'block-start', at });
        }
      }
    }
  }

  private fail(
    words: Word[],
    comments: CommentSpan[],
    message: string,
    at: number,
    recover: 'end-statement' | 'skip' | 'new-word' | 'eof',
    line = this.line,
  ): Statement {
    return { words, comments, end: { kind: 'error', message, at, nginxLine: line, recover }, nginxLine: line };
  }

  private end(words: Word[], comments: CommentSpan[], end: StatementEnd): Statement {
    return { words, comments, end, nginxLine: this.line };
  }

  /** `valueEnd` is where the word's content ends (before a closing quote); quoted words include their quotes in the span. */
  private pushWord(words: Word[], valueStart: number, valueEnd: number, quote: QuoteKind, unterminated: boolean, escaped: boolean): void {
    const spanStart = quote === 'none' ? valueStart : valueStart - 1;
    const spanEnd = quote === 'none' || unterminated ? valueEnd : valueEnd + 1;
    const value = escaped ? unescapeWord(this.text, valueStart, valueEnd) : this.text.slice(valueStart, valueEnd);
    words.push({ start: spanStart, end: spanEnd, quote, value });
  }
}

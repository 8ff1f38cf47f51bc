/**
 * The common ways a regular expression fails to compile in PCRE2, found without PCRE2: JavaScript's RegExp is
 * another dialect, and no PCRE2 build small enough ships on npm. The scanner knows the usual syntax (groups,
 * classes, quantifiers, simple escapes, `\Q...\E`, comments, named groups, back references) and gives up, saying
 * nothing, on anything else: verbs, callouts, recursion, `(?|`, extended mode, Unicode escapes, lookbehinds (their
 * limits differ between PCRE2 10.42 and 10.43). Its messages and offsets are PCRE2's, checked against Debian's
 * nginx (test/unit/rules/invalid-regex.test.ts).
 */
export interface Pcre2Error {
  message: string;
  /** Where PCRE2 points, as an index into the pattern; the pattern's length when it points at the end. */
  offset: number;
}

/** nginx's wording of a compile failure: `at "..."` is the rest of the pattern from PCRE2's offset, unless at the end. */
export function nginxRegexMessage(pattern: string, e: Pcre2Error): string {
  const at = e.offset < pattern.length ? ` at "${pattern.slice(e.offset)}"` : '';
  return `pcre2_compile() failed: ${e.message} in "${pattern}"${at}`;
}

const POSIX_CLASSES: ReadonlySet<string> = new Set([
  'alpha', 'lower', 'upper', 'alnum', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'print', 'punct', 'space', 'word', 'xdigit',
]);

/** Escapes that stand for one repeatable item (a character or a character type). */
const ATOM_ESCAPES = new Set('dDwWsShHvVRNXnrtfea0/.\\-[](){}*+?|^$'.split(''));
/** Escapes that assert a position: a quantifier after them is a case we leave to PCRE2. */
const ASSERT_ESCAPES = new Set('bBAzZGK'.split(''));

const MAX_REPEAT = 65535;
/** PCRE2's PARENS_NEST_LIMIT: deeper nesting is its own error, which we leave to it. */
const NEST_LIMIT = 250;
/** Past this, PCRE2's limits on the compiled size may answer first. */
const MAX_PATTERN = 4096;

class GiveUp extends Error {}

/** The first compile error PCRE2 would report for the pattern, or undefined (none found, or a construct not modelled). */
export function pcre2CompileError(pattern: string): Pcre2Error | undefined {
  try {
    return scan(pattern);
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

type Prev = 'none' | 'atom' | 'quantified' | 'unknown';

function scan(p: string): Pcre2Error | undefined {
  const n = p.length;
  if (n > MAX_PATTERN) throw new GiveUp();
  let depth = 0;
  let captures = 0;
  const names = new Set<string>();
  /** The highest single-digit back reference, and where its digit is, checked once the groups are counted. */
  let backref: { n: number; offset: number } | undefined;
  // What the last item was: a quantifier may only follow a repeatable one.
  let prev: Prev = 'none';
  let i = 0;
  while (i < n) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= n) return { message: '\\ at end of pattern', offset: n };
      const e = p[i + 1];
      if (e === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const literal = end < 0 ? n - i - 2 : end - i - 2;
        i = end < 0 ? n : end + 2;
        if (literal > 0) prev = 'atom';
        continue;
      }
      if (e === 'E') {
        i += 2;
        continue;
      }
      if (e >= '1' && e <= '9' && !(p[i + 2] >= '0' && p[i + 2] <= '9')) {
        const num = Number(e);
        if (!backref || num > backref.n) backref = { n: num, offset: i + 1 };
        prev = 'atom';
        i += 2;
        continue;
      }
      if (e === 'N' && p[i + 2] === '{') throw new GiveUp();
      if (e === 'x') {
        i += 2;
        if (p[i] === '{') throw new GiveUp();
        let k = 0;
        while (k < 2 && /[0-9a-fA-F]/.test(p[i] ?? '')) {
          i++;
          k++;
        }
        prev = 'atom';
        continue;
      }
      if (ATOM_ESCAPES.has(e) || !/[a-zA-Z0-9]/.test(e)) {
        prev = 'atom';
        i += 2;
        continue;
      }
      if (ASSERT_ESCAPES.has(e)) {
        prev = 'unknown';
        i += 2;
        continue;
      }
      throw new GiveUp();
    }
    if (c === '[') {
      const r = scanClass(p, i);
      if ('message' in r) return r;
      i = r.end;
      prev = 'atom';
      continue;
    }
    if (c === '(') {
      if (p[i + 1] === '*') throw new GiveUp();
      if (p[i + 1] === '?') {
        const g = groupOpening(p, i, names);
        if ('message' in g) return g;
        if (g.kind === 'comment') {
          i = g.end;
          continue;
        }
        if (g.kind === 'options') {
          i = g.end;
          prev = 'unknown';
          continue;
        }
        if (g.kind === 'capture') captures++;
        if (++depth > NEST_LIMIT) throw new GiveUp();
        i = g.end;
        prev = 'none';
        continue;
      }
      captures++;
      if (++depth > NEST_LIMIT) throw new GiveUp();
      i++;
      prev = 'none';
      continue;
    }
    if (c === ')') {
      if (depth === 0) return { message: 'unmatched closing parenthesis', offset: i };
      depth--;
      i++;
      prev = 'atom';
      continue;
    }
    if (c === '|') {
      i++;
      prev = 'none';
      continue;
    }
    if (c === '^' || c === '$') {
      i++;
      prev = 'quantified';
      continue;
    }
    const q = quantifierAt(p, i);
    if (q) {
      if ('message' in q) return q;
      if (prev === 'unknown') throw new GiveUp();
      if (prev !== 'atom') return { message: 'quantifier does not follow a repeatable item', offset: q.end - 1 };
      i = q.end;
      // A lazy `?` or possessive `+` belongs to the quantifier.
      if (p[i] === '?' || p[i] === '+') i++;
      prev = 'quantified';
      continue;
    }
    i++;
    prev = 'atom';
  }
  if (depth > 0) return { message: 'missing closing parenthesis', offset: n };
  if (backref && backref.n > captures) return { message: 'reference to non-existent subpattern', offset: backref.offset };
  return undefined;
}

/** Sticky: matched where the scan stands, without copying the rest of the pattern. */
const BRACES = /\{(\d+)(,(\d*))?\}/y;
const NAMED_OPEN = /P?<|'/y;
const NAME = /\w+/y;
const OPTIONS = /\^?[imnsU-]*([:)])/y;

/** A quantifier starting at `i`: `*`, `+`, `?`, or `{n}`, `{n,}`, `{n,m}` (anything else with `{` is a literal). */
function quantifierAt(p: string, i: number): { end: number } | Pcre2Error | undefined {
  const c = p[i];
  if (c === '*' || c === '+' || c === '?') return { end: i + 1 };
  if (c !== '{') return undefined;
  BRACES.lastIndex = i;
  const m = BRACES.exec(p);
  if (!m) return undefined;
  const end = i + m[0].length;
  const min = Number(m[1]);
  const max = m[3] ? Number(m[3]) : undefined;
  if (min > MAX_REPEAT || (max !== undefined && max > MAX_REPEAT)) return { message: 'number too big in {} quantifier', offset: end - 1 };
  if (max !== undefined && max < min) return { message: 'numbers out of order in {} quantifier', offset: end - 1 };
  return { end };
}

type Opening = { kind: 'group' | 'capture' | 'comment' | 'options'; end: number };

/** `(?` constructs: non-capturing and atomic groups, lookaheads, named groups, comments, option settings. */
function groupOpening(p: string, i: number, names: Set<string>): Opening | Pcre2Error {
  const at = i + 2;
  const rest = p.slice(at, at + 2);
  if (rest.startsWith('#')) {
    const close = p.indexOf(')', i + 3);
    if (close < 0) return { message: 'missing ) after (?# comment', offset: p.length };
    return { kind: 'comment', end: close + 1 };
  }
  if (rest.startsWith(':') || rest.startsWith('>') || rest.startsWith('=') || rest.startsWith('!')) return { kind: 'group', end: i + 3 };
  // Lookbehinds: PCRE2 10.43 changed what their length may be, and its message.
  if (rest.startsWith('<=') || rest.startsWith('<!')) throw new GiveUp();
  NAMED_OPEN.lastIndex = at;
  const named = NAMED_OPEN.exec(p);
  if (named) {
    const start = at + named[0].length;
    const closer = named[0] === "'" ? "'" : '>';
    NAME.lastIndex = start;
    const m = NAME.exec(p);
    if (!m || p[start + m[0].length] !== closer) throw new GiveUp();
    if (/^\d/.test(m[0])) return { message: 'subpattern name must start with a non-digit', offset: start };
    const end = start + m[0].length + 1;
    if (names.has(m[0])) return { message: 'two named subpatterns have the same name (PCRE2_DUPNAMES not set)', offset: end };
    names.add(m[0]);
    return { kind: 'capture', end };
  }
  // Option letters, as a setting `(?i)` or a group `(?i:...)`; extended mode changes what spaces and `#` mean.
  OPTIONS.lastIndex = at;
  const opts = OPTIONS.exec(p);
  if (opts) return opts[1] === ')' ? { kind: 'options', end: at + opts[0].length } : { kind: 'group', end: at + opts[0].length };
  throw new GiveUp();
}

/** A character class from its `[`: its end, or PCRE2's error in it. */
function scanClass(p: string, start: number): { end: number } | Pcre2Error {
  const n = p.length;
  // `[:alpha:]` alone looks like a POSIX class written outside a class.
  if (/[:.=]/.test(p[start + 1] ?? '') && posixEnd(p, start + 1) !== undefined) {
    return { message: 'POSIX named classes are supported only within a class', offset: start };
  }
  let i = start + 1;
  if (p[i] === '^') i++;
  // A `]` first in the class is a literal.
  let first = true;
  /** The code of the previous single character, for a range, or undefined after a class item that is not one. */
  let last: number | undefined;
  while (i < n) {
    const c = p[i];
    if (c === ']' && !first) return { end: i + 1 };
    first = false;
    if (c === '[' && /^[:.=]/.test(p[i + 1] ?? '')) {
      const end = posixEnd(p, i + 1);
      if (end !== undefined) {
        const name = p.slice(i + 2, end - 2);
        if (p[i + 1] !== ':') throw new GiveUp();
        const bare = name.startsWith('^') ? name.slice(1) : name;
        if (!POSIX_CLASSES.has(bare)) return { message: 'unknown POSIX class name', offset: i + 2 };
        i = end;
        last = undefined;
        continue;
      }
    }
    if (c === '\\') {
      if (i + 1 >= n) return { message: '\\ at end of pattern', offset: n };
      const e = p[i + 1];
      if (e === 'Q' || e === 'E' || e === 'x' || e === 'p' || e === 'P' || e === 'c' || e === 'o' || e === 'N' || /[0-9]/.test(e)) throw new GiveUp();
      if (/[dDwWsShHvV]/.test(e)) {
        // A class type cannot end a range; one at its start is PCRE2's `invalid range`: leave those to it.
        if (p[i + 2] === '-' && p[i + 3] !== ']') throw new GiveUp();
        last = undefined;
        i += 2;
        continue;
      }
      if (/[a-zA-Z]/.test(e) && !'bnrtfae'.includes(e)) throw new GiveUp();
      last = escapedCode(e);
      i += 2;
    } else if (c === '-' && last !== undefined && i + 1 < n && p[i + 1] !== ']') {
      const to = rangeEnd(p, i + 1);
      if (!to) throw new GiveUp();
      if (to.code < last) return { message: 'range out of order in character class', offset: to.end - 1 };
      last = undefined;
      i = to.end;
      continue;
    } else {
      last = c.charCodeAt(0);
      i++;
    }
  }
  return { message: 'missing terminating ] for character class', offset: n };
}

/** The character that ends a range `a-z`: a plain one or a simple escape. */
function rangeEnd(p: string, i: number): { code: number; end: number } | undefined {
  const c = p[i];
  if (c === '[') return undefined;
  if (c !== '\\') return { code: c.charCodeAt(0), end: i + 1 };
  const e = p[i + 1];
  if (e === undefined || /[a-zA-Z0-9]/.test(e)) return undefined;
  return { code: e.charCodeAt(0), end: i + 2 };
}

function escapedCode(e: string): number {
  const codes: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, a: 7, e: 27, b: 8 };
  return codes[e] ?? e.charCodeAt(0);
}

/** The end (after `:]`) of a POSIX class name starting at the `:` (or `.`/`=`) at `i`, as PCRE2's check_posix_syntax finds it. */
function posixEnd(p: string, i: number): number | undefined {
  const term = p[i];
  for (let k = i + 1; k < p.length; k++) {
    if (p[k] === '\\' && (p[k + 1] === ']' || p[k + 1] === '\\')) {
      k++;
      continue;
    }
    if (p[k] === '[' && /^[:.=]/.test(p[k + 1] ?? '')) return undefined;
    if (p[k] === ']') return undefined;
    if (p[k] === term && p[k + 1] === ']') return k + 2;
  }
  return undefined;
}

import type { ArgSpec } from './types';

/**
 * Derives an argument count from the reference's syntax lines, e.g. "*`path`* [*`level1`* [*`level2`*]]" → 1 to 3.
 *
 * The grammar of those lines: words are separated by spaces; a word may glue several pieces together
 * (`*`address`*[:*`port`*]` is one word); `[ ... ]` standing alone is optional; `|` separates alternatives;
 * `...` repeats what precedes it; `` `{...}` `` marks the block and is no argument. The result is the set of
 * argument counts the syntax allows, in nginx's terms: more than 7 (or unbounded) becomes 1MORE/2MORE, since
 * nginx's TAKE flags stop at 7.
 */
export function argSpecFromSyntax(lines: readonly string[]): ArgSpec {
  if (isOnOffSyntax(lines)) return { kind: 'flag' };
  let counts: Counts = new Set();
  for (const line of lines) counts = union(counts, countsOf(line));
  return toArgSpec(counts);
}

/** "`on` | `off`": an NGX_CONF_FLAG directive whose handler is `ngx_conf_set_flag_slot`. */
export function isOnOffSyntax(lines: readonly string[]): boolean {
  return lines.length > 0 && lines.every((l) => /^`on` ?\| ?`off`$/.test(l.trim()));
}

/** Achievable argument counts; SAT stands for "SAT or more". */
type Counts = Set<number>;
const SAT = 8;

function toArgSpec(counts: Counts): ArgSpec {
  const sorted = [...counts].sort((a, b) => a - b);
  if (sorted.length === 0) return { kind: 'any' };
  if (counts.has(SAT)) {
    const min = sorted[0];
    if (min === 0) return { kind: 'any' };
    return { kind: 'more', min: min >= 2 ? 2 : 1 };
  }
  return { kind: 'take', counts: sorted };
}

function union(a: Counts, b: Counts): Counts {
  return new Set([...a, ...b]);
}

function sum(a: Counts, b: Counts): Counts {
  const out: Counts = new Set();
  for (const x of a) for (const y of b) out.add(Math.min(SAT, x + y));
  return out;
}

/** One or more repetitions of something with counts `a`. */
function repeat(a: Counts): Counts {
  const out: Counts = new Set(a);
  for (const x of a) if (x > 0) out.add(SAT);
  return out;
}

type Token = { t: 'atom'; text: string; spaceBefore: boolean } | { t: '[' | ']' | '|' | '...'; spaceBefore: boolean };

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let space = true;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      space = true;
      i++;
      continue;
    }
    if (line.startsWith('...', i)) {
      out.push({ t: '...', spaceBefore: space });
      i += 3;
    } else if (c === '[' || c === ']' || c === '|') {
      out.push({ t: c, spaceBefore: space });
      i++;
    } else if (c === '`' || (c === '*' && line[i + 1] === '`')) {
      // `code` or *`param`*: read to the closing backtick, spaces included (`transparent `).
      const open = line.indexOf('`', i);
      const close = line.indexOf('`', open + 1);
      let end = close === -1 ? line.length : close + 1;
      if (line[end] === '*') end++;
      out.push({ t: 'atom', text: line.slice(i, end), spaceBefore: space });
      i = end;
    } else {
      let j = i;
      while (j < line.length && !' \t[]|`'.includes(line[j]) && !line.startsWith('...', j) && !(line[j] === '*' && line[j + 1] === '`')) j++;
      out.push({ t: 'atom', text: line.slice(i, j), spaceBefore: space });
      i = j;
    }
    space = false;
  }
  return out;
}

function countsOf(line: string): Counts {
  const toks = tokenize(line);
  let pos = 0;

  const parseAlt = (): Counts => {
    let acc = parseSeq();
    while (pos < toks.length && toks[pos].t === '|') {
      pos++;
      acc = union(acc, parseSeq());
    }
    return acc;
  };

  // A sequence of words; a word that starts with a glued piece swallows everything glued to it.
  const parseSeq = (): Counts => {
    let acc: Counts = new Set([0]);
    while (pos < toks.length && toks[pos].t !== '|' && toks[pos].t !== ']') {
      const tok = toks[pos];
      let item: Counts;
      if (tok.t === '...') {
        pos++;
        acc = repeat(acc);
        continue;
      }
      if (tok.t === '[') {
        pos++;
        const inner = parseAlt();
        if (pos < toks.length && toks[pos].t === ']') pos++;
        item = union(new Set([0]), inner);
      } else {
        const text = tok.t === 'atom' ? tok.text : '';
        pos++;
        item = text === '`{...}`' || text === '' ? new Set([0]) : new Set([1]);
      }
      // Pieces glued to this one (no space before them) belong to the same word.
      let glued = false;
      while (pos < toks.length && !toks[pos].spaceBefore && toks[pos].t !== ']' && toks[pos].t !== '...') {
        glued = true;
        skipGlued();
      }
      if (glued && item.has(0) && !item.has(1)) item = new Set([1]);
      else if (glued) item = new Set([...item].map((n) => (n === 0 ? 1 : n)));
      // `x ...` repeats the word before.
      if (pos < toks.length && toks[pos].t === '...') {
        pos++;
        item = repeat(item);
      }
      acc = sum(acc, item);
    }
    return acc;
  };

  // Skips one glued piece: an atom, a `|` between glued alternatives, or a bracketed group.
  const skipGlued = (): void => {
    const tok = toks[pos];
    if (tok.t === '[') {
      let depth = 0;
      do {
        if (toks[pos].t === '[') depth++;
        else if (toks[pos].t === ']') depth--;
        pos++;
      } while (pos < toks.length && depth > 0);
    } else {
      pos++;
    }
  };

  const result = parseAlt();
  return result;
}

/**
 * Finds the `}` that closes a Lua block body starting at `from` (just after its `{`), or -1.
 * Braces inside Lua strings, long strings (`[==[ ]==]`) and comments do not count.
 */
export function scanLuaBlock(text: string, from: number): number {
  let depth = 1;
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (--depth === 0) return i;
      i++;
    } else if (c === '"' || c === "'") {
      i = skipQuoted(text, i + 1, c);
    } else if (c === '[') {
      const end = skipLongBracket(text, i);
      i = end === -1 ? i + 1 : end;
    } else if (c === '-' && text[i + 1] === '-') {
      if (text[i + 2] === '[') {
        const end = skipLongBracket(text, i + 2);
        if (end !== -1) {
          i = end;
          continue;
        }
      }
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
    } else {
      i++;
    }
  }
  return -1;
}

function skipQuoted(text: string, i: number, quote: string): number {
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === quote || c === '\n') return i + 1;
    else i++;
  }
  return text.length;
}

/** At `[`, `[[` or `[==[`: returns the offset after the matching close, or -1 when this is no long bracket. */
function skipLongBracket(text: string, i: number): number {
  let j = i + 1;
  while (text[j] === '=') j++;
  if (text[j] !== '[') return -1;
  const close = ']' + '='.repeat(j - i - 1) + ']';
  const end = text.indexOf(close, j + 1);
  return end === -1 ? text.length : end + close.length;
}

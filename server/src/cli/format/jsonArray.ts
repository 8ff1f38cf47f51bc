/**
 * `JSON.stringify(document, null, 2)` written piece by piece, the items of its last array one at a time: a report
 * of many large files can be longer than the longest string V8 holds. `document` holds `key: []` as its last
 * value; the pieces joined are the document as `JSON.stringify` would print it with the items in that array.
 */
export function writeJsonWithItems(document: object, key: string, items: Iterable<unknown>, write: (s: string) => void): void {
  const whole = JSON.stringify(document, null, 2);
  const empty = `${JSON.stringify(key)}: []`;
  // The last occurrence: nothing but closing brackets follows the last value, so no string inside can match there.
  const at = whole.lastIndexOf(empty);
  if (at < 0) throw new Error(`no empty "${key}" array in the document`);
  const lineStart = whole.lastIndexOf('\n', at) + 1;
  const indent = ' '.repeat(at - lineStart);
  const inner = `${indent}  `;
  const open = at + empty.length - 1;
  write(whole.slice(0, open));
  let first = true;
  for (const item of items) {
    write(`${first ? '\n' : ',\n'}${indented(item, inner)}`);
    first = false;
  }
  if (!first) write(`\n${indent}`);
  write(`${whole.slice(open)}\n`);
}

/**
 * `inner` + `JSON.stringify(item, null, 2)` with `inner` before each of its lines. An object is stringified inside as
 * many arrays as `inner` has levels, which JSON.stringify indents on its own: indenting a report of megabytes
 * afterwards took longer than writing it.
 */
function indented(item: unknown, inner: string): string {
  const depth = inner.length / 2;
  if (typeof item !== 'object' || item === null || !Number.isInteger(depth)) {
    // Strings in JSON hold no raw line break: every one in the text is a line of the layout.
    return `${inner}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${inner}`)}`;
  }
  let wrapped: unknown = item;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each array adds a line `[` before the item and `]` after it, both at its own depth: 2 * level + 2 characters.
  let brackets = 0;
  for (let level = 0; level < depth; level++) brackets += 2 * level + 2;
  return text.slice(brackets, text.length - brackets);
}

export function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}

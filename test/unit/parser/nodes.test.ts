// The tree's nodes are made from the parse's records when first read (parser/nodes.ts): what is read must be what
// the parse saw, the same object every time, and still right after later parses have reused the parser's tables.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigFile, Directive, Statement } from '../../../server/src/parser/ast';
import { parse } from '../../../server/src/parser/parse';

function directives(list: Statement[]): Directive[] {
  return list.filter((s): s is Directive => s.kind === 'directive');
}

/** Every directive as name, recovered, and each argument's raw text, value, quote and offsets. */
function shape(file: ConfigFile): unknown[] {
  const out: unknown[] = [];
  const walk = (list: Statement[]): void => {
    for (const d of directives(list)) {
      out.push([d.name, d.recovered ?? false, d.args.map((a) => [a.raw, a.value, a.quote, a.range.start.offset, a.range.end.offset])]);
      if (d.block) walk(d.block.children);
    }
  };
  walk(file.children);
  return out;
}

describe('nodes made when first read', () => {
  test('each list and node is made once: the same object on every read, with its parent', () => {
    const f = parse('http {\n    # c\n    server { listen 80; }\n}\n');
    assert.equal(f.children, f.children);
    const [http] = directives(f.children);
    assert.equal(http.block, http.block);
    assert.equal(http.block?.children, http.block?.children);
    const [comment, server] = http.block?.children ?? [];
    assert.equal(comment.kind, 'comment');
    assert.equal(comment.parent, http);
    assert.equal(server.parent, http);
    const [listen] = server.kind === 'directive' ? directives(server.block?.children ?? []) : [];
    assert.equal(listen.args, listen.args);
    assert.equal(listen.args[0].parent, listen);
    assert.equal(listen.args[0].value, '80');
  });

  test('arguments read again from the text are the words the parse read, over its errors too', () => {
    // Values as the parser gave them when it made every node while parsing (before nodes were made when read).
    assert.deepEqual(shape(parse('a "b"c d;')), [
      [
        'a',
        true,
        [
          ['"b"', 'b', 'double', 2, 5],
          ['c', 'c', 'none', 5, 6],
          ['d', 'd', 'none', 7, 8],
        ],
      ],
    ]);
    assert.deepEqual(shape(parse("x 'y'z\\;w;")), [
      [
        'x',
        true,
        [
          ["'y'", 'y', 'single', 2, 5],
          ['z\\;w', 'z\\;w', 'none', 5, 9],
        ],
      ],
    ]);
    assert.deepEqual(shape(parse('k "unterminated \\" v')), [['k', false, [['"unterminated \\" v', 'unterminated " v', 'double', 2, 20]]]]);
    assert.deepEqual(shape(parse('l a\\ b "c\\td" \'e\';')), [
      [
        'l',
        false,
        [
          ['a\\ b', 'a\\ b', 'none', 2, 6],
          ['"c\\td"', 'c\td', 'double', 7, 13],
          ["'e'", 'e', 'single', 14, 17],
        ],
      ],
    ]);
  });

  test('a tree read only after later (and larger) parses is the tree of its own text', () => {
    const text = 'events {}\nhttp {\n    server { listen 127.0.0.1:80; server_name a.test; }\n}\n';
    const expected = shape(parse(text));
    const early = parse(text);
    // Larger than the first: the parser's tables grow and are written over.
    const other = parse(`http {\n${'    server { listen 8080; location / { return 204; } }\n'.repeat(5000)}}\n`);
    assert.deepEqual(shape(early), expected);
    assert.equal(directives(other.children).length, 1);
  });
});

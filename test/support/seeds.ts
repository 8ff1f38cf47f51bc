/**
 * Reads the seed articles in ../shared/seeds in place and pulls their nginx configurations out of the prose,
 * so that tests check what the articles actually say without copying it into the repository.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seedsDir } from './paths';

/** The text of the seed whose file name starts with `prefix` (`000`, `001`, ...). */
export function seedText(prefix: string): string {
  const name = fs.readdirSync(seedsDir).find((f) => f.startsWith(`${prefix}_`));
  assert.ok(name, `no seed article ${prefix}_* in ${seedsDir}`);
  return fs.readFileSync(path.join(seedsDir, name), 'utf8');
}

/** The first line of a configuration: a block or directive nginx knows at top level, with a `{` or `;` (a whole config may sit on one line). */
const CONFIG_START = /^[ \t]*(?:http|events|server|upstream|location|map|worker_[a-z_]+)[ \t][^\n]*[{;]/m;
/** Text after a top-level `}` that is more configuration rather than prose: a directive name, plain words, then `;` or `{`. */
const MORE_CONFIG = /^\s*[a-z_][a-z0-9_]*(?:[ \t]+[^;{}\s]+)*[ \t]*[;{]/;
/** A line that can continue a configuration between top-level blocks: a directive, a block, a `}` or a comment. */
const CONFIG_LINE = /^[ \t]*(?:#.*|[a-z_][a-z0-9_]*\b[^\n]*[;{][ \t]*(?:#.*)?|\}[ \t]*)$/;

/**
 * The configuration that follows `heading` in `text` (the first one after `from`, when given): from its first line
 * up to where the prose resumes. Braces and quotes are followed as nginx reads them, so a quoted string may span lines
 * and text glued to the final `}` (as in "}The three ...") is left out.
 */
export function configAfter(text: string, heading: string, from = 0): string {
  const at = text.indexOf(heading, from);
  assert.ok(at >= 0, `heading not found: ${heading}`);
  const rest = text.slice(at + heading.length);
  const m = CONFIG_START.exec(rest);
  assert.ok(m, `no configuration after: ${heading}`);
  const src = rest.slice(m.index);
  let depth = 0;
  let quote: string | undefined;
  let comment = false;
  let i = 0;
  let end = src.length;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\n') {
      comment = false;
      // Between top-level blocks, a line that is not nginx ends the configuration.
      if (depth === 0 && !quote) {
        const next = src.slice(i + 1).split('\n', 1)[0];
        if (!CONFIG_LINE.test(next)) {
          end = i + 1;
          break;
        }
      }
      i++;
      continue;
    }
    if (comment) {
      i++;
      continue;
    }
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') comment = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) {
        const tail = src.slice(i + 1).split('\n', 1)[0];
        if (tail.trim() !== '' && !tail.trim().startsWith('#') && !MORE_CONFIG.test(tail)) {
          end = i + 1;
          break;
        }
      }
    }
    i++;
  }
  const config = src.slice(0, end).replace(/\s*$/, '\n');
  assert.equal(depth, 0, `unbalanced braces in the configuration after: ${heading}`);
  return config;
}

/** Indents every non-empty line by `n` spaces. */
export function indentBy(text: string, n: number): string {
  return text.replace(/^(?=.)/gm, ' '.repeat(n));
}

/** Wraps http-level text into a complete nginx.conf. */
export function inHttp(body: string): string {
  return `events {}\nhttp {\n${indentBy(body, 4)}}\n`;
}

/** Wraps location blocks into a server (given its head lines) inside http. */
export function inServer(locations: string, head = 'listen 80;\nserver_name example.com;\n'): string {
  return inHttp(`server {\n${indentBy(head, 4)}${indentBy(locations, 4)}}\n`);
}

/** Replaces exactly one occurrence of `find`; fails loudly when the seed text changed. */
export function replaceOnce(text: string, find: string | RegExp, by: string): string {
  const re = typeof find === 'string' ? new RegExp(find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : new RegExp(find.source, find.flags.includes('g') ? find.flags : `${find.flags}g`);
  const count = [...text.matchAll(re)].length;
  assert.equal(count, 1, `expected exactly one ${String(find)} in:\n${text}`);
  return text.replace(re, by);
}

/** Removes the single line holding `find` (the whole line, with its line break). */
export function removeLine(text: string, find: string | RegExp): string {
  const src = typeof find === 'string' ? find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : find.source;
  return replaceOnce(text, new RegExp(`^[^\\n]*${src}[^\\n]*\\n`, 'm'), '');
}

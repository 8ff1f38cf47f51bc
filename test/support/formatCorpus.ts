import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Statement } from '../../server/src/parser/ast';
import { corpusDir } from './paths';

/** Files of the corpus that are not nginx configs: verdicts, crossplane's parses, notes, licenses. */
const NOT_CONFIG = /(\.json|\.md|\.txt|\.tsv|\.js|\/LICENSE[^/]*|\/\.git\w*)$/;

/** Every config file of the shared corpus, relative to it, sorted. */
export function corpusConfigs(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !NOT_CONFIG.test(p)) out.push(path.relative(corpusDir, p));
    }
  };
  walk(corpusDir);
  return out.sort();
}

/** A Lua body's lines without their indentation: what formatting may change is only that. */
function luaShape(body: string): string {
  return body.split('\n').map((l) => l.replace(/^[ \t]+/, '').replace(/^\r$/, '')).join('\n').replace(/[ \t]+$/, '');
}

/**
 * The directive tree as the config means it: names and arguments with their exact source text and quoting,
 * comments, nesting, Lua bodies (as lines without indentation; exactly when a long string could hold indentation).
 */
export function directiveTree(list: readonly Statement[]): unknown[] {
  return list.map((s) => {
    if (s.kind === 'comment') return ['#', s.text];
    const head = [s.name, s.nameQuote, s.args.map((a) => [a.raw, a.quote])];
    if (!s.block) return [...head, ';'];
    const raw = s.block.rawBody?.text;
    if (raw === undefined) return [...head, directiveTree(s.block.children)];
    return [...head, /\[=*\[|\\(\r?\n|z)/.test(raw) ? raw : luaShape(raw)];
  });
}

import type { Definition, Symbols } from '../workspace/symbols';
import { handlerRange } from './handlerSupport';
import type { Rule } from './types';

// Once per tree's symbols, not per file: a tree of a thousand files would scan its thousand upstreams a thousand times.
const repeatedOf = new WeakMap<Symbols, ReadonlySet<Definition>>();

/** The `upstream` blocks that repeat an earlier name of their module (http or stream), letter case aside. */
function repeated(symbols: Symbols): ReadonlySet<Definition> {
  let out = repeatedOf.get(symbols);
  if (!out) repeatedOf.set(symbols, (out = findRepeated(symbols)));
  return out;
}

function findRepeated(symbols: Symbols): ReadonlySet<Definition> {
  const seen = new Set<string>();
  const out = new Set<Definition>();
  for (const def of symbols.definitions) {
    if (def.kind !== 'upstream' || def.directive.name !== 'upstream') continue;
    const context = def.instance.contexts.get(def.directive);
    if (context !== 'http' && context !== 'stream') continue;
    const key = `${context} ${def.name.toLowerCase()}`;
    if (seen.has(key)) out.add(def);
    seen.add(key);
  }
  return out;
}

export const duplicateUpstream: Rule = {
  id: 'duplicate-upstream',
  defaultSeverity: 'error',
  docs: {
    summary: 'Two `upstream` blocks with the same name (letter case aside), often from two files of `conf.d/`.',
    why:
      'nginx keeps one upstream per name, compared without regard to letter case, and stops `nginx -t` at the second block with `duplicate upstream "..."`. It happens most when a site file is copied with its `upstream` block, or when the same file is included twice.',
    fix: 'Keep one block, or give the second its own name and point its `proxy_pass` at it.',
    example: 'upstream app {\n    server 127.0.0.1:9000;\n}\nupstream app {\n    server 127.0.0.1:9001;\n}',
    evidence:
      'An `upstream` block (in `http` or in `stream`) whose name, letter case aside, an earlier `upstream` of the same module in the same tree already has. The later block is reported, in whichever file of the tree holds it.',
    quiet:
      '- An http upstream and a stream upstream with the same name.\n- Blocks in different trees: two files that nothing includes, or such a file and the main config, are not compared with each other.',
  },
  check(ctx) {
    for (const def of repeated(ctx.symbols)) {
      if (def.instance !== ctx.instance) continue;
      ctx.report({ range: handlerRange(def.directive), message: `duplicate upstream "${def.name}"` });
    }
  },
};

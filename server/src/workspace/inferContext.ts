import type { ConfigFile, Directive } from '../parser/ast';
import { ALL_CONTEXTS, argsAccepted, lookupDirective, specsIn, type BlockContext } from '../reference';
import { walkDirectives } from './contexts';

/** `# nginx-ws: context=http` among the comments before the first directive. */
const CONTEXT_COMMENT = /^\s*nginx-ws:\s*context\s*=\s*([a-z_-]+)/;

/** Candidates in order of preference when several fit equally: the outermost (most common) first. */
const CANDIDATES: readonly BlockContext[] = [
  'main',
  'http',
  'server',
  'location',
  'stream',
  'stream-server',
  'upstream',
  'stream-upstream',
  'events',
  'mail',
  'mail-server',
  'if-location',
  'if',
  'limit_except',
];

/** Scoring looks at this many directives at most: enough to decide, and bounded on huge files. */
const SCORE_LIMIT = 2000;

/**
 * The context of a file's top level when nothing includes it (a file that is included gets its include site's).
 * 1. A `# nginx-ws: context=NAME` comment before the first directive wins (NAME is a context: http, server,
 *    location, stream, stream-server, upstream, ...).
 * 2. A top-level directive that exists only at main level (`http`, `events`, `stream`, `worker_processes`, ...)
 *    makes it a main config.
 * 3. Otherwise the context in which the most directives of the file (at every depth) fit: known there, block or
 *    not as written, with an argument count nginx takes. So a file of `server { }` blocks is http, one of
 *    `location { }` blocks server, one of `proxy_pass`/`proxy_set_header` lines location, a stream `server`
 *    with `proxy_pass` inside stream. Ties go to the outermost; a file of nothing known is main.
 */
export function inferRootContext(file: ConfigFile): BlockContext {
  for (const c of file.children) {
    if (c.kind === 'directive') break;
    const m = CONTEXT_COMMENT.exec(c.text);
    if (m && (ALL_CONTEXTS as readonly string[]).includes(m[1])) return m[1] as BlockContext;
  }
  for (const c of file.children) {
    if (c.kind === 'directive' && isMainOnly(c.name)) return 'main';
  }
  let best: { context: BlockContext; misfits: number } | undefined;
  for (const candidate of CANDIDATES) {
    const misfits = countMisfits(file, candidate, best?.misfits ?? Infinity);
    if (!best || misfits < best.misfits) best = { context: candidate, misfits };
    if (misfits === 0) break;
  }
  return best?.context ?? 'main';
}

/** Known only at main level (`include` and `error_log`, allowed everywhere, do not count). */
function isMainOnly(name: string): boolean {
  const specs = lookupDirective(name);
  return specs.length > 0 && specs.every((s) => s.contexts.length === 1 && s.contexts[0] === 'main');
}

/** How many known directives would not fit if the top level were `root`; stops counting past `stopAt`. */
function countMisfits(file: ConfigFile, root: BlockContext, stopAt: number): number {
  let misfits = 0;
  let seen = 0;
  walkDirectives(file, root, (d, context) => {
    if (misfits > stopAt || seen >= SCORE_LIMIT) return;
    seen++;
    if (lookupDirective(d.name).length === 0) return;
    if (!fits(d, context)) misfits++;
  });
  return misfits;
}

function fits(d: Directive, context: BlockContext): boolean {
  const hasBlock = d.block !== undefined;
  return specsIn(d.name, context).some((s) => s.block === hasBlock && argsAccepted(s.args, d.args.length));
}

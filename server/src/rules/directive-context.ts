import { instanceVerdicts, terminatorRange, verdictMessage } from '../analysis/directiveVerdict';
import type { Rule } from './types';
import { specsIn, type BlockContext } from '../reference';
import type { FileInstance } from '../workspace/graph';

const FRAGMENT_LEVELS: readonly BlockContext[] = ['main', 'http', 'server', 'location', 'stream', 'stream-server'];

/** A file that nothing includes and that is no main config, with no `# nginx-ws: context=` comment. */
function contextIsGuessed(instance: FileInstance): boolean {
  if (instance.site || instance.tree.isMain || instance !== instance.tree.root) return false;
  return !instance.file.children.some((c) => c.kind === 'comment' && /nginx-ws:\s*context\s*=/.test(c.text));
}

/** A known directive in a block where nginx does not accept it: `"X" directive is not allowed here`. */
export const directiveContext: Rule = {
  id: 'directive-context',
  defaultSeverity: 'error',
  docs: {
    summary: 'A directive in a block where nginx does not accept it: `nginx -t` fails with `is not allowed here`.',
    why:
      'Each directive belongs to certain blocks: `proxy_pass` to `location`, `limit_conn_zone` and `map` to `http`, `upstream` to `http` or `stream`. A directive that lands elsewhere, often after a misplaced `}`, stops nginx from loading the configuration. For a file that is included, the context is that of its `include` site; for a file nothing includes, nginx-ws infers it from the contents, or reads `# nginx-ws: context=http` (or `server`, `location`, `stream`, ...) from a comment at the top.',
    fix: 'Move the directive into a block that accepts it (the hover lists its contexts), or fix the brace that closed its block early.',
    example: 'http {\n    server {\n        listen 80;\n    }\n}\nlimit_conn_zone $binary_remote_addr zone=per_ip:10m;',
    evidence:
      'A directive that nginx-ws knows, standing in a block that none of its definitions allows (`proxy_pass` in `server`, `map` in `location`). Where a directive stands is decided the way nginx decides it: a file pulled in by an `include` is in the block of that `include` (and is checked once per include path that reaches it); a file nothing includes is a main config, or takes the level a `# nginx-ws: context=` comment names, or the level most of its directives fit. Third-party directives are judged by the contexts their module gives them.',
    quiet:
      '- At the top level of a file that nothing includes, that is no main config and has no `# nginx-ws: context=` comment: its level is a guess, so a line that would fit at `main`, `http`, `server`, `location`, `stream` or `stream-server` level is left alone. Lines inside its blocks are still judged.\n- Directives that only NGINX Plus has: its reference leaves out some of their contexts.\n- Unknown names ([unknown-directive](#unknown-directive)), and statements cut short by a syntax error.\n- A main-config template where a tag stands for top-level lines (they may be `load_module` lines).',
  },
  check(ctx) {
    const guessed = contextIsGuessed(ctx.instance);
    const all = instanceVerdicts(ctx.instance);
    for (let i = 0; i < all.directives.length; i++) {
      const d = all.directives[i];
      const v = all.verdicts[i];
      if (v?.kind !== 'context') continue;
      // The top of a file nothing includes has a guessed level: a line that fits another level may be meant for it.
      if (guessed && d.parent.kind === 'file' && FRAGMENT_LEVELS.some((c) => specsIn(d.name, c).length > 0)) continue;
      ctx.report({ range: terminatorRange(d), message: verdictMessage(d, v) ?? '' });
    }
  },
};

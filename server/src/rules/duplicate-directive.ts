import { duplicateDefaultServer } from '../analysis/defaultServer';
import { duplicateOf } from '../analysis/duplicates';
import { instanceVerdicts, terminatorRange, verdictOf } from '../analysis/directiveVerdict';
import { directivesNamed } from '../workspace/graph';
import type { Rule } from './types';

/** A second value for something nginx keeps once per block. */
export const duplicateDirective: Rule = {
  id: 'duplicate-directive',
  defaultSeverity: 'error',
  docs: {
    summary: 'A directive set twice in one block where nginx keeps one value, `root` and `alias` together, two `default`s in a `map`, or two default servers for one address.',
    why:
      'Directives with one value per block refuse a second one: `nginx -t` stops with `"proxy_read_timeout" directive is duplicate` instead of letting the later line win. `root` and `alias` set the same thing (`"alias" directive is duplicate, "root" directive was specified earlier`), a `map` takes one `default` (`duplicate default map parameter`), and one address:port has one default server (`a duplicate default server for 0.0.0.0:80`). A file included into a block is part of that block, so a value repeated across an `include` is a duplicate too. Directives that collect lists (`proxy_set_header`, `add_header`, `ssl_protocols`) are not affected.',
    fix: 'Keep one of the two: usually the first was forgotten when the second was added.',
    example: 'location /ws/ {\n    proxy_read_timeout 3600s;\n    proxy_pass http://127.0.0.1:9000;\n    proxy_read_timeout 60s;\n}',
  },
  check(ctx) {
    for (const { d, context, verdict } of instanceVerdicts(ctx.instance)) {
      if (verdict?.kind !== 'ok' || verdict.spec.origin !== 'nginx') continue;
      const dup = duplicateOf(d, ctx.instance);
      if (dup !== undefined) ctx.report({ range: terminatorRange(d), message: dup });
      if (d.name === 'listen' && context === 'server' && d.parent.kind === 'directive') {
        const msg = duplicateDefaultServer(d, { block: d.parent, instance: ctx.instance });
        if (msg !== undefined) ctx.report({ range: terminatorRange(d), message: msg });
      }
    }
    for (const map of directivesNamed(ctx.instance, 'map')) {
      const context = ctx.instance.contexts.get(map);
      if (!map.block || !context || verdictOf(map, context)?.kind !== 'ok') continue;
      let seen = false;
      for (const entry of map.block.children) {
        if (entry.kind !== 'directive' || entry.name !== 'default' || entry.args.length !== 1 || !entry.semicolon) continue;
        if (seen) ctx.report({ range: terminatorRange(entry), message: 'duplicate default map parameter' });
        seen = true;
      }
    }
  },
};

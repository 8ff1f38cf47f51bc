import { duplicateDefaultServer } from '../analysis/defaultServer';
import { duplicatesBeside } from '../analysis/duplicates';
import { instanceVerdicts, terminatorRange, verdictOf } from '../analysis/directiveVerdict';
import type { Directive } from '../parser/ast';
import { directivesNamed, type FileInstance } from '../workspace/graph';
import { replaceRange } from './edits';
import type { Fix, Rule } from './types';

/**
 * Deletes `d`: its whole lines when nothing else stands on them, else the directive alone. Not preferred: which of
 * the two values was meant only the author knows.
 */
function removeFix(instance: FileInstance, d: Directive, title: string): Fix[] {
  const text = instance.file.text;
  const lineStart = text.lastIndexOf('\n', d.range.start.offset - 1) + 1;
  const nl = text.indexOf('\n', d.range.end.offset);
  const lineEnd = nl < 0 ? text.length : nl;
  const alone = text.slice(lineStart, d.range.start.offset).trim() === '' && text.slice(d.range.end.offset, lineEnd).trim() === '';
  const range = alone && nl >= 0 ? { start: { line: d.range.start.line, character: 0 }, end: { line: d.range.end.line + 1, character: 0 } } : d.range;
  return [{ title, preferred: false, edits: [replaceRange(instance, range, '')] }];
}

/** Drops the `default_server` (or `default`) word of a `listen`. */
function dropDefaultFix(instance: FileInstance, d: Directive): Fix[] {
  const i = d.args.findIndex((a) => a.value === 'default_server' || a.value === 'default');
  if (i < 1) return [];
  const range = { start: d.args[i - 1].range.end, end: d.args[i].range.end };
  return [{ title: `Remove "${d.args[i].value}" here`, preferred: false, edits: [replaceRange(instance, range, '')] }];
}

/** A second value for something nginx keeps once per block. */
export const duplicateDirective: Rule = {
  id: 'duplicate-directive',
  defaultSeverity: 'error',
  docs: {
    summary: 'A directive set twice in one block where nginx keeps one value, `root` and `alias` together, two `default`s in a `map`, or two default servers for one address.',
    why:
      'Directives with one value per block refuse a second one: `nginx -t` stops with `"proxy_read_timeout" directive is duplicate` instead of letting the later line win. `root` and `alias` set the same thing (`"alias" directive is duplicate, "root" directive was specified earlier`), a `map` takes one `default` (`duplicate default map parameter`), and one address:port has one default server (`a duplicate default server for 0.0.0.0:80`). A file included into a block is part of that block, so a value repeated across an `include` is a duplicate too. Directives that collect lists (`proxy_set_header`, `add_header`, `ssl_protocols`) are not affected.',
    fix: 'Keep one of the two: usually the first was forgotten when the second was added. The quick fix removes the second (for default servers, its `default_server`); it is not applied by "fix all", since only you know which value was meant.',
    example: 'location /ws/ {\n    proxy_read_timeout 3600s;\n    proxy_pass http://127.0.0.1:9000;\n    proxy_read_timeout 60s;\n}',
    evidence:
      "- Two directives of open-source nginx in one block that set the same field, where nginx's handler refuses a second value: the generic handlers for flags, numbers, sizes, times, strings, paths and word lists, the custom handlers that check for a repeat, and `root` with `alias`. Both must reach their handler (known, allowed there, a valid argument count). The block is nginx's block: the top of an included file belongs to the block of its `include`, so a value repeated across an `include` counts.\n- A `listen ... default_server` (or `default`) in an http server, for an address and port that an earlier server of the same `http` already made its default. Only literal addresses are compared: a port, `*:port`, an IPv4 address, a bracketed IPv6 address, a `unix:` socket.\n- A second `default` line in one `map`.",
    quiet:
      "- Directives that keep lists (`proxy_set_header`, `add_header`, `ssl_protocols`...) and third-party or NGINX Plus directives.\n- The same field set in `http` and again in a `server`: nginx refuses that for a few fields of a module's main configuration, but only repeats within one block are checked.\n- A first directive that nginx rejects for another reason (wrong argument count): it never sets the field, so the second is no duplicate.\n- Default servers named by host name (it may resolve to several addresses), and servers whose `listen` lines nginx refuses earlier (the same address twice in one server, socket options on two listens of one address): those are [invalid-listen](#invalid-listen)'s.\n- The top level of a documentation excerpt (a file read as a template because of placeholders such as `<name>` or `...`): it shows alternatives side by side, and nginx never loads it as one file.",
  },
  check(ctx) {
    const excerpt = ctx.file.template?.language === 'docs';
    const all = instanceVerdicts(ctx.instance);
    // Siblings follow each other in reading order: their level's duplicates are looked up once for the run of them.
    let parent: Directive['parent'] | undefined;
    let beside: ReadonlyMap<Directive, string> = new Map();
    for (let i = 0; i < all.directives.length; i++) {
      const d = all.directives[i];
      const context = all.contexts[i];
      const verdict = all.verdicts[i];
      if (verdict?.kind !== 'ok' || verdict.spec.origin !== 'nginx') continue;
      // A documentation excerpt shows alternatives side by side (`http { ... }` twice); nginx never loads it as one file.
      if (excerpt && d.parent.kind === 'file') continue;
      if (d.parent !== parent) {
        parent = d.parent;
        beside = duplicatesBeside(d, ctx.instance);
      }
      const dup = beside.get(d);
      if (dup !== undefined) ctx.report({ range: terminatorRange(d), message: dup, fixes: () => removeFix(ctx.instance, d, `Remove this "${d.name}"`) });
      // Only a listen that claims the default can be a second default.
      if (d.name === 'listen' && context === 'server' && d.parent.kind === 'directive' && d.args.some((a) => a.value === 'default_server' || a.value === 'default')) {
        const msg = duplicateDefaultServer(d, { block: d.parent, instance: ctx.instance });
        if (msg !== undefined) ctx.report({ range: terminatorRange(d), message: msg, fixes: () => dropDefaultFix(ctx.instance, d) });
      }
    }
    for (const map of directivesNamed(ctx.instance, 'map')) {
      const context = ctx.instance.contexts.get(map);
      if (!map.block || !context || verdictOf(map, context)?.kind !== 'ok') continue;
      let seen = false;
      for (const entry of map.block.children) {
        if (entry.kind !== 'directive' || entry.name !== 'default' || entry.args.length !== 1 || !entry.semicolon) continue;
        if (seen) ctx.report({ range: terminatorRange(entry), message: 'duplicate default map parameter', fixes: () => removeFix(ctx.instance, entry, 'Remove this default') });
        seen = true;
      }
    }
  },
};

import type { Directive } from '../parser/ast';
import { DIRECTIVE_OBSOLETE, DIRECTIVE_REMOVED, LISTEN_HTTP2_DEPRECATED, versionAtLeast } from '../reference/versions';
import { directivesNamed } from '../workspace/graph';
import { scopeOf } from '../workspace/scope';
import { insertAfterDirective, replaceRange } from './edits';
import { handlerRange } from './handlerSupport';
import { enclosingServer, serverDirectives } from './serverBlocks';
import type { Fix, Rule, RuleContext } from './types';

const LISTEN_HTTP2 = 'the "listen ... http2" directive is deprecated, use the "http2" directive instead';

/** Drops `http2` from the listen and, unless the server has one already, adds `http2 on;` after it. */
function http2Fix(ctx: RuleContext, d: Directive): Fix[] {
  const at = d.args.findIndex((a, i) => i > 0 && a.value === 'http2');
  if (at < 1) return [];
  const edits = [replaceRange(ctx.instance, { start: d.args[at - 1].range.end, end: d.args[at].range.end }, '')];
  const server = enclosingServer(scopeOf(d, ctx.instance));
  if (!server) return [];
  const listens = serverDirectives(server, 'listen').filter((p) => p.directive.args.some((a, i) => i > 0 && a.value === 'http2'));
  const first = listens[0]?.directive === d;
  if (first && serverDirectives(server, 'http2').length === 0) edits.push(insertAfterDirective(ctx.instance, d, ['http2 on;']));
  return [{ title: 'Use "http2 on;" instead of "listen ... http2"', preferred: true, edits }];
}

/** The edit that deletes a directive: its whole line when it stands alone there. */
function removal(ctx: RuleContext, d: Directive) {
  const text = ctx.instance.file.text;
  const lineStart = text.lastIndexOf('\n', d.range.start.offset - 1) + 1;
  const nl = text.indexOf('\n', d.range.end.offset);
  const lineEnd = nl < 0 ? text.length : nl;
  const alone = text.slice(lineStart, d.range.start.offset).trim() === '' && text.slice(d.range.end.offset, lineEnd).trim() === '';
  if (alone && nl >= 0) return replaceRange(ctx.instance, { start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line + 1, character: 0 } }, '');
  return replaceRange(ctx.instance, d.range, '');
}

/** `ssl on;` in a server: `ssl` on each of its listens instead, when they are all in this file. */
function sslOnFix(ctx: RuleContext, d: Directive): Fix[] {
  if (d.args[0]?.value.toLowerCase() !== 'on' || ctx.instance.contexts.get(d) !== 'server') return [];
  const server = enclosingServer(scopeOf(d, ctx.instance));
  if (!server) return [];
  const listens = serverDirectives(server, 'listen');
  if (listens.length === 0 || listens.some((p) => p.instance !== ctx.instance || p.directive.args.length === 0)) return [];
  const edits = listens
    .filter((p) => !p.directive.args.slice(1).some((a) => a.value === 'ssl'))
    .map((p) => replaceRange(ctx.instance, p.directive.args[0].range, `${p.directive.args[0].raw} ssl`));
  return [{ title: 'Replace "ssl on;" with "ssl" on the server\'s listens', preferred: true, edits: [...edits, removal(ctx, d)] }];
}

export const deprecatedDirective: Rule = {
  id: 'deprecated-directive',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A directive nginx warns about as deprecated or obsolete: `ssl on;`, `listen ... http2` from 1.25.1, the `http2_*` settings that HTTP/2 no longer reads.',
    why:
      'nginx still loads these, with a warning, but they do not do what they say or will stop loading: `ssl on;` has been deprecated since 1.15.0 in favour of `listen ... ssl` and is an unknown directive from 1.25.1; from 1.25.1 `listen ... http2` gives way to `http2 on;`; since 1.19.7 `http2_recv_timeout`, `http2_idle_timeout`, `http2_max_requests`, `http2_max_field_size` and `http2_max_header_size` are ignored in favour of the HTTP/1 settings, and since 1.25.1 `http2_push` and `http2_push_preload` are ignored. The `nginxWs.nginxVersion` setting decides which apply; without it, `ssl on;` and the ignored `http2_*` settings are reported (they are deprecated on every nginx from 1.19.7) and `listen ... http2` is not (it is the only way before 1.25.1).',
    fix: 'For `ssl on;`, adds `ssl` to the server\'s listens and removes it (when they are all in the same file); for `listen ... http2` (nginx 1.25.1+), moves HTTP/2 to `http2 on;` in the server. Otherwise, use the directive nginx names.',
    example: 'server {\n    listen 443;\n    ssl on;\n}',
    evidence:
      '- `ssl` in `http`, `server` or a mail block, when `nginxWs.nginxVersion` is unset or older than 1.25.1.\n- The `http2_*` settings nginx ignores: with `nginxWs.nginxVersion` set, those ignored by that version (`http2_recv_timeout`, `http2_idle_timeout`, `http2_max_requests`, `http2_max_field_size`, `http2_max_header_size` from 1.19.7; `http2_push`, `http2_push_preload` from 1.25.1); without it, the 1.19.7 group only.\n- `listen ... http2` in an http server, only when `nginxWs.nginxVersion` is 1.25.1 or later.',
    quiet:
      '- `listen ... http2` without a version, or before 1.25.1: it is then the only way to enable HTTP/2.\n- `http2_push` and `http2_push_preload` without a version.\n- `ssl` from 1.25.1 on: nginx rejects it, and [version-unsupported](#version-unsupported) reports that.',
  },
  check(ctx) {
    const version = ctx.settings.nginxVersion;
    for (const [name, r] of Object.entries(DIRECTIVE_REMOVED)) {
      if (version && versionAtLeast(version, r.since)) continue;
      for (const d of directivesNamed(ctx.instance, name)) {
        const context = ctx.instance.contexts.get(d);
        if (context !== 'server' && context !== 'http' && context !== 'mail' && context !== 'mail-server') continue;
        const later = version ? `; nginx ${r.since} and later reject it as unknown` : `; nginx ${r.since} and later reject it as unknown (nginxWs.nginxVersion is not set)`;
        ctx.report({
          range: handlerRange(d),
          message: `the "${name}" directive is deprecated, use the "${r.instead}" directive instead${later}`,
          fixes: name === 'ssl' ? () => sslOnFix(ctx, d) : undefined,
        });
      }
    }
    for (const [name, o] of Object.entries(DIRECTIVE_OBSOLETE)) {
      if (version ? !versionAtLeast(version, o.since) : o.since !== '1.19.7') continue;
      for (const d of directivesNamed(ctx.instance, name)) {
        if (!ctx.instance.contexts.has(d)) continue;
        const message = o.instead ? `the "${name}" directive is obsolete, use the "${o.instead}" directive instead` : `the "${name}" directive is obsolete, ignored`;
        ctx.report({ range: handlerRange(d), message: version ? message : `${message} (since nginx ${o.since}; nginxWs.nginxVersion is not set)` });
      }
    }
    if (!version || !versionAtLeast(version, LISTEN_HTTP2_DEPRECATED)) return;
    for (const d of directivesNamed(ctx.instance, 'listen')) {
      if (ctx.instance.contexts.get(d) !== 'server') continue;
      const arg = d.args.find((a, i) => i > 0 && a.value === 'http2');
      if (arg) ctx.report({ range: handlerRange(d, arg), message: LISTEN_HTTP2, fixes: () => http2Fix(ctx, d) });
    }
  },
};

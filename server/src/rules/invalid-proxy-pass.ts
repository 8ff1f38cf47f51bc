import { parseNginxUrl } from '../analysis/nginxUrl';
import type { Directive } from '../parser/ast';
import type { FileInstance } from '../workspace/graph';
import { replaceRange } from './edits';
import { enclosingBlock, handled, handlerRange, hasVariables, locationKind } from './handlerSupport';
import type { Fix, Rule, RuleContext } from './types';
import type { BlockContext } from '../reference';

const URI_IN_REGEX =
  '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block';

/** The schemes each `*_pass` strips before parsing the address; `undefined` means none is allowed. */
const SCHEMES: Readonly<Record<string, readonly string[] | undefined>> = {
  grpc_pass: ['grpc://', 'grpcs://'],
  uwsgi_pass: ['uwsgi://', 'suwsgi://'],
  fastcgi_pass: undefined,
  scgi_pass: undefined,
};

const HTTP_CONTEXTS: readonly BlockContext[] = ['location', 'if-location', 'limit_except'];

/** A `location` given by a regular expression or a name, an `if`, a `limit_except`: no URI part may be replaced there. */
function withoutUriPart(d: Directive, context: BlockContext, instance: FileInstance): boolean {
  if (context === 'if-location' || context === 'limit_except') return true;
  const at = enclosingBlock(d, instance);
  if (!at || at.block.name !== 'location') return false;
  const k = locationKind(at.block)?.kind;
  return k === 'regex' || k === 'named';
}

/** `ws://` and `wss://` are not nginx schemes: WebSocket proxying is `http://` plus the Upgrade headers. */
function schemeFixes(ctx: RuleContext, d: Directive): Fix[] {
  const arg = d.args[0];
  const m = /^(wss?):\/\//i.exec(arg.value);
  if (!m || arg.quote !== 'none') return [];
  const to = m[1].toLowerCase() === 'wss' ? 'https' : 'http';
  return [
    {
      title: `Use ${to}:// (nginx proxies WebSocket over ${to}:// with the Upgrade headers)`,
      preferred: true,
      edits: [replaceRange(ctx.instance, arg.range, `${to}${arg.raw.slice(m[1].length)}`)],
    },
  ];
}

function checkProxyPass(ctx: RuleContext, d: Directive, context: BlockContext): void {
  const arg = d.args[0];
  const url = arg.value;
  if (hasVariables(url)) return;
  const lower = url.slice(0, 8).toLowerCase();
  const add = lower.startsWith('http://') ? 7 : lower.startsWith('https://') ? 8 : 0;
  if (add === 0) {
    ctx.report({ range: handlerRange(d, arg), message: 'invalid URL prefix', fixes: () => schemeFixes(ctx, d) });
    return;
  }
  const rest = url.slice(add);
  const u = parseNginxUrl(rest, { uriPart: true });
  if (u.err) {
    ctx.report({ range: handlerRange(d, arg), message: `${u.err} in upstream "${rest}"` });
    return;
  }
  if (u.uri !== '' && withoutUriPart(d, context, ctx.instance)) {
    ctx.report({ range: handlerRange(d, arg), message: URI_IN_REGEX });
    return;
  }
  if (!u.unix && u.port !== undefined) checkUpstreamPort(ctx, d, u.host, u.port);
}

/** An `upstream` block's name stands for its servers: `proxy_pass http://name:PORT` with such a name is refused. */
function checkUpstreamPort(ctx: RuleContext, d: Directive, host: string, port: number): void {
  const upstream = ctx.symbols
    .byName('upstream', host)
    .concat(ctx.symbols.definitions.filter((x) => x.kind === 'upstream' && x.name !== host && x.name.toLowerCase() === host.toLowerCase()))
    .find((x) => x.instance.contexts.get(x.directive) === 'http');
  if (!upstream) return;
  // When the upstream block comes later, nginx reports it from there, with the block's spelling of the name.
  const later = upstream.instance === ctx.instance && upstream.directive.range.start.offset > d.range.start.offset;
  ctx.report({ range: handlerRange(d, d.args[0]), message: `upstream "${later ? upstream.name : host}" may not have port ${port}` });
}

function checkOtherPass(ctx: RuleContext, d: Directive): void {
  const arg = d.args[0];
  let url = arg.value;
  if (hasVariables(url)) return;
  for (const s of SCHEMES[d.name] ?? []) {
    if (url.slice(0, s.length).toLowerCase() === s) {
      url = url.slice(s.length);
      break;
    }
  }
  const u = parseNginxUrl(url, {});
  if (u.err) ctx.report({ range: handlerRange(d, arg), message: `${u.err} in upstream "${url}"` });
}

/** The address of `proxy_pass` and the other `*_pass` directives, as their handlers parse it. */
export const invalidProxyPass: Rule = {
  id: 'invalid-proxy-pass',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `proxy_pass` (or `grpc_pass`, `fastcgi_pass`, `uwsgi_pass`, `scgi_pass`) address that nginx refuses when it loads the config.',
    why:
      'nginx parses the address of every `*_pass` without variables when it reads the config, and `nginx -t` fails on: a scheme other than `http://`/`https://` (`ws://` and `wss://` included: `invalid URL prefix`), a port that is not 1-65535 (`invalid port in upstream "..."`), no host, a URI part (`/path` or `?args`) where nginx cannot replace the matched part (a regex or named location, an `if`, a `limit_except`), a port after the name of an `upstream` block, and for `grpc_pass`, `fastcgi_pass`, `uwsgi_pass` and `scgi_pass` any path at all (`invalid host`). An address with variables is resolved per request and not checked.',
    fix: 'For `ws://`/`wss://`, replaces the scheme with `http://`/`https://`: nginx proxies WebSocket over HTTP with `proxy_http_version 1.1` and the `Upgrade`/`Connection` headers. Otherwise, write the address as nginx\'s message asks.',
    example: 'location /ws/ {\n    proxy_pass ws://127.0.0.1:9000;\n}',
    evidence:
      "A `proxy_pass`, `grpc_pass`, `fastcgi_pass`, `uwsgi_pass` or `scgi_pass` in a location, an `if` in a location or a `limit_except`, that reaches its handler, with an address free of variables that nginx's parser refuses:\n- `proxy_pass` without `http://` or `https://` (`ws://`, `wss://` included);\n- a bad port, no host, or for the other `*_pass` a path after the address (their own schemes, `grpc://`, `grpcs://`, `uwsgi://`, `suwsgi://`, are taken off first);\n- a URI part in a regex or named location, an `if`, or a `limit_except`;\n- a port after the name of an http `upstream` block of the tree (letter case aside).",
    quiet:
      '- Addresses with a `$` anywhere: nginx resolves them per request.\n- `*_pass` directives in other contexts, and ones with a wrong argument count ([directive-args](#directive-args)).',
  },
  check(ctx) {
    for (const { d, context } of handled(ctx, ['proxy_pass'], HTTP_CONTEXTS)) checkProxyPass(ctx, d, context);
    for (const { d } of handled(ctx, Object.keys(SCHEMES), HTTP_CONTEXTS)) checkOtherPass(ctx, d);
  },
};

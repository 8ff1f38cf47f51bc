import type { Directive } from '../parser/ast';
import type { BlockContext } from '../reference';
import { effective, effectiveValue } from '../workspace/effective';
import { blockDirectives } from '../workspace/graph';
import { parentScope, type Scope } from '../workspace/scope';
import { blockHead } from './edits';
import { directiveText, headerName, insertionEdits, ownDirectives, planListLines } from './proxyHeaders';
import { placeLabel } from './source';
import type { Rule, RuleContext } from './types';
import { parseNginxTime } from './nginxTime';
import { locationLabel } from './wsLocation';
import { enclosingServer, listensOnDefaultPorts } from './serverBlocks';
import { appServesFiles } from './appFiles';

interface ListKind {
  name: string;
  /** Block → the contexts it may stand in, where nginx allows the directive inside it. */
  blocks: Record<string, BlockContext[]>;
  /** What losing a line means, for the message. */
  effect: string;
}

const KINDS: ListKind[] = [
  {
    name: 'proxy_set_header',
    blocks: { server: ['http'], location: ['server', 'location'] },
    effect: 'requests proxied from here reach the backend without them',
  },
  {
    name: 'add_header',
    blocks: { server: ['http'], location: ['server', 'location'], if: ['location'] },
    effect: 'responses from here go out without them',
  },
];

/** Response headers a browser keeps for the whole host once any response carries them. */
const HOST_WIDE = new Set(['strict-transport-security', 'alt-svc']);

const ASSET_EXTENSIONS = /^(css|js|mjs|map|png|jpe?g|gif|ico|svg|webp|avif|bmp|tiff?|woff2?|ttf|otf|eot|mp4|m4v|mov|avi|mkv|webm|mp3|m4a|aac|flac|ogg|oga|wav|pdf|docx?|xlsx?|pptx?|odt|ods|csv|zip|gz|tgz|bz2|7z|rar|txt|xml|json|webmanifest)$/i;

/** A block that answers with a fixed `return`, or a location for static assets by extension, favicon or robots.txt. */
function servesNoDocument(block: Directive): boolean {
  if (answersWithReturn(block)) return true;
  if (block.name !== 'location') return false;
  const path = block.args[block.args.length - 1]?.value ?? '';
  const group = /\\\.\((?:\?:)?([\w|]+)\)\$?$/i.exec(path)?.[1] ?? /\\\.(\w+)\$?$/.exec(path)?.[1];
  if (/^~\*?$/.test(block.args[0]?.value ?? '') && group) return group.split('|').every((e) => ASSET_EXTENSIONS.test(e));
  return block.args[0]?.value === '=' && /\.(\w+)$/.test(path) && ASSET_EXTENSIONS.test(/\.(\w+)$/.exec(path)?.[1] ?? '');
}

/** The CORS answer a browser checks on any response it reads, a preflight's 204 included. */
const CORS_ALLOW = /^access-control-allow-/;

/**
 * What a browser acts on in a response it fetches rather than renders (a script, a font, an API answer): CORS,
 * caching and content metadata. A custom `X-` header or a page's policy changes nothing there.
 */
const FOR_FETCHED = /^(?:access-control-|timing-allow-origin$|cache-control$|expires$|pragma$|vary$|content-(?!security-policy)|link$|etag$|last-modified$|accept-ranges$|age$|set-cookie$|location$|retry-after$|www-authenticate$)/;

/** Whether losing this response header here changes what a browser does. */
function matters(name: string, line: Directive, block: Directive, scope: Scope): boolean {
  if (HOST_WIDE.has(name)) return false;
  // A fixed answer (a preflight's 204, a health check, a JSON error) is read for its status and CORS lines only.
  if (answersWithReturn(block)) return CORS_ALLOW.test(name);
  if (name === 'vary' && /^\s*accept-encoding\s*$/i.test(line.args[1]?.value ?? '')) return varyNeeded(scope);
  if (servesNoDocument(block) || cachedForLong(scope) || answersCrossOrigin(scope) || appServesFiles(block, scope)) return FOR_FETCHED.test(name);
  return true;
}

/**
 * `Vary: Accept-Encoding` tells caches that nginx's own compression chose the body; without compression it says
 * nothing, and with `gzip_vary on` nginx sends it itself. A proxied answer carries the backend's own Vary.
 */
function varyNeeded(scope: Scope): boolean {
  const on = (name: string): boolean => ['on', 'always'].includes(effectiveValue(scope, name) ?? 'off');
  if (!['gzip', 'gzip_static', 'brotli', 'brotli_static'].some(on)) return false;
  return !on('gzip_vary');
}

/**
 * A block whose own lines grant other origins read access (`Access-Control-Allow-Origin`): its answers are read by
 * scripts of those origins or embedded by them, which is what CORS is for; a page a user opens needs no CORS.
 */
function answersCrossOrigin(scope: Scope): boolean {
  return ownDirectives(scope, 'add_header').some((p) => headerName(p.directive) === 'access-control-allow-origin');
}

/** A day or more: what a block sets for files that never change at their address, not for pages. */
const LONG_CACHE_SECONDS = 86_400;

/** `expires` of a day or more (or `max`), or a `Cache-Control ... immutable`: versioned assets, not documents. */
function cachedForLong(scope: Scope): boolean {
  const expires = effective(scope, 'expires').directives[0]?.directive.args;
  const value = expires?.[expires.length - 1]?.value;
  if (value === 'max') return true;
  const seconds = value === undefined ? undefined : parseNginxTime(value.replace(/^[+@]/, ''), 'sec');
  if (seconds !== undefined && seconds >= LONG_CACHE_SECONDS) return true;
  return ownDirectives(scope, 'add_header').some((p) => headerName(p.directive) === 'cache-control' && /\bimmutable\b/i.test(p.directive.args[1]?.value ?? ''));
}

/** Cache directives whose `$upstream_cache_status` means something. */
const CACHES = ['proxy_cache', 'fastcgi_cache', 'uwsgi_cache', 'scgi_cache'];

/**
 * A lost line whose value is empty in this block, so nginx would not send it anyway: variables that only
 * `auth_request_set` fills, where `auth_request` is off, or a cache status where no cache is on.
 */
function emptyHere(line: Directive, scope: Scope, ctx: RuleContext): boolean {
  const value = line.args[1]?.value ?? '';
  const vars = [...value.matchAll(/\$\{?(\w+)\}?/g)].map((m) => m[1].toLowerCase());
  if (vars.length === 0 || value.replace(/\$\{?\w+\}?/g, '').trim() !== '') return false;
  const authOff = (effectiveValue(scope, 'auth_request') ?? 'off') === 'off';
  const cacheOff = CACHES.every((c) => (effectiveValue(scope, c) ?? 'off') === 'off');
  return vars.every((v) => {
    if (v === 'upstream_cache_status') return cacheOff;
    const defs = ctx.symbols.byName('variable', v);
    return authOff && defs.length > 0 && defs.every((d) => d.directive.name === 'auth_request_set');
  });
}

/** `Accept-Encoding ""` keeps backends from compressing what nginx caches or rewrites; elsewhere gzip passes through unharmed. */
function needsIdentityEncoding(scope: Scope): boolean {
  return [...CACHES, 'sub_filter', 'subs_filter'].some((c) => {
    const v = effectiveValue(scope, c);
    return v !== undefined && v !== 'off';
  });
}

/**
 * A lost request header that tells the backend nothing the block still sends: `X-Forwarded-Host` with the value its
 * own `Host` line carries (apps that read it fall back to Host), or `X-Forwarded-Port $server_port` where every
 * `listen` is on its scheme's own port.
 */
function impliedHere(name: string, line: Directive, scope: Scope): boolean {
  const value = (line.args[1]?.value ?? '').toLowerCase();
  if (name === 'x-forwarded-host') {
    const host = ownDirectives(scope, 'proxy_set_header').find((p) => headerName(p.directive) === 'host');
    return (value === '$host' || value === '$http_host') && (host?.directive.args[1]?.value ?? '').toLowerCase() === value;
  }
  if (name !== 'x-forwarded-port' || value !== '$server_port') return false;
  const server = enclosingServer(scope);
  return server !== undefined && listensOnDefaultPorts(server);
}

function lossMatters(kind: ListKind, line: Directive, block: Directive, scope: Scope, ctx: RuleContext): boolean {
  const name = headerName(line);
  if (emptyHere(line, scope, ctx)) return false;
  if (kind.name === 'proxy_set_header' && impliedHere(name, line, scope)) return false;
  if (kind.name === 'proxy_set_header') return !(name === 'accept-encoding' && (line.args[1]?.value ?? '') === '' && !needsIdentityEncoding(scope));
  return matters(name, line, block, scope);
}

function answersWithReturn(block: Directive): boolean {
  return (block.block?.children ?? []).some((c) => c.kind === 'directive' && c.name === 'return');
}

/** The blocks any kind applies to. */
const BLOCKS: ReadonlySet<string> = new Set(KINDS.flatMap((k) => Object.keys(k.blocks)));

export const headerInheritance: Rule = {
  id: 'header-inheritance',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A block sets its own `proxy_set_header` (or `add_header`) lines and so silently loses all those of the blocks around it.',
    why:
      "nginx inherits `proxy_set_header` and `add_header` as a whole list: a `server` or `location` that writes even one line of its own gets none of the lines of `http` or `server`, whether they are written there or come from an `include` such as `proxy_params`. A WebSocket location that adds `Upgrade` and `Connection` thus stops sending the `Host`, `X-Forwarded-For` and `X-Forwarded-Proto` its server sets, and a location that adds a `Cache-Control` header stops sending the server's `Strict-Transport-Security`. nginx says nothing; the backend sees the wrong host or client address, or the browser loses a security header. With `add_header_inherit merge` (nginx 1.29.3 and later) or `off`, the inheritance of `add_header` is chosen explicitly and not flagged.",
    fix: 'Copies the lost lines, as written, into the block after its own lines.',
    example: 'server {\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n    }\n}',
    evidence:
      'A block that writes at least one line of its own (directly or through a file it includes), while the nearest level above it that has lines of that kind sets headers the block does not set itself, and losing them changes something:\n- `proxy_set_header` in a `server` (in `http`) or a `location`: a dropped line counts, except `Accept-Encoding ""` where no cache (`proxy_cache` and its twins) or body filter (`sub_filter`, `subs_filter`) is on, `X-Forwarded-Host` with the value (`$host` or `$http_host`) that the block\'s own `Host` line sends, and `X-Forwarded-Port $server_port` in a server whose every `listen` is on its scheme\'s own port (443 with TLS, 80 without);\n- `add_header` in a `server`, a `location` or an `if` in a location, when `add_header_inherit` is not `merge` or `off`: a dropped line counts unless it is `Strict-Transport-Security` or `Alt-Svc` (browsers keep those for the host); in a block that answers with `return`, only `Access-Control-Allow-*` lines count; `Vary: Accept-Encoding` counts only where nginx compresses (`gzip`, `gzip_static`, `brotli`) and `gzip_vary` is off; in a block whose answers are fetched rather than opened as pages, only what a fetch reads counts (CORS, caching and `Content-*` headers, `Link`, `Set-Cookie`, `Location`), not a page\'s policies (`X-Frame-Options`, `Content-Security-Policy`, `Referrer-Policy`, ...) nor custom `X-` headers. Such blocks are a location for static files (a regex on extensions such as `css|js|png`, or an exact path with one), a block that caches for a day or more (`expires` of a day or more, or `max`, in force; or its own `Cache-Control ... immutable`), a block whose own lines grant other origins access (`Access-Control-Allow-Origin`), and the locations where an application answers with files or redirects: Home Assistant\'s camera images (`/api/camera_proxy/`), and Grafana\'s `/public/`, `/avatar/` and `/logout` in a server that also proxies Grafana Live (`/api/live/`).\n\nFor both, a dropped line whose value is only variables that are empty in the block does not count: `$upstream_cache_status` where no cache is on, or variables that only `auth_request_set` sets, where `auth_request` is off. The level above crosses `include` sites; for a site file that nothing includes, it reaches the `http` block of its project\'s main config.',
    quiet:
      '- Blocks that set every inherited header again themselves, and blocks with no lines of their own.\n- `add_header_inherit merge` or `off` in force.\n- A level above that is not in view (a fragment read on its own).',
  },
  check(ctx) {
    for (const d of blockDirectives(ctx.instance)) {
      const where = ctx.instance.contexts.get(d);
      if (!where || !BLOCKS.has(d.name)) continue;
      for (const kind of KINDS) {
        if (!kind.blocks[d.name]?.includes(where)) continue;
        const scope = { block: d, instance: ctx.instance };
        const own = ownDirectives(scope, kind.name);
        if (own.length === 0) continue;
        if (kind.name === 'add_header' && ['merge', 'off'].includes(effectiveValue(scope, 'add_header_inherit') ?? 'on')) continue;
        const parent = parentScope(scope);
        const inherited = parent ? effective(parent, kind.name) : undefined;
        if (!inherited || inherited.directives.length === 0) continue;
        const ownNames = new Set(own.map((p) => headerName(p.directive)));
        const dropped = inherited.directives.filter((p) => !ownNames.has(headerName(p.directive)) && lossMatters(kind, p.directive, d, scope, ctx));
        if (dropped.length === 0) continue;

        const first = dropped[0];
        const at = placeLabel(first, ctx.instance);
        const names = dropped.map((p) => p.directive.args[0]?.value ?? '').join(', ');
        const block = d.name === 'location' ? locationLabel(d) : d.name;
        const count = dropped.length === 1 ? `the ${kind.name} line` : `the ${dropped.length} ${kind.name} lines`;
        ctx.report({
          range: blockHead(d),
          message: `${block} sets its own ${kind.name}, so nginx drops ${count} that ${inherited.from?.block?.name ?? inherited.from?.instance.context ?? 'the enclosing block'} sets (${names}, from ${at}): ${kind.effect}`,
          fixes: () => [
            { title: `Copy ${names} into this ${d.name}`, preferred: true, edits: insertionEdits(ctx.instance, [planListLines(scope, kind.name, dropped.map(directiveText))]) },
          ],
        });
      }
    }
  },
};

import * as path from 'node:path';
import type { Directive } from '../parser/ast';
import { directivesNamed, type ConfigTree } from '../workspace/graph';
import { fileMemo, treeMemo } from '../workspace/treeMemo';
import { readsNothing } from './source';
import { parentScope, scopeContext, scopeDirectives, scopeDirectivesNamed, type Placed, type Scope } from '../workspace/scope';

/** The http `server` block that encloses a scope, crossing include boundaries; undefined when it is out of sight. */
export function enclosingServer(scope: Scope): Scope | undefined {
  for (let s: Scope | undefined = scope; s; s = parentScope(s)) {
    if (s.block?.name === 'server' && scopeContext(s) === 'server') return s;
  }
  return undefined;
}

/** Every http `server` block of a tree, once per file instance that holds it. */
export function httpServers(tree: ConfigTree): Scope[] {
  return treeMemo(tree, 'httpServers', () => {
    const out: Scope[] = [];
    for (const instance of tree.instances) {
      for (const d of directivesNamed(instance, 'server')) if (d.block && instance.contexts.get(d) === 'http') out.push({ block: d, instance });
    }
    return out;
  });
}

/** The directives named `name` directly in a server (its included files spliced in). */
export function serverDirectives(server: Scope, name: string): readonly Placed[] {
  return scopeDirectivesNamed(server, name);
}

/** `listen ... ssl` or `... quic`, or the old `ssl on;` (removed in nginx 1.25.1, but it meant TLS). */
export function hasTlsListener(server: Scope): boolean {
  return sslOn(server) || serverDirectives(server, 'listen').some((p) => listensWithTls(p.directive));
}

function sslOn(server: Scope): boolean {
  return serverDirectives(server, 'ssl').some((p) => p.directive.args[0]?.value === 'on');
}

function listensWithTls(listen: Directive): boolean {
  return listen.args.slice(1).some((a) => a.value === 'ssl' || a.value === 'quic');
}

/**
 * Every `listen` of the server is on its scheme's own port (443 with TLS, 80 without), so `$server_port` says
 * no more than the scheme does. No `listen` at all means `*:80`.
 */
export function listensOnDefaultPorts(server: Scope): boolean {
  const listens = serverDirectives(server, 'listen');
  const allTls = sslOn(server);
  if (listens.length === 0) return !allTls;
  return listens.every((p) => {
    const address = p.directive.args[0]?.value ?? '';
    if (address.toLowerCase().startsWith('unix:')) return false;
    const port = /^\d+$/.test(address) ? address : (/:(\d+)$/.exec(address)?.[1] ?? '80');
    return port === (allTls || listensWithTls(p.directive) ? '443' : '80');
  });
}

/** A listen address that only this machine can reach: loopback or a unix socket. */
export function isLocalAddress(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('unix:') || a.startsWith('127.') || a.startsWith('[::1]') || a === 'localhost' || a.startsWith('localhost:');
}

/** True when every `listen` of the server is local; a server without `listen` takes nginx's `*:80`, which is not. */
export function listensLocallyOnly(server: Scope): boolean {
  const listens = serverDirectives(server, 'listen');
  return listens.length > 0 && listens.every((p) => isLocalAddress(p.directive.args[0]?.value ?? ''));
}

/** The server's names, lower-cased; nginx's default is the empty name. */
export function serverNames(server: Scope): Set<string> {
  const names = serverDirectives(server, 'server_name').flatMap((p) => p.directive.args.map((a) => a.value.toLowerCase()));
  return new Set(names.length > 0 ? names : ['']);
}

const REDIRECT_CODES = new Set(['301', '302', '303', '307', '308']);

/** A `return` or `rewrite` that sends the client to an https:// URL. */
function redirectsToHttps(d: Directive): boolean {
  if (d.name === 'return') {
    const [first, second] = d.args.map((a) => a.value);
    if (second !== undefined) return REDIRECT_CODES.has(first) && /^https:\/\//i.test(second);
    return /^https:\/\//i.test(first ?? '');
  }
  // A rewrite whose replacement starts with https:// always redirects.
  return d.name === 'rewrite' && /^https:\/\//i.test(d.args[1]?.value ?? '');
}

/** The server redirects to https somewhere: at server level, in an `if`, or in a location. */
export function serverRedirectsToHttps(server: Scope): boolean {
  const visit = (list: readonly Placed[], depth: number): boolean =>
    list.some((p) => {
      if (redirectsToHttps(p.directive)) return true;
      if (!p.directive.block || depth > 8 || !['if', 'location'].includes(p.directive.name)) return false;
      return visit(scopeDirectives({ block: p.directive, instance: p.instance }), depth + 1);
    });
  return visit(scopeDirectives(server), 0);
}

/** A proxy or load balancer in front of nginx shows in what nginx trusts from it: real-IP settings, the PROXY protocol. */
export function behindAnotherProxy(scope: Scope): boolean {
  for (let s: Scope | undefined = scope; s; s = parentScope(s)) {
    if (scopeDirectivesNamed(s, 'real_ip_header').length > 0 || scopeDirectivesNamed(s, 'set_real_ip_from').length > 0) return true;
  }
  const server = enclosingServer(scope);
  return server !== undefined && serverDirectives(server, 'listen').some((p) => p.directive.args.some((a) => a.value === 'proxy_protocol'));
}

/**
 * Whether a main config's whole tree is in view and no server of it speaks TLS (no `listen ... ssl` or `quic`, no
 * old `ssl on`). An include that reads no file (`sites-enabled/*` copied without its links) may hold TLS servers,
 * so such a tree proves nothing; nor does one whose servers come from this machine's own files outside the
 * config's folder (`/etc/nginx/sites-enabled/*` read here, not from the copy being checked). Once per tree.
 */
export function treeWithoutTls(tree: ConfigTree): boolean {
  return treeMemo(tree, 'treeWithoutTls', () => {
    if (!tree.isMain) return false;
    const folder = path.dirname(tree.rootPath) + path.sep;
    for (const inst of tree.instances) {
      if (directivesNamed(inst, 'include').some((d) => readsNothing(d, inst))) return false;
      if (!inst.path.startsWith(folder) && directivesNamed(inst, 'server').length > 0) return false;
      if (fileMemo(inst, 'speaksTls', () => directivesNamed(inst, 'listen').some(listensWithTls) || directivesNamed(inst, 'ssl').some((d) => d.args[0]?.value === 'on'))) return false;
    }
    return true;
  });
}

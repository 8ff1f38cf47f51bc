import { directivesNamed } from '../workspace/graph';
import type { Directive } from '../parser/ast';
import { effective } from '../workspace/effective';
import { scopeOf, type Scope } from '../workspace/scope';
import type { Symbols } from '../workspace/symbols';
import { blockHead, insertAfterDirective, insertAtBlockStart, replaceRange } from './edits';
import { isLocalAddress } from './serverBlocks';
import { describeSource } from './source';
import type { FileEdit, Rule, RuleContext } from './types';

/** Debian's and Ubuntu's system CA bundle: present wherever the ca-certificates package is, so `nginx -t` passes. */
const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** The host of a `proxy_pass https://host:port/...` URL. */
function hostOf(url: string): string {
  return /^https:\/\/(\[[^\]]*\]|[^/:?]*)/i.exec(url)?.[1] ?? '';
}

/** Whether `host` is such an address, or an upstream whose every server is. */
function backendIs(host: string, symbols: Symbols, is: (address: string) => boolean): boolean {
  if (is(host)) return true;
  const groups = symbols.byName('upstream', host);
  return groups.length > 0 && groups.every((g) => {
    const servers = (g.directive.block?.children ?? []).filter((c): c is Directive => c.kind === 'directive' && c.name === 'server');
    return servers.length > 0 && servers.every((s) => is(s.args[0]?.value ?? ''));
  });
}

/** A backend on this machine (loopback, unix socket, or an upstream of only those): nobody can sit in between. */
function localBackend(host: string, symbols: Symbols): boolean {
  return host.startsWith('unix') || backendIs(host, symbols, (a) => isLocalAddress(a) || isUnspecified(a));
}

/** 0.0.0.0 or [::] as a destination: Linux connects to this machine. */
function isUnspecified(address: string): boolean {
  return /^(0\.0\.0\.0|\[::\])(:\d+)?$/.test(address);
}

const PRIVATE_V4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/;
const PRIVATE_NAME = /\.(local|lan|home|internal|intranet|home\.arpa)$/i;

function privateHost(host: string): boolean {
  const h = host.replace(/:\d+$/, '');
  return PRIVATE_V4.test(h) || PRIVATE_NAME.test(h) || /^\[f[cd]/i.test(h);
}

/** A backend on a private network, or an upstream of only such servers. */
function privateBackend(host: string, symbols: Symbols): boolean {
  return backendIs(host, symbols, privateHost);
}

export const proxySslVerify: Rule = {
  id: 'proxy-ssl-verify',
  defaultSeverity: 'warning',
  docs: {
    summary: '`proxy_pass https://` without checking the backend\'s certificate.',
    why:
      "`proxy_ssl_verify` is `off` by default: nginx encrypts the connection to an https backend but accepts any certificate, so anyone who can intercept the traffic between nginx and the backend can impersonate it and read or alter every request and WebSocket frame. Internal networks are no exception, unless `proxy_ssl_verify off` is written out for a backend on a private network: that is a choice (a self-signed LAN certificate), not an oversight. Backends on loopback or a unix socket are not flagged. When `proxy_pass` names an upstream group, nginx checks the certificate against the group's name unless `proxy_ssl_name` gives the backend's real name.",
    fix: `Turns \`proxy_ssl_verify\` on and adds what verification needs and lacks: \`proxy_ssl_server_name on;\` (send SNI, so a virtual-hosted backend presents the right certificate) and \`proxy_ssl_trusted_certificate ${SYSTEM_CA_BUNDLE};\` (the system CA bundle). For an internal backend, point \`proxy_ssl_trusted_certificate\` at your internal CA instead.`,
    example: 'location /api/ {\n    proxy_pass https://api.partner.dev:8443;\n    proxy_ssl_verify off;\n}',
    evidence:
      "A `proxy_pass https://...` in a location, an `if` in a location, or a `limit_except`, whose `proxy_ssl_verify` in force (read from the enclosing location for an `if` or `limit_except`) is not `on`: not set anywhere (nginx's default is `off`), or set to `off`. The backend is the host of the URL, or the servers of the upstream it names.",
    quiet:
      '- Backends on this machine: loopback addresses, `localhost`, `0.0.0.0` or `[::]` (Linux connects those to this machine), unix sockets, or an upstream whose every server is one.\n- `proxy_ssl_verify off` written out (here or above) for a backend on a private network: `10/8`, `172.16/12`, `192.168/16`, `169.254/16`, `fc00::/7`, names ending in `.local`, `.lan`, `.home`, `.internal`, `.intranet` or `.home.arpa`, or an upstream of only such servers. With nothing written, such a backend is still reported.\n- `proxy_pass` with a variable scheme, and the other `*_pass` directives.',
  },
  check(ctx) {
    for (const d of directivesNamed(ctx.instance, 'proxy_pass')) {
      const where = ctx.instance.contexts.get(d);
      if (!/^https:\/\//i.test(d.args[0]?.value ?? '')) continue;
      if (where !== 'location' && where !== 'if-location' && where !== 'limit_except') continue;
      if (localBackend(hostOf(d.args[0].value), ctx.symbols)) continue;
      checkOne(ctx, d, scopeOf(d, ctx.instance));
    }
  },
};

/** Edits that turn a scalar flag on: in place when this very block sets it (a second one would be a duplicate), else a new line. */
function turnOn(scope: Scope, name: string, edits: FileEdit[], lines: string[]): void {
  const eff = effective(scope, name);
  const set = eff.directives[0];
  if (set?.directive.args[0]?.value === 'on') return;
  if (set?.directive.args[0] && eff.source === 'here') edits.push(replaceRange(set.instance, set.directive.args[0].range, 'on'));
  else lines.push(`${name} on;`);
}

function checkOne(ctx: RuleContext, proxyPass: Directive, inner: Scope): void {
  // proxy_ssl_* are not allowed in `if` or `limit_except`: those take them from their location, which the fix edits.
  const outer = inner.block && inner.block.name !== 'location' && inner.block.parent.kind === 'directive' ? inner.block.parent : undefined;
  const scope: Scope = outer ? { block: outer, instance: ctx.instance } : inner;
  const verify = effective(scope, 'proxy_ssl_verify');
  const set = verify.directives[0];
  if (set?.directive.args[0]?.value === 'on') return;
  // `off` written out for a backend on a private network is a choice (self-signed LAN certificates), not an oversight.
  if (set && privateBackend(hostOf(proxyPass.args[0].value), ctx.symbols)) return;
  // Said on the `proxy_ssl_verify off;` itself when this block of this file holds it, else on the block's head.
  const offHere = set && verify.source === 'here' && set.instance === ctx.instance ? set.directive : undefined;
  const host = hostOf(proxyPass.args[0].value);
  const group = ctx.symbols.byName('upstream', host).length > 0;
  const name = group && effective(scope, 'proxy_ssl_name').source === 'default' ? ` nginx checks the certificate against the name "${host}" unless proxy_ssl_name says otherwise.` : '';
  const origin = set ? describeSource(verify, ctx.instance) : "nginx's default";
  const message = `nginx does not verify the certificate of this https backend (proxy_ssl_verify off, ${origin}): anyone between nginx and the backend can impersonate it. Turn proxy_ssl_verify on and trust the CA that signed the backend's certificate (your internal CA for an internal backend).${name}`;

  const edits: FileEdit[] = [];
  const lines: string[] = [];
  turnOn(scope, 'proxy_ssl_verify', edits, lines);
  turnOn(scope, 'proxy_ssl_server_name', edits, lines);
  if (effective(scope, 'proxy_ssl_trusted_certificate').source === 'default') lines.push(`proxy_ssl_trusted_certificate ${SYSTEM_CA_BUNDLE};`);
  if (lines.length > 0) {
    const edit = outer ? insertAtBlockStart(ctx.instance, outer, lines) : insertAfterDirective(ctx.instance, offHere ?? proxyPass, lines);
    if (edit) edits.push(edit);
  }

  ctx.report({
    range: offHere ? offHere.range : blockHead(scope.block ?? proxyPass),
    message,
    fixes: [{ title: 'Verify the backend certificate (proxy_ssl_verify on, SNI, trusted CA bundle)', preferred: true, edits }],
  });
}

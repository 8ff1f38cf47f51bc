import type { Directive } from '../../parser/ast';
import { lookupDirective } from '../../reference';
import { hashableName } from '../../rules/invalid-server-name';
import { directivesNamed, type FileInstance } from '../../workspace/graph';
import type { Symbols } from '../../workspace/symbols';
import { fileMemo } from '../../workspace/treeMemo';
import type { Layout } from './units';

/**
 * Rules whose findings in one block can depend on other blocks of the same file, beyond what `facts.ts` puts in the
 * fingerprint: they run over the whole file on every analysis. Every other rule is block-local: a finding it reports
 * inside a unit depends only on that unit's text, the shell around the units, and the fingerprinted facts. A rule
 * missing from both lists (a new one) is whole-file until someone reads it and says otherwise.
 */
export const WHOLE_FILE: ReadonlySet<string> = new Set([
  // Keeps the first error per top-level statement, three in all.
  'syntax',
  // What building the include tree found: cheap, and about the tree.
  'include-not-found',
  'include-cycle',
  'include-limit',
  // The buffer relations are checked at every level that merges, and blamed where the value is set.
  'invalid-buffer-sizes',
  // The tree's proxies against its worker limits.
  'worker-fd-limit',
  'template',
]);

/** Block-local rules, read one by one (see WHOLE_FILE). */
export const BLOCK_LOCAL: ReadonlySet<string> = new Set([
  'needs-module',
  'directive-context',
  'directive-args',
  'invalid-value',
  'undefined-variable',
  'undefined-zone',
  'undefined-upstream',
  'ws-http-version',
  'ws-upgrade-header',
  'ws-connection-header',
  'proxy-connect-timeout',
  'proxy-ssl-verify',
  'ssl-legacy-protocols',
  'stub-status-exposed',
  'ws-forwarded-headers',
  'ws-http2',
  'ws-connection-passthrough',
  'ws-connection-map',
  'ws-read-timeout',
  'ws-send-timeout',
  'ws-buffering',
  'ws-path-only',
  'proxy-settings-unused',
  'ws-upgrade-any',
  'header-inheritance',
  'upstream-keepalive',
  'invalid-proxy-pass',
  'invalid-limit-conn',
  'invalid-limit-req',
  'invalid-if',
  'invalid-error-page',
  'version-unsupported',
  'deprecated-directive',
  'invalid-split-clients',
  'invalid-geo',
  'invalid-map',
  'invalid-upstream-server',
  'invalid-regex',
  'invalid-return',
  'invalid-rewrite',
  'invalid-location',
  // Over the tree's upstream definitions, which the fingerprint holds in order with their texts.
  'duplicate-upstream',
]);

/**
 * Rules that are block-local unless the tree holds what makes them look across blocks; each test is cheap (a few
 * directive names over the tree's files) and errs towards whole. While it holds, the rule runs whole; the analyzer
 * puts the answers in the fingerprint, so that a unit's findings made while a rule looked across blocks are not
 * reused once it no longer does.
 */
const CONDITIONAL = ['duplicate-directive', 'invalid-listen', 'invalid-server-name', 'ws-sticky-upstream', 'unknown-directive', 'ws-plain-http'];

/** Blocks that a level may hold any number of. */
const REPEATABLE_BLOCKS: ReadonlySet<string> = new Set(['server', 'upstream', 'map', 'geo', 'split_clients', 'location', 'if', 'limit_except', 'match']);

const SOCKET_OPTION = /^(bind|deferred|reuseport)$|^(backlog|rcvbuf|sndbuf|ipv6only|so_keepalive|fastopen|accept_filter|setfib)=/;
const HTTPS = /https:\/\//i;

/** Whether any argument from the `from`-th on passes the test. */
function anyArg(d: Directive, from: number, test: (value: string) => boolean): boolean {
  for (let i = from; i < d.args.length; i++) if (test(d.args[i].value)) return true;
  return false;
}

/** The conditional rules that look across blocks in this tree now. */
export function acrossBlocksNow(instance: FileInstance, symbols: Symbols, layout: Layout): string[] {
  const out = new Set<string>();
  // A second default server for an address: only a `listen` of this file that claims the default is compared.
  for (const d of directivesNamed(instance, 'listen')) if (anyArg(d, 0, (v) => v === 'default_server' || v === 'default')) out.add('duplicate-directive');
  // A block nginx takes once per level (`events`, `types`) written twice: the second is a duplicate of another unit.
  const names = new Set<string>();
  for (const u of layout.units) {
    const name = u.directive.name;
    if (names.has(name) && !REPEATABLE_BLOCKS.has(name)) out.add('duplicate-directive');
    names.add(name);
  }
  // Three names that nginx does not know make the file one written for another build: counted over the whole file.
  let unknown = 0;
  for (const name of instance.named.keys()) if (lookupDirective(name).length === 0) unknown++;
  if (unknown >= 3) out.add('unknown-directive');
  // nginx-rtmp-module's `application` blocks at the top of a file nothing includes: every name is then left alone.
  if (!instance.site && !instance.tree.isMain && layout.units.some((u) => u.directive.name === 'application' && u.directive.parent.kind === 'file')) out.add('unknown-directive');
  for (const i of instance.tree.instances) for (const id of acrossFromFile(i)) out.add(id);
  // Only an upstream of two primary servers or more (or one that includes a file) is checked against its users.
  for (const def of symbols.definitions) {
    if (def.kind !== 'upstream' || def.directive.name !== 'upstream' || out.has('ws-sticky-upstream')) continue;
    let primary = 0;
    for (const c of def.directive.block?.children ?? []) {
      if (c.kind !== 'directive') continue;
      if (c.name === 'include') primary += 2;
      else if (c.name === 'server' && !anyArg(c, 1, (v) => v === 'backup' || v === 'down')) primary++;
    }
    if (primary >= 2) out.add('ws-sticky-upstream');
  }
  return CONDITIONAL.filter((id) => out.has(id));
}

/** What one file's directives say about the conditional rules, whatever tree it is in: kept while the file is unchanged. */
function acrossFromFile(i: FileInstance): readonly string[] {
  return fileMemo(i, 'acrossBlocks', () => {
    const out = new Set<string>();
    for (const d of directivesNamed(i, 'listen')) {
      // Listen options or TLS compare the listens of every server (duplicate options, certificates per address).
      if (anyArg(d, 1, (v) => v === 'ssl' || SOCKET_OPTION.test(v))) out.add('invalid-listen');
      // Another server of the same name with TLS (or a redirect to https, below) decides ws-plain-http.
      if (anyArg(d, 1, (v) => v === 'ssl' || v === 'quic')) out.add('ws-plain-http');
    }
    if (directivesNamed(i, 'ssl').length > 0) out.add('ws-plain-http');
    for (const name of ['return', 'rewrite']) for (const d of directivesNamed(i, name)) if (anyArg(d, 0, (v) => HTTPS.test(v))) out.add('ws-plain-http');
    // The server names hash is judged per address shared by several servers, for names that do not hash.
    for (const d of directivesNamed(i, 'server_name')) if (anyArg(d, 0, (v) => !hashableName(v.toLowerCase()))) out.add('invalid-server-name');
    return [...out];
  });
}

export function isBlockLocal(ruleId: string): boolean {
  return (BLOCK_LOCAL.has(ruleId) || CONDITIONAL.includes(ruleId)) && !WHOLE_FILE.has(ruleId);
}

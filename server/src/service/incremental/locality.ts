import type { Directive } from '../../parser/ast';
import { lookupDirective } from '../../reference';
import { hashableName } from '../../rules/invalid-server-name';
import { directivesNamed, type FileInstance } from '../../workspace/graph';
import type { Symbols } from '../../workspace/symbols';

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
const ACROSS_BLOCKS_WHEN: Readonly<Record<string, (instance: FileInstance, symbols: Symbols) => boolean>> = {
  // A second default server for an address: only a `listen` of this file that claims the default is compared.
  'duplicate-directive': (instance) => directivesNamed(instance, 'listen').some((d) => d.args.some((a) => a.value === 'default_server' || a.value === 'default')),
  // Listen options or TLS compare the listens of every server (duplicate options, certificates per address).
  'invalid-listen': (instance) => treeNamed(instance, 'listen').some((d) => d.args.slice(1).some((a) => a.value === 'ssl' || SOCKET_OPTION.test(a.value))),
  // The server names hash is judged per address shared by several servers, for names that do not hash.
  'invalid-server-name': (instance) => treeNamed(instance, 'server_name').some((d) => d.args.some((a) => !hashableName(a.value.toLowerCase()))),
  // Only an upstream of two primary servers or more (or one that includes a file) is checked against its users.
  'ws-sticky-upstream': (_instance, symbols) =>
    symbols.definitions.some((def) => {
      if (def.kind !== 'upstream' || def.directive.name !== 'upstream') return false;
      const body = (def.directive.block?.children ?? []).filter((c): c is Directive => c.kind === 'directive');
      return body.some((c) => c.name === 'include') || body.filter((c) => c.name === 'server' && !c.args.slice(1).some((a) => a.value === 'backup' || a.value === 'down')).length >= 2;
    }),
  // Three names that nginx does not know make the file one written for another build: counted over the whole file.
  'unknown-directive': (instance) => [...instance.named.keys()].filter((name) => lookupDirective(name).length === 0).length >= 3,
  // Another server of the same name with TLS or a redirect to https: any such line in the tree.
  'ws-plain-http': (instance) =>
    treeNamed(instance, 'listen').some((d) => d.args.slice(1).some((a) => a.value === 'ssl' || a.value === 'quic')) ||
    treeNamed(instance, 'ssl').length > 0 ||
    ['return', 'rewrite'].some((name) => treeNamed(instance, name).some((d) => d.args.some((a) => /https:\/\//i.test(a.value)))),
};

const SOCKET_OPTION = /^(bind|deferred|reuseport)$|^(backlog|rcvbuf|sndbuf|ipv6only|so_keepalive|fastopen|accept_filter|setfib)=/;

/** The directives of a name in every file of the instance's tree. */
function treeNamed(instance: FileInstance, name: string): Directive[] {
  return instance.tree.instances.flatMap((i) => directivesNamed(i, name));
}

/** The conditional rules that look across blocks in this tree now. */
export function acrossBlocksNow(instance: FileInstance, symbols: Symbols): string[] {
  return Object.keys(ACROSS_BLOCKS_WHEN).filter((id) => ACROSS_BLOCKS_WHEN[id](instance, symbols));
}

export function isBlockLocal(ruleId: string): boolean {
  return (BLOCK_LOCAL.has(ruleId) || ruleId in ACROSS_BLOCKS_WHEN) && !WHOLE_FILE.has(ruleId);
}

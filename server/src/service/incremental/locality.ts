/**
 * Rules whose findings in one block can depend on other blocks of the same file, beyond what `facts.ts` puts in the
 * fingerprint: they run over the whole file on every analysis. Every other rule is block-local: a finding it reports
 * inside a unit depends only on that unit's text, the shell around the units, and the fingerprinted facts. A rule
 * missing from both lists (a new one) is whole-file until someone reads it and says otherwise.
 */
export const WHOLE_FILE: ReadonlySet<string> = new Set([
  // Keeps the first error per top-level statement, three in all.
  'syntax',
  // Three unknown names anywhere in the file make it one written for another build.
  'unknown-directive',
  // One default server per address, over every server of the tree.
  'duplicate-directive',
  // What building the include tree found: cheap, and about the tree.
  'include-not-found',
  'include-cycle',
  'include-limit',
  // Duplicate listens, certificates per address, the server names hash: over every server of the tree.
  'invalid-listen',
  'invalid-server-name',
  // The buffer relations are checked at every level that merges, and blamed where the value is set.
  'invalid-buffer-sizes',
  // The tree's proxies against its worker limits.
  'worker-fd-limit',
  // Reported at the upstream, about the WebSocket locations of every server that uses it.
  'ws-sticky-upstream',
  // Whether another server of the same name has TLS.
  'ws-plain-http',
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
]);

export function isBlockLocal(ruleId: string): boolean {
  return BLOCK_LOCAL.has(ruleId) && !WHOLE_FILE.has(ruleId);
}

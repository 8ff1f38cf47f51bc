import { DIRECTIVE_ADDED, DIRECTIVE_REMOVED, PARAMETER_ADDED, versionAtLeast } from '../reference/versions';
import { directivesNamed } from '../workspace/graph';
import { handlerRange } from './handlerSupport';
import type { Rule } from './types';

export const versionUnsupported: Rule = {
  id: 'version-unsupported',
  defaultSeverity: 'error',
  docs: {
    summary: 'With `nginxWs.nginxVersion` set: a directive or parameter that this nginx version does not have yet, or no longer has.',
    why:
      'nginx gains directives and parameters from version to version (`http2 on;` in 1.25.1, `listen ... quic` in 1.25.0, `keepalive_time` in 1.19.10, ...) and drops a few (`ssl on;` in 1.25.1). An nginx older than the directive, or newer than its removal, fails `nginx -t` with `unknown directive "..."` or `invalid parameter "..."`. nginx-ws knows the version only from the `nginxWs.nginxVersion` setting (or `--nginx-version`); without it, nothing is reported here.',
    fix: 'Upgrade nginx, or use what this version has: `listen ... http2` before 1.25.1, `listen ... ssl` instead of `ssl on;`.',
    example: 'server {\n    listen 443 ssl;\n    http2 on;\n}',
    evidence:
      "Only with `nginxWs.nginxVersion` (or `--nginx-version`) set:\n- a directive from nginx-ws's table of additions (`keepalive_time` 1.19.10, `http2` 1.25.1, `proxy_half_close` 1.21.4, ...) when your version is older;\n- `ssl` in `http`, `server` or a mail block when your version is 1.25.1 or later;\n- a `listen` with `quic` (before 1.25.0) or `multipath` (before 1.29.7), or an upstream `server` with `resolve` (before 1.27.3) or `drain` (before 1.29.6).",
    quiet:
      '- Without `nginxWs.nginxVersion`: nothing at all.\n- Directives and parameters outside the table, such as `max_headers`, which Debian backports to older versions.',
  },
  check(ctx) {
    const version = ctx.settings.nginxVersion;
    if (!version) return;
    const setting = `nginxWs.nginxVersion is ${version}`;
    for (const [name, since] of Object.entries(DIRECTIVE_ADDED)) {
      if (versionAtLeast(version, since)) continue;
      for (const d of directivesNamed(ctx.instance, name)) {
        if (!ctx.instance.contexts.has(d)) continue;
        ctx.report({ range: d.nameRange, message: `unknown directive "${name}" (added in nginx ${since}; ${setting})` });
      }
    }
    for (const [name, r] of Object.entries(DIRECTIVE_REMOVED)) {
      if (!versionAtLeast(version, r.since)) continue;
      for (const d of directivesNamed(ctx.instance, name)) {
        const context = ctx.instance.contexts.get(d);
        if (context !== 'server' && context !== 'http' && context !== 'mail' && context !== 'mail-server') continue;
        ctx.report({ range: d.nameRange, message: `unknown directive "${name}" (removed in nginx ${r.since}: use "${r.instead}"; ${setting})` });
      }
    }
    for (const p of PARAMETER_ADDED) {
      if (versionAtLeast(version, p.since)) continue;
      for (const d of directivesNamed(ctx.instance, p.directive)) {
        if (ctx.instance.contexts.get(d) !== p.context) continue;
        const arg = d.args.slice(1).find((a) => a.value === p.word);
        if (arg) ctx.report({ range: handlerRange(d, arg), message: `invalid parameter "${p.word}" (added in nginx ${p.since}; ${setting})` });
      }
    }
  },
};

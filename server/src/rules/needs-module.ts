import { instanceVerdicts } from '../analysis/directiveVerdict';
import * as path from 'node:path';
import { lookupDirective, type DirectiveSpec } from '../reference';
import { SEPARATE_NGINX_MODULES } from '../reference/thirdParty';
import type { Settings } from '../service/settings';
import { directivesNamed, type FileInstance } from '../workspace/graph';
import { treeMemo } from '../workspace/treeMemo';
import type { BlockContext, Rule } from './types';

/** An unknown nginx version is taken to be older than 1.29.7, as elsewhere in nginx-ws. */
const ASSUMED_VERSION = [1, 29, 6];

function versionOf(settings: Settings): number[] {
  return settings.nginxVersion?.split('.').map(Number) ?? ASSUMED_VERSION;
}

function atLeast(have: number[], want: string): boolean {
  const w = want.split('.').map(Number);
  for (let i = 0; i < Math.max(have.length, w.length); i++) {
    const a = have[i] ?? 0;
    const b = w[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** Whether open-source nginx of this version has a command of this name. */
function inOpenSource(specs: readonly DirectiveSpec[], version: number[]): boolean {
  return specs.some((s) => s.origin === 'nginx' && (!s.plusUntil || atLeast(version, s.plusUntil)));
}

/** The module files the config loads (`load_module modules/ngx_http_lua_module.so;` anywhere in its tree). */
function loadedModuleFiles(instance: FileInstance): ReadonlySet<string> {
  return treeMemo(instance.tree, 'loadedModuleFiles', () => {
    const out = new Set<string>();
    for (const inst of instance.tree.instances) {
      for (const d of directivesNamed(inst, 'load_module')) {
        if (d.parent.kind === 'file' && d.args.length === 1) out.add(path.basename(d.args[0].value));
      }
    }
    return out;
  });
}

/** Why stock nginx rejects the name, or undefined when it does not (or the config loads the module that has it). */
function needsModuleMessage(name: string, context: BlockContext, settings: Settings, loaded: ReadonlySet<string>): string | undefined {
  const specs = lookupDirective(name);
  const version = versionOf(settings);
  if (specs.length === 0) return undefined;
  // js_set is in both njs modules: the one of this context is the one that must be loaded.
  const here = specs.filter((s) => s.contexts.includes(context));
  const separate = (here.length > 0 ? here : specs).map((s) => SEPARATE_NGINX_MODULES[s.module]);
  if (separate.every((m) => m !== undefined)) {
    if (separate.some((m) => m.files.some((f) => loaded.has(f)))) return undefined;
    const names = [...new Set(separate.map((m) => `${m.name} (Debian package ${m.debian?.join(' or ') ?? ''})`))].join(' or ');
    return `"${name}" comes from ${names}, not part of nginx itself: stock nginx rejects it as an unknown directive unless built with that module`;
  }
  if (inOpenSource(specs, version)) return undefined;
  if (specs.some((s) => s.thirdParty?.files.some((f) => loaded.has(f)))) return undefined;
  const plus = specs.find((s) => s.origin === 'plus' || s.plusUntil !== undefined);
  const thirdParty = specs.find((s) => s.origin === 'third-party');
  const parts: string[] = [];
  if (plus) parts.push(plus.plusUntil ? `NGINX Plus (open-source nginx has it from ${plus.plusUntil} on)` : 'NGINX Plus, the commercial build');
  const debian = thirdParty?.thirdParty?.debian;
  if (thirdParty) parts.push(`the third-party ${thirdParty.module}${debian ? ` (Debian package ${debian.join(' or ')})` : ''}`);
  const from = parts.join(', or from ');
  const unless = plus && thirdParty ? 'unless it is NGINX Plus or built with that module' : plus ? 'unless it is NGINX Plus' : 'unless built with that module';
  return `"${name}" comes from ${from}: stock nginx rejects it as an unknown directive ${unless}`;
}

/**
 * Directives of third-party modules and NGINX Plus: stock nginx knows none of them. A warning, not an error: the
 * config may well be meant for OpenResty, a build with the module, or NGINX Plus, which nginx-ws cannot see.
 */
export const needsModule: Rule = {
  id: 'needs-module',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A directive from a third-party module or NGINX Plus, which stock nginx rejects as unknown.',
    why:
      'Directives such as `content_by_lua_block` (OpenResty), `more_set_headers` (headers-more), `check` (nginx_upstream_check_module) or `sticky` before 1.29.6 (NGINX Plus) are not typos, but stock nginx fails with `unknown directive` on them. nginx-ws still checks where they stand and how many arguments they have, as a build with the module would. This is a warning because only you know your build: turn the rule off for OpenResty or NGINX Plus, or raise it to an error for stock nginx. The same goes for njs (`js_*`), which is nginx\'s own but no build includes unless added; the message names the Debian package (`libnginx-mod-*`) where Debian has one. A `load_module` of the module file anywhere in the config (files of `modules-enabled/` included) silences it for the directives of that module. For versioned cases set `nginxWs.nginxVersion`.',
    fix: 'Build nginx with the module (or load it with `load_module`), use NGINX Plus, or remove the directive.',
    example: 'upstream app {\n    server 10.0.0.5:8080;\n    check interval=3000 rise=2 fall=3 timeout=1000 type=http;\n}',
  },
  check(ctx) {
    const loaded = loadedModuleFiles(ctx.instance);
    for (const { d, context, verdict } of instanceVerdicts(ctx.instance)) {
      if (verdict === undefined) continue;
      const message = needsModuleMessage(d.name, context, ctx.settings, loaded);
      if (message) ctx.report({ range: d.nameRange, message });
    }
  },
};

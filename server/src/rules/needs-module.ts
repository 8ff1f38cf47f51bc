import { instanceVerdicts } from '../analysis/directiveVerdict';
import * as path from 'node:path';
import { lookupDirective, type BlockContext, type DirectiveSpec } from '../reference';
import { SEPARATE_NGINX_MODULES } from '../reference/thirdParty';
import type { Settings } from './settings';
import { directivesNamed, type FileInstance } from '../workspace/graph';
import { treeMemo } from '../workspace/treeMemo';
import type { Rule } from './types';

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

/** What the tree shows of the build: which module files it loads, and whether it shows all of them. */
interface BuildEvidence {
  loaded: ReadonlySet<string>;
  /** A main config whose main-level includes all resolved: its load_module lines are all there are. */
  complete: boolean;
}

/** OpenResty compiles these in: a config may use them with no load_module at all. */
const OPENRESTY_BUNDLED = new Set([
  'ngx_http_lua_module.so', 'ngx_stream_lua_module.so', 'ndk_http_module.so', 'ngx_http_headers_more_filter_module.so',
  'ngx_http_echo_module.so', 'ngx_http_set_misc_module.so', 'ngx_http_memc_module.so', 'ngx_http_srcache_filter_module.so',
]);

function buildEvidence(instance: FileInstance): BuildEvidence {
  return treeMemo(instance.tree, 'buildEvidence', () => {
    const tree = instance.tree;
    const rootHasEvents = directivesNamed(tree.root, 'events').some((d) => d.parent.kind === 'file');
    let complete = tree.isMain && rootHasEvents;
    for (const inst of tree.instances) {
      for (const [d, targets] of inst.includes) {
        if (inst.contexts.get(d) === 'main' && targets.length === 0) complete = false;
      }
    }
    return { loaded: loadedModuleFiles(instance), complete };
  });
}

/**
 * Why this build rejects the name, or undefined when the config cannot tell. A directive of a module that must be
 * loaded is judged only in a main config whose load_module lines are all in view: njs, which every package ships
 * as a dynamic module, when that config does not load it; a third-party module when the config loads others but
 * not this one (and it is not one OpenResty compiles in). NGINX Plus directives are judged only when the user has
 * named an open-source nginx version.
 */
function needsModuleMessage(name: string, context: BlockContext, settings: Settings, build: BuildEvidence): string | undefined {
  const specs = lookupDirective(name);
  const version = versionOf(settings);
  if (specs.length === 0) return undefined;
  const { loaded } = build;
  // js_set is in both njs modules: the one of this context is the one that must be loaded.
  const here = specs.filter((s) => s.contexts.includes(context));
  const separate = (here.length > 0 ? here : specs).map((s) => SEPARATE_NGINX_MODULES[s.module]);
  if (separate.every((m) => m !== undefined)) {
    if (!build.complete || separate.some((m) => m.files.some((f) => loaded.has(f)))) return undefined;
    const names = [...new Set(separate.map((m) => `${m.name} (Debian package ${m.debian?.join(' or ') ?? ''})`))].join(' or ');
    return `"${name}" comes from ${names}, which this config does not load: nginx rejects it as an unknown directive without a load_module line for it`;
  }
  if (inOpenSource(specs, version)) return undefined;
  const plus = specs.find((s) => s.origin === 'plus' || s.plusUntil !== undefined);
  const thirdParty = specs.find((s) => s.origin === 'third-party');
  const files = thirdParty?.thirdParty?.files ?? [];
  const missingModule =
    thirdParty !== undefined && build.complete && loaded.size > 0 && files.length > 0 && !files.some((f) => loaded.has(f) || OPENRESTY_BUNDLED.has(f));
  const plusJudged = plus !== undefined && settings.nginxVersion !== undefined;
  if (!missingModule && !plusJudged) return undefined;
  const parts: string[] = [];
  if (plus && plusJudged) parts.push(plus.plusUntil ? `NGINX Plus (open-source nginx has it from ${plus.plusUntil} on)` : 'NGINX Plus, the commercial build');
  const debian = thirdParty?.thirdParty?.debian;
  if (thirdParty) parts.push(`the third-party ${thirdParty.module}${debian ? ` (Debian package ${debian.join(' or ')})` : ''}`);
  const from = parts.join(', or from ');
  if (!plusJudged) return `"${name}" comes from ${from}, which this config does not load: nginx rejects it as an unknown directive unless the module is built in`;
  const unless = thirdParty ? 'unless it is NGINX Plus or built with that module' : 'unless it is NGINX Plus';
  return `"${name}" comes from ${from}: nginx ${settings.nginxVersion ?? ''} rejects it as an unknown directive ${unless}`;
}

/** Directives of modules that the config shows it does not have; a warning, since a build may compile them in. */
export const needsModule: Rule = {
  id: 'needs-module',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A directive from a third-party module or NGINX Plus, which stock nginx rejects as unknown.',
    why:
      "Directives such as `content_by_lua_block` (OpenResty), `more_set_headers` (headers-more), `brotli` or `js_import` (njs) are not typos, but an nginx without their module fails with `unknown directive`. Which modules a build has is seldom visible in the config, so this rule speaks only on evidence. It fires in a main config whose `load_module` lines are all in view (every main-level `include` found): for njs, which every package ships as a separate module, when nothing loads it; for a third-party module, when the config loads other modules but not this one. Modules OpenResty compiles in (lua, headers-more, echo, set-misc, ndk, memc, srcache) are left alone. NGINX Plus directives are judged when you name your open-source nginx version (`nginxWs.nginxVersion`): then `sticky` before 1.29.6 or `api` is reported. It stays quiet in site files and fragments, whose main config decides, and whenever a `modules-enabled/` include cannot be read. nginx-ws checks the context and argument count of these directives as a build with the module would.",
    fix: 'Build nginx with the module (or load it with `load_module`), use NGINX Plus, or remove the directive.',
    example: 'load_module modules/ngx_http_geoip2_module.so;\nevents {}\nhttp {\n    brotli on;\n}',
    evidence:
      'A known directive that stock nginx does not have, when the config shows the build lacks it:\n- a directive of njs (`js_import`, `js_set`, ...), which packages ship as a separate module: in a main config whose module list is complete (see below) and that loads no `ngx_http_js_module.so` / `ngx_stream_js_module.so` for that context;\n- a directive of a third-party module whose module file nginx-ws knows: in a main config whose module list is complete, that loads at least one module with `load_module`, but not this one;\n- an NGINX Plus directive: when `nginxWs.nginxVersion` names an open-source version that lacks it (`sticky` before 1.29.6, `api`, ...).\n\nThe module list counts as complete when the file is a main config with a top-level `events` block and every `include` at main level found at least one file.',
    quiet:
      '- Site files, fragments and included files read on their own: their main config decides which modules are loaded.\n- A main config without a top-level `events`, or with a main-level `include` that finds nothing (an unreadable `modules-enabled/*.conf`).\n- A third-party directive in a config that loads no module at all (it may be compiled in), and the modules OpenResty compiles in (lua, ndk, headers-more, echo, set-misc, memc, srcache).\n- NGINX Plus directives while `nginxWs.nginxVersion` is not set.',
  },
  check(ctx) {
    const build = buildEvidence(ctx.instance);
    // The message depends on the name and context alone (with this run's settings and build): asked once per pair.
    const known = new Map<string, Map<BlockContext, string | undefined>>();
    const all = instanceVerdicts(ctx.instance);
    for (let i = 0; i < all.directives.length; i++) {
      const d = all.directives[i];
      const context = all.contexts[i];
      const verdict = all.verdicts[i];
      if (verdict === undefined) continue;
      let byContext = known.get(d.name);
      if (!byContext) known.set(d.name, (byContext = new Map()));
      let message = byContext.get(context);
      if (message === undefined && !byContext.has(context)) byContext.set(context, (message = needsModuleMessage(d.name, context, ctx.settings, build)));
      if (message) ctx.report({ range: d.nameRange, message });
    }
  },
};

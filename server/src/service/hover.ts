import * as path from 'node:path';
import type { Arg, Directive, Statement } from '../parser/ast';
import { loadDirectiveDocs, loadVariableDocs, lookupDirective, lookupVariable, thirdPartyModuleOf, type BlockContext } from '../reference';
import { placeLabel } from '../rules/source';
import { effective, type Effective } from '../workspace/effective';
import type { FileInstance } from '../workspace/graph';
import { scopeContext, scopeOf, type Scope } from '../workspace/scope';
import type { Workspace } from '../workspace/workspace';
import { rangeContains, toPosRange } from './analyze';
import { defaultProxyHttpVersion, type Settings } from '../rules/settings';
import type { PosRange, Position } from '../rules/types';
import { effectiveConfigOf } from './effectiveConfig';
import { effectiveMarkdown } from './effectiveRender';
import { WS_NOTES } from './wsNotes';

export interface Hover {
  markdown: string;
  range: PosRange;
}

/** The WebSocket-relevant settings shown in an effective-value hover, with nginx's defaults. */
const EFFECTIVE_SHOWN: readonly { name: string; fallback: (s: Settings) => string }[] = [
  { name: 'proxy_http_version', fallback: (s) => defaultProxyHttpVersion(s) },
  { name: 'proxy_read_timeout', fallback: () => '60s' },
  { name: 'proxy_send_timeout', fallback: () => '60s' },
  { name: 'proxy_connect_timeout', fallback: () => '60s' },
  { name: 'proxy_buffering', fallback: () => 'on' },
];

/** The innermost directive whose name or an argument is under the cursor. */
function directiveAt(list: Statement[], pos: Position): { d: Directive; arg?: Arg } | undefined {
  for (const s of list) {
    if (s.kind !== 'directive' || !rangeContains(s.range, pos)) continue;
    if (s.block) {
      const inner = directiveAt(s.block.children, pos);
      if (inner) return inner;
    }
    if (rangeContains(s.nameRange, pos)) return { d: s };
    const arg = s.args.find((a) => rangeContains(a.range, pos));
    if (arg) return { d: s, arg };
  }
  return undefined;
}

function origin(eff: Effective, from: FileInstance): string {
  const first = eff.directives[0];
  if (!first) return "nginx's default";
  if (eff.source === 'here') return `set here (${placeLabel(first, from)})`;
  return `inherited from ${eff.from?.block?.name ?? 'the enclosing block'} (${placeLabel(first, from)})`;
}

const args = (d: Directive): string => d.args.map((a) => a.raw).join(' ');

/** A table of what nginx will use in this block, and where each value comes from. */
export function effectiveTable(scope: Scope, settings: Settings): string {
  const rows = EFFECTIVE_SHOWN.map(({ name, fallback }) => {
    const eff = effective(scope, name);
    const value = eff.directives[0] ? args(eff.directives[0].directive) : fallback(settings);
    return `| \`${name}\` | \`${value}\` | ${origin(eff, scope.instance)} |`;
  });
  // One row per header: VS Code renders hover Markdown without HTML, so no <br> inside a cell.
  const headers = effective(scope, 'proxy_set_header');
  const list = headers.directives.length ? headers.directives.map((p) => args(p.directive)) : ['Host $proxy_host', 'Connection close'];
  list.forEach((h, i) => rows.push(`| ${i === 0 ? '`proxy_set_header`' : ''} | \`${h}\` | ${i === 0 ? origin(headers, scope.instance) : ''} |`));
  return ['**Effective in this block**', '', '| directive | value | from |', '|---|---|---|', ...rows].join('\n');
}

/** How `proxy_pass` passes the request URI on, with an example, and the upstream's servers when it names one. */
function proxyPassNotes(d: Directive, ws: Workspace, instance: FileInstance): string[] {
  const target = d.args[0]?.value ?? '';
  const m = /^(https?|grpcs?):\/\/([^/]+)(\/.*)?$/.exec(target);
  if (!m) return [];
  const out: string[] = [];
  const loc = d.parent.kind === 'directive' && d.parent.name === 'location' ? d.parent : undefined;
  const prefix = loc && loc.args.length === 1 ? loc.args[0].value : undefined;
  if (/\$/.test(target)) out.push('With variables in the address, nginx passes the URI exactly as written (no prefix replacement).');
  else if (m[3] !== undefined && prefix) {
    const example = `${prefix.replace(/\/?$/, '/')}chat`;
    const rest = example.slice(prefix.length);
    out.push(`**URI:** the matched prefix \`${prefix}\` is replaced by \`${m[3]}\`: a request for \`${example}\` reaches the backend as \`${m[3]}${rest}\`.`);
  } else if (m[3] === undefined) out.push('**URI:** passed on unchanged (no path after the host): a request for `/x/y` reaches the backend as `/x/y`.');
  const up = ws.symbols(instance.tree).byName('upstream', m[2].replace(/:\d+$/, ''))[0];
  if (up?.directive.block) {
    const servers = up.directive.block.children.filter((c): c is Directive => c.kind === 'directive').map((c) => `\`${c.name} ${args(c)}\``);
    out.push(`**upstream ${up.name}** (${placeLabel({ directive: up.directive, instance: up.instance }, instance)}): ${servers.join(', ')}`);
  }
  return out;
}

/**
 * nginx's syntax line without its Markdown: `` `~*` `` is a literal in code, `` *`uri`* `` a placeholder in italics;
 * only the emphasis around a code span is markup, so `~*` keeps its star.
 */
export function plainSyntax(syntax: string): string {
  return syntax.replace(/\*?`([^`]*)`\*?/g, '$1');
}

/** A `location` or an http `server` block, whose hover leads with its effective configuration. */
function isEffectiveBlock(d: Directive, ctx: BlockContext | undefined): boolean {
  return !!d.block && ((d.name === 'location' && (ctx === 'server' || ctx === 'location')) || (d.name === 'server' && ctx === 'http'));
}

async function directiveHover(d: Directive, ctx: BlockContext | undefined, instance: FileInstance, ws: Workspace, settings: Settings): Promise<string> {
  const specs = lookupDirective(d.name);
  const spec = specs.find((s) => ctx && s.contexts.includes(ctx)) ?? specs[0];
  const parts: string[] = [];
  const lead = isEffectiveBlock(d, ctx);
  if (lead) parts.push(effectiveMarkdown(effectiveConfigOf(ws, d, instance, settings)));
  if (spec) {
    parts.push(['```nginx', ...spec.syntax.map((s) => `${d.name} ${plainSyntax(s)};`), '```'].join('\n'));
    const facts = [`**Default:** ${spec.default ? `\`${spec.default}\`` : '—'}`, `**Context:** ${spec.contexts.join(', ')}`, `**Module:** [${spec.module}](${spec.url})`];
    if (spec.origin === 'plus') facts.push('**NGINX Plus only**');
    parts.push(facts.join(' · '));
  }
  const third = thirdPartyModuleOf(d.name);
  if (third) parts.push(`From the third-party module **${third.name}**: stock nginx rejects it unless built with that module.`);
  const header = d.name === 'proxy_set_header' ? d.args[0]?.value.toLowerCase() : undefined;
  const note = (header && WS_NOTES[`proxy_set_header:${header}`]) ?? WS_NOTES[d.name];
  if (note) parts.push(`**WebSocket:** ${note}`);
  if (d.name === 'proxy_pass') parts.push(...proxyPassNotes(d, ws, instance));
  // A block's hover stays short: its effective configuration and syntax; the reference text is a click away.
  if (spec && !lead) {
    const docs = await loadDirectiveDocs(spec);
    if (docs) parts.push(docs);
  }
  const scope: Scope = d.block && (d.name === 'location' || d.name === 'server' || d.name === 'if') ? { block: d, instance } : scopeOf(d, instance);
  const inBlock = scopeContext(scope);
  if (lead) return parts.join('\n\n');
  if (inBlock === 'location' || inBlock === 'server' || inBlock === 'if-location' || inBlock === 'if') parts.push(effectiveTable(scope, settings));
  return parts.join('\n\n');
}

/** A directive's name as written: a map's `''` key keeps its quotes. */
function nameText(d: Directive, instance: FileInstance): string {
  return d.nameQuote === 'none' ? d.name : instance.file.text.slice(d.nameRange.start.offset, d.nameRange.end.offset);
}

async function variableHover(name: string, ws: Workspace, instance: FileInstance): Promise<string | undefined> {
  const defs = ws.symbols(instance.tree).byName('variable', name);
  if (defs.length > 0) {
    return defs
      .slice(0, 3)
      .map((def) => {
        const d = def.directive;
        const body = d.block && !d.block.rawBody ? ` {\n${d.block.children.map((c) => (c.kind === 'directive' ? `    ${nameText(c, def.instance)} ${args(c)};` : `    #${c.text}`)).join('\n')}\n}` : ';';
        return `\`$${name}\`, defined in ${path.basename(def.instance.path)}:${d.range.start.line + 1}\n\n\`\`\`nginx\n${d.name} ${args(d)}${body}\n\`\`\``;
      })
      .join('\n\n');
  }
  const spec = lookupVariable(name);
  if (!spec) return undefined;
  const docs = await loadVariableDocs(spec);
  const title = spec.prefix ? `\`$${spec.name}NAME\` (here \`$${name}\`)` : `\`$${name}\``;
  return [`${title} — built in, [${spec.module}](${spec.url})`, docs ?? ''].filter(Boolean).join('\n\n');
}

/** The hover at a position: directive reference and WebSocket notes, effective values, variables and upstreams. */
export async function hover(ws: Workspace, p: string, pos: Position, settings: Settings): Promise<Hover | undefined> {
  const instance = ws.instancesOf(p)[0];
  if (!instance) return undefined;
  const hit = directiveAt(instance.file.children, pos);
  if (!hit) return undefined;
  const { d, arg } = hit;
  if (arg) {
    const offset = arg.range.start.line === pos.line ? pos.character - arg.range.start.character : -1;
    for (const m of arg.raw.matchAll(/\$(?:\{(\w+)\}|(\w+))/g)) {
      const start = m.index ?? 0;
      if (offset >= start && offset <= start + m[0].length) {
        const md = await variableHover(m[1] ?? m[2], ws, instance);
        if (md) return { markdown: md, range: toPosRange(arg.range) };
      }
    }
    if (d.name !== 'proxy_pass') return undefined;
  }
  const markdown = await directiveHover(d, instance.contexts.get(d), instance, ws, settings);
  return markdown ? { markdown, range: toPosRange(arg ? arg.range : d.nameRange) } : undefined;
}

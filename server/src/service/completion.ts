import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Statement } from '../parser/ast';
import { LineIndex } from '../parser/lineIndex';
import { directivesFor, lookupDirective, variables, type BlockContext } from '../reference';
import { bodyContext } from '../workspace/contexts';
import type { FileInstance } from '../workspace/graph';
import type { Workspace } from '../workspace/workspace';
import type { Position } from '../rules/types';

export interface CompletionItem {
  label: string;
  kind: 'directive' | 'value' | 'variable' | 'upstream' | 'file' | 'snippet';
  detail?: string;
  documentation?: string;
  insertText: string;
  /** `snippet`: the insert text has `${1:placeholders}`. */
  format: 'plain' | 'snippet';
}

/** Fixed argument sets worth offering, beyond `on`/`off`. */
const VALUES: Readonly<Record<string, readonly string[]>> = {
  proxy_http_version: ['1.1', '1.0', '2'],
  ssl_protocols: ['TLSv1.2', 'TLSv1.3'],
  proxy_ssl_protocols: ['TLSv1.2', 'TLSv1.3'],
  proxy_buffering: ['off', 'on'],
  proxy_request_buffering: ['off', 'on'],
  proxy_cache: ['off'],
  proxy_redirect: ['off', 'default'],
  error_log: [],
  worker_processes: ['auto'],
};

/** Which snippets fit where their body would stand. */
const SNIPPET_CONTEXTS: Readonly<Record<string, readonly BlockContext[]>> = {
  'ws-location': ['server', 'location'],
  'ws-socketio': ['server', 'location'],
  'ws-map': ['http'],
  'ws-upstream': ['http'],
  'ws-tls-server': ['http'],
  'ws-nginx-conf': ['main'],
};

interface SnippetDef {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

let snippetCache: { prefix: string; body: string; description: string }[] | undefined;

/** The extension's snippets/nginx.json, found beside the bundle or the sources. */
function snippets(): { prefix: string; body: string; description: string }[] {
  if (snippetCache) return snippetCache;
  snippetCache = [];
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'snippets', 'nginx.json');
    if (!fs.existsSync(file)) continue;
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, SnippetDef>;
      for (const s of Object.values(data)) {
        const prefix = Array.isArray(s.prefix) ? s.prefix[0] : s.prefix;
        const body = Array.isArray(s.body) ? s.body.join('\n') : s.body;
        snippetCache.push({ prefix, body, description: s.description ?? '' });
      }
    } catch {
      // A broken snippets file only costs the snippet completions.
    }
    break;
  }
  return snippetCache;
}

/** The context of the innermost block holding `offset`, starting from the file's top-level context `ctx`. */
function contextAt(list: Statement[], offset: number, ctx: BlockContext): BlockContext | undefined {
  for (const s of list) {
    if (s.kind !== 'directive' || !s.block) continue;
    const open = s.block.open.end.offset;
    const close = s.block.close ? s.block.close.start.offset : Infinity;
    if (offset >= open && offset <= close) {
      const inner = bodyContext(s, ctx);
      return inner ? contextAt(s.block.children, offset, inner) : undefined;
    }
  }
  return ctx;
}

/** What stands before the cursor in the current statement: its words so far and the word being typed. */
function statementBefore(text: string, offset: number): { words: string[]; current: string } {
  let i = offset;
  while (i > 0 && !';{}'.includes(text[i - 1])) i--;
  const chunk = text.slice(i, offset).replace(/#[^\n]*/g, ' ');
  const parts = chunk.split(/\s+/);
  const current = parts.pop() ?? '';
  return { words: parts.filter((p) => p.length > 0), current };
}

function includeCandidates(ws: Workspace, instance: FileInstance, typed: string): CompletionItem[] {
  const base = instance.tree.prefix;
  const dirPart = typed.includes('/') ? typed.slice(0, typed.lastIndexOf('/') + 1) : '';
  const dir = path.resolve(base, dirPart || '.');
  const names = ws.host.list(dir) ?? [];
  return names
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((n) => {
      const isDir = ws.host.stat(path.join(dir, n))?.isDirectory ?? false;
      return { label: dirPart + n + (isDir ? '/' : ''), kind: 'file' as const, insertText: dirPart + n + (isDir ? '/' : ''), format: 'plain' as const };
    });
}

export interface Completions {
  /** Where the word being typed starts: every item replaces from here to the cursor. */
  from: Position;
  items: CompletionItem[];
}

/** Completion at a position: directives valid here, fixed argument values, variables, upstream names, include paths, snippets. */
export function completions(ws: Workspace, p: string, pos: Position): Completions {
  const instance = ws.instancesOf(p)[0];
  if (!instance) return { from: pos, items: [] };
  const offset = LineIndex.of(instance.file.text).offsetAt(pos.line, pos.character);
  const { words, current } = statementBefore(instance.file.text, offset);
  const from = { line: pos.line, character: Math.max(0, pos.character - current.length) };
  return { from, items: items(ws, instance, offset, words, current) };
}

function items(ws: Workspace, instance: FileInstance, offset: number, words: string[], current: string): CompletionItem[] {
  const ctx = contextAt(instance.file.children, offset, instance.context);
  if (!ctx) return [];

  const dollar = current.lastIndexOf('$');
  if (dollar >= 0) {
    const lead = current.slice(0, dollar + 1);
    const own = new Set(ws.symbols(instance.tree).definitions.filter((d) => d.kind === 'variable').map((d) => d.name));
    const items: CompletionItem[] = [...own].map((v) => ({ label: `$${v}`, kind: 'variable', detail: 'defined in this configuration', insertText: `${lead}${v}`, format: 'plain' }));
    for (const v of variables()) {
      items.push({ label: `$${v.name}${v.prefix ? '…' : ''}`, kind: 'variable', detail: v.module, insertText: `${lead}${v.name}`, format: 'plain' });
    }
    return items;
  }

  if (words.length === 0) {
    const items: CompletionItem[] = directivesFor(ctx)
      .filter((s) => s.origin !== 'third-party')
      .map((s) => ({
        label: s.name,
        kind: 'directive',
        detail: s.syntax.map((x) => `${s.name} ${x.replace(/[`*]/g, '')}`).join(' | '),
        documentation: `${s.module}${s.origin === 'plus' ? ' (NGINX Plus)' : ''} — ${s.url}`,
        insertText: s.name,
        format: 'plain',
      }));
    const seen = new Set<string>();
    const unique = items.filter((i) => (seen.has(i.label) ? false : (seen.add(i.label), true)));
    for (const s of snippets()) {
      if (SNIPPET_CONTEXTS[s.prefix]?.includes(ctx)) unique.push({ label: s.prefix, kind: 'snippet', detail: s.description, insertText: s.body, format: 'snippet' });
    }
    return unique;
  }

  const name = words[0];
  if (name === 'include') return includeCandidates(ws, instance, current);
  if (name === 'proxy_pass' || name === 'grpc_pass') {
    const scheme = /^(https?|grpcs?):\/\//.exec(current)?.[0] ?? 'http://';
    return ws
      .symbols(instance.tree)
      .definitions.filter((d) => d.kind === 'upstream')
      .map((d) => ({ label: `${scheme}${d.name}`, kind: 'upstream', detail: `upstream in ${path.basename(d.instance.path)}`, insertText: `${scheme}${d.name}`, format: 'plain' }));
  }
  const fixed = VALUES[name];
  const onOff = lookupDirective(name).some((s) => s.onOff);
  const values = fixed && fixed.length ? fixed : onOff ? ['on', 'off'] : [];
  return values.map((v) => ({ label: v, kind: 'value', insertText: v, format: 'plain' }));
}

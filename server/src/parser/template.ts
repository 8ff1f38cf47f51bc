import * as path from 'node:path';
import { isBuiltinVariable } from '../reference';
import type { ConfigFile, Statement } from './ast';
import { parse } from './parse';

/** The parse of a file: of the config it renders to when it is a template, of its text otherwise. */
export function parseConfigOrTemplate(text: string, filePath: string, globs: readonly string[] = []): ConfigFile {
  const view = readTemplate(text, filePath, globs);
  if (!view) return parse(text);
  const file = parse(view.text);
  // Positions are the template's (same length, same lines); the text is what the editor shows.
  file.text = text;
  file.template = view.info;
  return file;
}

/** The template languages nginx configs are written in, as nginx-ws tells them apart. */
export type TemplateLanguage = 'go' | 'jinja' | 'mustache' | 'erb' | 'etlua' | 'envsubst' | 'placeholders' | 'docs';

/**
 * What a tag stands for in the rendered config: `word` part of a directive (an opaque value), `statement` whole
 * directives nginx-ws cannot see (`{{ template "x" . }}`, `{% include %}`), `control` nothing by itself
 * (`{% if %}`, `{{ end }}`, comments, assignments).
 */
export type TagRole = 'word' | 'statement' | 'control';

export interface TemplateTag {
  start: number;
  end: number;
  role: TagRole;
}

export interface TemplateInfo {
  language: TemplateLanguage;
  /** What showed that the file is a template. */
  by: 'name' | 'setting' | 'content';
  /** Every tag read as the config, in file order (tags inside blanked bodies are left out). */
  tags: TemplateTag[];
  /** Bodies of `{{ define }}` / `{% macro %}`: rendered elsewhere, blanked here. */
  blanked: { start: number; end: number }[];
  /** Set when the braces cannot be followed through the branches: nginx-ws then says only that. */
  unknownStructure?: { start: number; end: number; reason: string };
}

export interface TemplateView {
  /** The config as nginx-ws reads it: same length and line breaks as the template, tags replaced. */
  text: string;
  info: TemplateInfo;
}

const BY_EXTENSION: Record<string, TemplateLanguage> = {
  '.tmpl': 'go',
  '.gotmpl': 'go',
  '.j2': 'jinja',
  '.jinja': 'jinja',
  '.jinja2': 'jinja',
  '.erb': 'erb',
  '.etlua': 'etlua',
  '.template': 'envsubst',
};

export const LANGUAGE_NAMES: Record<TemplateLanguage, string> = {
  go: 'Go template',
  jinja: 'Jinja template',
  mustache: 'template with {{ }} placeholders',
  erb: 'ERB template',
  etlua: 'etlua template',
  envsubst: 'envsubst template',
  placeholders: 'template with ${...} placeholders',
  docs: 'documentation excerpt with placeholders ({ip}, <name>, ...)',
};

/**
 * What a documentation page or an entrypoint script leaves to fill in: a line of `...`, `__PORT__`, `{ip}` glued to a port or path,
 * `<monitoring system>` as an argument (not a `(?<name>` capture). nginx would refuse each as written.
 */
const DOC_PLACEHOLDER = /(?<=^[ \t]*)(?:\.\.\.|\u2026)(?=[ \t]*$)|\b__[A-Z][A-Z0-9_]*__\b|\{[a-z][a-z0-9_]*\}(?=[:./])|(?<=[\s:])<[a-z][a-z0-9 _-]*>(?=[\s;:])/gm;

/** Cheap first look: most configs have none of these and are never read twice. */
const MAYBE_TAG = /__[A-Z]|\{\{|\{%|<%|\$\{[^}\n]*[^\w}\n][^}\n]*\}|\$\{?[A-Z][A-Z0-9_]*\b|\.\.\.|\u2026|\{[a-z]|<[a-z]/;

/** Upper bound on tags read per file: a broken file must not cost more than the parse. */
const MAX_TAGS = 50_000;

/**
 * Reads a file as a template when its name, a `nginxWs.templates` glob or its content says it is one; undefined
 * for a plain config (the common case, decided without a second parse).
 */
export function readTemplate(text: string, filePath: string, globs: readonly string[] = []): TemplateView | undefined {
  const ext = path.extname(filePath).toLowerCase();
  const named = BY_EXTENSION[ext];
  // `.tpl` is used by every engine: the tags tell which.
  const byName = named !== undefined || ext === '.tpl';
  const bySetting = !byName && globs.length > 0 && matchesGlobs(filePath, globs);
  if (!byName && !bySetting && !MAYBE_TAG.test(text)) return undefined;
  const skip = nginxOpaqueRanges(text);
  const language = named ?? languageByContent(text, skip) ?? (byName || bySetting ? 'envsubst' : undefined);
  if (!language) return undefined;
  // Named a template, a `${name}` that nginx does not know is envsubst's whatever its case.
  const lexed = lexTags(text, language, skip, byName || bySetting);
  if (lexed.length === 0) return undefined;
  // Tags in comments alone do not make a template of a file that nothing else says is one.
  if (!byName && !bySetting && lexed.every((t) => inSpans(t.start, skip.comments))) return undefined;
  return render(text, language, byName ? 'name' : bySetting ? 'setting' : 'content', lexed, skip);
}

/** `**` any folders, `*` and `?` within a name; a pattern without `/` matches the file name in any folder. */
export function matchesGlobs(filePath: string, globs: readonly string[]): boolean {
  const p = filePath.split(path.sep).join('/');
  return globs.some((g) => {
    if (typeof g !== 'string' || g.trim() === '') return false;
    const re = globRegExp(g.includes('/') ? g.replace(/^\.\//, '') : `**/${g}`);
    return re.test(p) || re.test(p.replace(/^\//, ''));
  });
}

const globCache = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      src += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A relative pattern may match from any folder down: `templates/*.conf` names files in every `templates/`.
  re = new RegExp(`(^|/)${src}$`);
  if (globCache.size > 200) globCache.clear();
  globCache.set(glob, re);
  return re;
}

interface Span {
  start: number;
  end: number;
}

interface NginxOpaque {
  /** `*_by_lua_block` bodies: their `{{`, `{%` belong to Lua (lua-resty-template), not to a file template. */
  lua: Span[];
  /** `#` comments: a tag that only appears in them does not make a file a template. */
  comments: Span[];
  /** Quoted arguments: naxsi's `"$SQL >= 8"` is a score name, not a variable to fill in. */
  quoted: Span[];
}

function nginxOpaqueRanges(text: string): NginxOpaque {
  const out: NginxOpaque = { lua: [], comments: [], quoted: [] };
  const walk = (list: Statement[]): void => {
    for (const s of list) {
      if (s.kind === 'comment') {
        out.comments.push({ start: s.range.start.offset, end: s.range.end.offset });
        continue;
      }
      for (const a of s.args) if (a.quote !== 'none') out.quoted.push({ start: a.range.start.offset, end: a.range.end.offset });
      if (s.block?.rawBody) out.lua.push({ start: s.block.rawBody.range.start.offset, end: s.block.rawBody.range.end.offset });
      else if (s.block) walk(s.block.children);
    }
  };
  walk(parse(text).children);
  return out;
}

function inSpans(offset: number, spans: Span[]): boolean {
  return spans.some((s) => offset >= s.start && offset < s.end);
}

/** The language the tags are written in, from the tags outside Lua bodies. */
function languageByContent(text: string, skip: NginxOpaque): TemplateLanguage | undefined {
  const found = (re: RegExp): RegExpExecArray[] => [...text.matchAll(re)].filter((m) => !inSpans(m.index, skip.lua));
  if (found(/\{%-?\s*[a-z]+[\s\S]{0,500}?%\}/g).length > 0) return 'jinja';
  const curly = found(/\{\{[\s\S]{0,2000}?\}\}/g);
  if (curly.length > 0) {
    const go = curly.some((m) => /^\{\{-?\s*(\.|\$|if\b|range\b|end\b|with\b|define\b|template\b|block\b|\/\*)/.test(m[0]) || /-\}\}$/.test(m[0]));
    return go ? 'go' : 'mustache';
  }
  const angle = found(/<%[\s\S]{0,2000}?%>/g);
  if (angle.length > 0) return angle.some((m) => /\bthen\b|\blocal\b|\bngx\.|\bdo\s*-?%>/.test(m[0]) && !/\|\s*-?%>/.test(m[0])) ? 'etlua' : 'erb';
  if (found(/\$\{[^}\n]*[^\w}\n][^}\n]*\}/g).length > 0) return 'placeholders';
  // Upper case and unknown to nginx: what envsubst or a `sed` fills in. nginx would refuse each as an unknown variable.
  const upper = found(/\$\{([A-Z][A-Z0-9_]*)\}|\$([A-Z][A-Z0-9_]*)\b/g).filter(
    (m) => !inSpans(m.index, skip.comments) && (m[1] !== undefined || !inSpans(m.index, skip.quoted)),
  );
  if (upper.some((m) => isEnvName(text, m[1] ?? m[2] ?? ''))) return 'envsubst';
  if (found(DOC_PLACEHOLDER).some((m) => !inSpans(m.index, skip.comments) && !inSpans(m.index, skip.quoted))) return 'docs';
  return undefined;
}

/** An upper-case name that neither nginx nor the file defines. */
function isEnvName(text: string, name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name) && !isBuiltinVariable(name.toLowerCase()) && !definesVariable(text, name);
}

const definedCache: { text: string; names: Set<string> } = { text: '', names: new Set() };

/** `set $NAME`, `map ... $NAME` and the like in the file itself: then `${NAME}` is nginx's, not envsubst's. */
function definesVariable(text: string, name: string): boolean {
  if (definedCache.text !== text) {
    const names = new Set<string>();
    for (const m of text.matchAll(/(?:^|[\s;{])(?:set|map|geo|split_clients|js_set|perl_set|set_by_lua\w*)\s+[^;{#\n]*/gi)) {
      for (const v of m[0].matchAll(/\$\{?(\w+)/g)) names.add(v[1].toLowerCase());
    }
    definedCache.text = text;
    definedCache.names = names;
  }
  return definedCache.names.has(name.toLowerCase());
}

type ControlKind = 'open' | 'middle' | 'close' | 'neutral' | 'define';

interface Lexed extends Span {
  /** The code inside the delimiters, trimmed, without whitespace-control dashes. */
  code: string;
  output: boolean;
  control: ControlKind;
}

function lexTags(text: string, language: TemplateLanguage, skip: NginxOpaque, anyCase: boolean): Lexed[] {
  const out: Lexed[] = [];
  const re =
    language === 'erb' || language === 'etlua'
      ? /<%([\s\S]*?)%>/g
      : language === 'envsubst'
        ? /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Z_][A-Z0-9_]*)\b/g
        : language === 'placeholders'
          ? /\$\{([^}\n]*)\}/g
          : language === 'docs'
            ? DOC_PLACEHOLDER
          : language === 'jinja'
            ? /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}|\{#([\s\S]*?)#\}/g
            : /\{\{([\s\S]*?)\}\}/g;
  for (const m of text.matchAll(re)) {
    if (out.length >= MAX_TAGS) break;
    if (inSpans(m.index, skip.lua)) continue;
    const tag = classify(m, language, text, anyCase);
    if (tag) out.push(tag);
  }
  return out;
}

function classify(m: RegExpExecArray, language: TemplateLanguage, text: string, anyCase: boolean): Lexed | undefined {
  const start = m.index;
  const end = start + m[0].length;
  const raw = m[0];
  if (language === 'envsubst') {
    const name = m[1] ?? m[2] ?? '';
    // nginx's own variables (`$host`, a lower-case `${name}`, `$HOSTNAME`) stay nginx's: envsubst names are upper case.
    const braced = m[1] !== undefined;
    if (!isEnvName(text, name) && !(anyCase && braced && !isBuiltinVariable(name.toLowerCase()) && !definesVariable(text, name))) return undefined;
    return { start, end, code: name, output: true, control: 'neutral' };
  }
  if (language === 'docs') return { start, end, code: raw, output: true, control: 'neutral' };
  if (language === 'placeholders') {
    const name = m[1] ?? '';
    if (/^[A-Za-z0-9_]+$/.test(name)) return undefined;
    return { start, end, code: name, output: true, control: 'neutral' };
  }
  if (language === 'erb' || language === 'etlua') {
    const body = raw.slice(2, -2);
    const output = body.startsWith('=') || (language === 'etlua' && body.startsWith('-'));
    if (body.startsWith('#')) return { start, end, code: '', output: false, control: 'neutral' };
    const code = body.replace(/^[=-]/, '').replace(/-$/, '').trim();
    return { start, end, code, output, control: output ? 'neutral' : angleControl(code, language) };
  }
  if (raw.startsWith('{#')) return { start, end, code: '', output: false, control: 'neutral' };
  const code = raw
    .slice(2, -2)
    .replace(/^[-+~]/, '')
    .replace(/[-+~]$/, '')
    .trim();
  if (raw.startsWith('{%')) return { start, end, code, ...jinjaStatement(code) };
  if (language === 'go') return { start, end, code, ...goAction(code) };
  return { start, end, code, output: true, control: 'neutral' };
}

function goAction(code: string): { output: boolean; control: ControlKind } {
  const word = /^[a-z]+/.exec(code)?.[0] ?? '';
  if (code.startsWith('/*')) return { output: false, control: 'neutral' };
  if (word === 'define') return { output: false, control: 'define' };
  if (word === 'if' || word === 'range' || word === 'with' || word === 'block') return { output: false, control: 'open' };
  if (word === 'else') return { output: false, control: 'middle' };
  if (word === 'end') return { output: false, control: 'close' };
  if (word === 'break' || word === 'continue') return { output: false, control: 'neutral' };
  if (/^\$[\w.]*\s*:?=/.test(code)) return { output: false, control: 'neutral' };
  return { output: true, control: 'neutral' };
}

const JINJA_OPEN = new Set(['if', 'for', 'with', 'filter', 'autoescape', 'block', 'call', 'raw', 'trans']);
const JINJA_DEFINE = new Set(['macro']);
const JINJA_MIDDLE = new Set(['elif', 'else', 'pluralize']);

function jinjaStatement(code: string): { output: boolean; control: ControlKind } {
  const word = /^[a-z_]+/.exec(code)?.[0] ?? '';
  if (JINJA_DEFINE.has(word)) return { output: false, control: 'define' };
  if (JINJA_OPEN.has(word)) return { output: false, control: 'open' };
  // `{% set x %}...{% endset %}` captures a block; `{% set x = 1 %}` does not.
  if (word === 'set' && !code.includes('=')) return { output: false, control: 'define' };
  if (JINJA_MIDDLE.has(word)) return { output: false, control: 'middle' };
  if (word.startsWith('end')) return { output: false, control: 'close' };
  // lua-resty-template writes `{% end %}` too; `include` renders another file in place.
  if (word === 'include') return { output: true, control: 'neutral' };
  return { output: false, control: 'neutral' };
}

/** Ruby or Lua code in `<% %>`: whether it opens, continues or closes a block of template lines. */
function angleControl(code: string, language: TemplateLanguage): ControlKind {
  const c = code.replace(/--.*$|#.*$/gm, '').trim();
  if (/^end\b/.test(c)) return /\b(do|then)\s*(\|[^|]*\|)?$/.test(c) ? 'middle' : 'close';
  if (/^(else|elsif|elseif|when)\b/.test(c)) return 'middle';
  if (language === 'erb' ? /^(if|unless|while|until|case|for)\b|\bdo\s*(\|[^|]*\|)?$/.test(c) : /\b(then|do)$|^(if|for|while)\b|function\s*\([^)]*\)$/.test(c))
    return 'open';
  return 'neutral';
}

/** Characters the rendered text may not change: line breaks keep every position on its line. */
function blank(chars: string[], from: number, to: number, fill: string): void {
  for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = fill;
}

function render(text: string, language: TemplateLanguage, by: TemplateInfo['by'], lexed: Lexed[], skip: NginxOpaque): TemplateView {
  // UTF-16 code units, as every offset counts them.
  const chars = text.split('');
  const blanked: Span[] = [];
  const tags: TemplateTag[] = [];
  const controls: { tag: Lexed; kind: ControlKind }[] = [];

  // Define bodies first: what is inside them is rendered where `{{ template }}` calls them, not here.
  const kept: Lexed[] = [];
  const stack: { tag: Lexed; define: boolean }[] = [];
  for (const t of lexed) {
    const inDefine = stack.some((s) => s.define);
    if (t.control === 'open' || t.control === 'define') stack.push({ tag: t, define: t.control === 'define' });
    else if (t.control === 'close') {
      const top = stack.pop();
      if (top?.define && !stack.some((s) => s.define)) {
        blanked.push({ start: top.tag.start, end: t.end });
        continue;
      }
    }
    if (!inDefine) kept.push(t);
  }
  const openDefine = stack.find((s) => s.define);
  if (openDefine) blanked.push({ start: openDefine.tag.start, end: text.length });
  for (const b of blanked) blank(chars, b.start, b.end, ' ');
  const live = kept.filter((t) => !blanked.some((b) => t.start >= b.start && t.start < b.end));

  const liveAt = new Map(live.map((t) => [t.start, t]));
  for (const t of live) {
    let role: TagRole;
    if (!t.output) role = 'control';
    // Inside a quoted value (a `return 200 '...'` page), a tag alone on its line is still part of that value.
    else role = !inSpans(t.start, skip.quoted) && atStatementPosition(chars, text, t, liveAt) ? 'statement' : 'word';
    blank(chars, t.start, t.end, role === 'word' ? '_' : ' ');
    tags.push({ start: t.start, end: t.end, role });
    if (t.control !== 'neutral') controls.push({ tag: t, kind: t.control });
  }
  const rendered = chars.join('');
  const unknownStructure = openDefine
    ? { start: openDefine.tag.start, end: openDefine.tag.end, reason: `\`${shorten(openDefine.tag.code)}\` is never closed` }
    : followBraces(rendered, controls, skip.lua);
  return { text: rendered, info: { language, by, tags, blanked, unknownStructure } };
}

/** A tag alone between statements (after `;`, `{`, `}` or a line start, before the line's end) stands for directives. */
function atStatementPosition(chars: string[], text: string, t: Lexed, liveAt: ReadonlyMap<number, Lexed>): boolean {
  let i = t.start - 1;
  while (i >= 0 && (chars[i] === ' ' || chars[i] === '\t')) i--;
  if (i >= 0 && !/[\n\r;{}]/.test(chars[i])) return false;
  let j = t.end;
  for (;;) {
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    const next = liveAt.get(j);
    if (!next) break;
    j = next.end;
  }
  return j >= text.length || text[j] === '\n' || text[j] === '\r' || text[j] === '#' || text[j] === '}';
}

interface BraceEvent {
  offset: number;
  delta: 1 | -1;
}

/** nginx's `{` and `}` in the rendered text: outside quotes, comments, `${var}` and Lua bodies. */
function braceEvents(text: string, lua: Span[]): BraceEvent[] {
  const out: BraceEvent[] = [];
  let quote = '';
  let luaIx = 0;
  const sorted = [...lua].sort((a, b) => a.start - b.start);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (luaIx < sorted.length && i >= sorted[luaIx].start) {
      i = Math.max(i, sorted[luaIx].end - 1);
      luaIx++;
      continue;
    }
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '\\') i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s;{}]/.test(text[i - 1]))) quote = c;
    else if (c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      if (close !== -1) i = close;
    } else if (c === '{') out.push({ offset: i, delta: 1 });
    else if (c === '}') out.push({ offset: i, delta: -1 });
  }
  return out;
}

interface Branch {
  net: number;
  low: number;
}

/**
 * Both branches of every `if` are kept, so every branch must open as many braces as it closes; a loop body too.
 * Otherwise which `}` closes which block depends on the tags' values: say so instead of guessing.
 */
function followBraces(
  text: string,
  controls: { tag: Lexed; kind: ControlKind }[],
  lua: Span[],
): TemplateInfo['unknownStructure'] {
  const events = braceEvents(text, lua);
  const frames: { tag: Lexed; branch: Branch }[] = [];
  const top: Branch = { net: 0, low: 0 };
  let e = 0;
  const current = (): Branch => frames[frames.length - 1]?.branch ?? top;
  const advance = (upTo: number): void => {
    for (; e < events.length && events[e].offset < upTo; e++) {
      const b = current();
      b.net += events[e].delta;
      b.low = Math.min(b.low, b.net);
    }
  };
  const unbalanced = (b: Branch): boolean => b.net !== 0 || b.low < 0;
  const where = (t: Lexed): string => `\`${shorten(t.code)}\``;
  for (const { tag, kind } of controls) {
    advance(tag.start);
    if (kind === 'open') frames.push({ tag, branch: { net: 0, low: 0 } });
    else if (kind === 'middle' || kind === 'close') {
      const f = frames[frames.length - 1];
      if (!f) return { start: tag.start, end: tag.end, reason: `${where(tag)} closes nothing that was opened` };
      if (unbalanced(f.branch)) return { start: f.tag.start, end: f.tag.end, reason: `the braces of the ${where(f.tag)} branch do not match up inside it` };
      if (kind === 'middle') f.branch = { net: 0, low: 0 };
      else frames.pop();
    }
  }
  advance(Infinity);
  const open = frames[0];
  if (open) return { start: open.tag.start, end: open.tag.end, reason: `${where(open.tag)} is never closed` };
  return undefined;
}

function shorten(code: string): string {
  const one = code.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

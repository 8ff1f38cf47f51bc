import type { ConfigFile, Directive, Statement } from '../parser/ast';
import { LineIndex } from '../parser/lineIndex';
import type { TemplateInfo } from '../parser/template';
import type { Finding } from './types';

/** The rule that says how a template is read; its one finding always stays. */
export const TEMPLATE_RULE = 'template';

/** Rules that judge a directive by itself: what else its block holds cannot change their verdict. */
const ON_ITS_OWN: ReadonlySet<string> = new Set(['unknown-directive', 'needs-module', 'directive-context', 'directive-args', 'include-not-found', 'include-cycle', 'include-limit']);

/** Rules whose verdict depends on the modules nginx loads. */
const MODULE_RULES: ReadonlySet<string> = new Set(['unknown-directive', 'needs-module', 'directive-context']);

/** Rules about names that some other file of the config may define. */
const NAMES_FROM_ELSEWHERE: ReadonlySet<string> = new Set(['undefined-variable', 'undefined-zone', 'undefined-upstream']);

/**
 * In a template, the findings that hold for every value of the tags. Dropped: a finding on a tag, one on a directive
 * that a tag helps write, and one inside a block where a tag stands for whole directives (they could be anything).
 * When the braces cannot be followed through the branches, only the template finding is left. A template that no
 * config includes as it stands is rendered to a file whose place is unknown: names it uses are not judged.
 */
export function templateFindings(file: ConfigFile, findings: Finding[], where: { includedAsIs: boolean; mainContext: boolean }): Finding[] {
  const info = file.template;
  if (!info) return findings;
  if (info.unknownStructure) return findings.filter((f) => f.rule === TEMPLATE_RULE);
  // nginx includes what a template renders to, wherever it is written; names may be defined around that file.
  if (!where.includedAsIs) findings = findings.filter((f) => !NAMES_FROM_ELSEWHERE.has(f.rule));
  const index = LineIndex.of(file.text);
  const opaque = opaqueBlocks(file, info);
  // Hidden directives at the top of a main config may be `load_module` lines: any directive may then be known.
  const modulesUnknown = where.mainContext && opaque.has(file);
  // Fixes are edits computed on the rendered config; `--fix` must not rewrite a template it only half reads.
  return findings
    .filter((f) => {
      if (f.rule === TEMPLATE_RULE) return true;
      const start = index.offsetAt(f.range.start.line, f.range.start.character);
      const end = index.offsetAt(f.range.end.line, f.range.end.character);
      if (touchesTag(info, start, end)) return false;
      if (f.rule === 'syntax') return true;
      const chain = directivesAt(file.children, start);
      if (chain.some((d) => headerHasTag(d, info) && start < headerEnd(d))) return false;
      // Hidden directives can only add to a block: they cannot make a directive's own name, place or arguments right.
      if (!ON_ITS_OWN.has(f.rule) && (opaque.has(file) || chain.some((d) => opaque.has(d)))) return false;
      if (modulesUnknown && MODULE_RULES.has(f.rule)) return false;
      return true;
    })
    // Built afresh: reading `fixes` of a lazy finding would compute the edits only to drop them.
    .map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, uri: f.uri, range: f.range, fixes: [] }));
}

function touchesTag(info: TemplateInfo, start: number, end: number): boolean {
  const hit = (s: number, e: number): boolean => (start === end ? start >= s && start < e : start < e && end > s);
  // Tags are in file order and do not overlap: only those from the last one starting before `end` back can touch.
  const tags = info.tags;
  let lo = 0;
  let hi = tags.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tags[mid].start <= Math.max(start, end)) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = last; i >= 0 && tags[i].end > start - 1; i--) if (tags[i].role !== 'control' && hit(tags[i].start, tags[i].end)) return true;
  return info.blanked.some((b) => hit(b.start, b.end));
}

/** From the file's top down, the directives whose span holds the offset (a binary search at each level). */
function directivesAt(list: Statement[], offset: number): Directive[] {
  const out: Directive[] = [];
  let level: Statement[] | undefined = list;
  while (level) {
    let lo = 0;
    let hi = level.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (level[mid].range.start.offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const s: Statement | undefined = found >= 0 ? level[found] : undefined;
    if (!s || s.kind !== 'directive' || offset >= Math.max(s.range.end.offset, s.range.start.offset + 1)) break;
    out.push(s);
    level = s.block?.children;
  }
  return out;
}

/** Where the name and arguments end: at the `{`, or the `;`. */
function headerEnd(d: Directive): number {
  return d.block ? d.block.open.start.offset : (d.semicolon?.end.offset ?? d.range.end.offset);
}

function headerHasTag(d: Directive, info: TemplateInfo): boolean {
  const s = d.range.start.offset;
  const e = headerEnd(d);
  const tags = info.tags;
  let lo = 0;
  let hi = tags.length;
  // The first tag that ends after the header starts.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tags[mid].end <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo < tags.length && tags[lo].start < e;
}

/**
 * The file and the directives whose blocks hold, directly, a tag standing for directives, or a directive whose name
 * a tag writes: what they contain, and so what their children inherit, is not known.
 */
function opaqueBlocks(file: ConfigFile, info: TemplateInfo): Set<ConfigFile | Directive> {
  const out = new Set<ConfigFile | Directive>();
  for (const t of info.tags) {
    if (t.role === 'control') continue;
    const chain = directivesAt(file.children, t.start);
    const owner = chain[chain.length - 1];
    if (t.role === 'statement') {
      out.add(owner ?? file);
    } else if (owner && t.start < owner.nameRange.end.offset) {
      out.add(owner);
      out.add(chain[chain.length - 2] ?? file);
    }
  }
  return out;
}

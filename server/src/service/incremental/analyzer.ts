import * as path from 'node:path';
import { isModSecurityRulesFile } from '../../analysis/foreignFile';
import { rules } from '../../rules';
import type { Fix, PosRange, Rule, RuleContext, Severity } from '../../rules/types';
import type { FileInstance } from '../../workspace/graph';
import type { Workspace } from '../../workspace/workspace';
import { pathToUri } from '../../workspace/uri';
import { analyzeInstance, finishFindings, ruleLevel, runRule, toPosRange, type InstanceAnalyzer } from '../analyze';
import { withLazyFixes } from '../lazyFixes';
import type { Settings } from '../../rules/settings';
import type { Finding } from '../types';
import { definedBefore, factsOf } from './facts';
import { acrossBlocksNow, isBlockLocal } from './locality';
import { directiveSyntaxErrors, syntaxFindings, type SyntaxCandidate } from './syntaxParts';
import { layoutOf, statementAtLine, unitAt, type Layout, type Unit } from './units';
import { restrictedView, type View } from './view';

/** A finding of a unit, its lines counted from the unit's first line (its characters are the file's). */
interface Cached {
  severity: Severity;
  message: string;
  sl: number;
  sc: number;
  el: number;
  ec: number;
}

/** What the block-local rules found in one unit. */
interface Entry {
  /** See `Run.variantOf`: entries are found by the unit's text, then this. */
  variant: string;
  /** By the rule's place in `rules` (SYNTAX_PART after them): read per rule and unit on every edit, so not a map. */
  perRule: (Cached[] | undefined)[];
  /** A message names this file by name and line: the entry holds only while no unit or shell statement has moved. */
  positional: boolean;
  /** The slot's `linesId` when it was made. */
  lines: number;
  /** The unit's first line when it was made, and whether a message names a line of the unit itself. */
  startLine: number;
  ownLines: boolean;
  /** The statements outside the unit whose lines a message names (`line 12`): each must still start there, unchanged. */
  refs: { start: number; text: string }[];
}

/** The cache of one instance of a file. */
interface Slot {
  facts: string;
  /** By unit text. */
  entries: Map<string, Entry[]>;
  /** The layout's lines at the last run, and a number that changes with them (cheaper to compare per entry). */
  lines: string;
  linesId: number;
  /** Block-local rules that reported in the shell at their last whole run: they run whole until they stop. */
  shellRules: Set<string>;
}

/** What the last analyses re-ran, for the benchmark and the tests. */
export interface IncrementalStats {
  /** Instances analysed. */
  analyses: number;
  /** Of them, analysed from scratch (fewer than two units, a template, or the facts changed). */
  whole: number;
  /** Units seen, and units whose block-local findings were computed again. */
  units: number;
  rerun: number;
}

const SYNTAX = 'syntax';
/** Where each unit's directive errors are kept among its rules' findings. */
const SYNTAX_PART = rules.length;
const RULE_SLOT = new Map(rules.map((r, i) => [r.id, i]));

function slotOf(rule: Rule): number {
  return RULE_SLOT.get(rule.id) as number;
}
/** A message that names a line of this file (`line 12`) is true while what stands there has not moved. */
const NAMES_A_LINE = /\bline (\d+)/g;
/** `nginx.conf:12`: a line of a file by name, this one's too when it is included twice (then every move counts). */
const NAMES_THIS_FILE = /([\w.-]+):\d/g;
/** Open documents, each with its instances: the least recently analysed cache goes first. */
const MAX_SLOTS = 64;

/**
 * Analysis that re-runs, after an edit, only what can depend on it. A file's top-level blocks (its `server`,
 * `upstream` and `map` blocks at http level, `events`, ...) are units; the block-local rules' findings are kept per
 * unit, keyed by the unit's text, and reused while everything else they may read is unchanged (`factsOf`). The
 * other rules run over the whole file each time. The findings equal those of `analyzeInstance`, in the same order.
 */
export class IncrementalAnalysis {
  private readonly slots = new Map<string, Slot>();
  readonly stats: IncrementalStats = { analyses: 0, whole: 0, units: 0, rerun: 0 };
  /** The last instance analysed: its units and how many were re-run (all of them when it was analysed whole). */
  last: { path: string; units: number; rerun: number; whole: boolean; wholeRules: number } | undefined;

  /** For `analyzePath`. */
  readonly analyzeInstance: InstanceAnalyzer = (ws, instance, settings) => this.analyze(ws, instance, settings);

  analyze(ws: Workspace, instance: FileInstance, settings: Settings): Finding[] {
    this.stats.analyses++;
    const symbols = ws.symbols(instance.tree);
    const file = instance.file;
    const key = slotKey(instance);
    const layout = file.template || isModSecurityRulesFile(instance) ? undefined : layoutOf(instance);
    if (!layout || layout.units.length < 2) {
      this.slots.delete(key);
      this.stats.whole++;
      this.last = { path: instance.path, units: layout?.units.length ?? 0, rerun: layout?.units.length ?? 0, whole: true, wholeRules: rules.length };
      return analyzeInstance(ws, instance, settings);
    }
    const across = acrossBlocksNow(instance, symbols, layout);
    const facts = `${across.join(',')}\u0003${factsOf(ws, instance, symbols, settings, layout)}`;
    let slot = this.slots.get(key);
    this.slots.delete(key);
    if (!slot || slot.facts !== facts) slot = { facts, entries: new Map(), lines: layout.lines, linesId: 0, shellRules: new Set() };
    while (this.slots.size >= MAX_SLOTS) this.slots.delete(this.slots.keys().next().value as string);
    this.slots.set(key, slot);
    if (slot.lines !== layout.lines) {
      slot.lines = layout.lines;
      slot.linesId++;
    }
    const before = definedBefore(instance, symbols, layout);
    const run = new Run(slot, layout, before, new Set(across), { uri: pathToUri(instance.path), file, rootContext: instance.context, settings, instance, symbols });
    const findings: Finding[] = [];
    for (const rule of rules) {
      const level = ruleLevel(rule, settings);
      if (level !== 'off') run.rule(rule, level, findings);
    }
    slot.entries = run.entries();
    this.stats.units += layout.units.length;
    this.stats.rerun += run.rerun.size;
    const whole = run.rerun.size === layout.units.length;
    if (whole) this.stats.whole++;
    this.last = { path: instance.path, units: layout.units.length, rerun: run.rerun.size, whole, wholeRules: run.wholeRules };
    return finishFindings(instance, findings);
  }
}

/** One analysis of one instance against its slot. */
class Run {
  private readonly current: (Entry | undefined)[];
  private readonly touched = new Set<Entry>();
  private readonly views = new Map<string, View>();
  private readonly wholeRuns = new Map<string, Finding[]>();
  /** Units whose findings were computed in this run, by index. */
  readonly rerun = new Set<number>();
  /** Rules run over the whole file in this run. */
  wholeRules = 0;

  constructor(
    private readonly slot: Slot,
    private readonly layout: Layout,
    private readonly before: readonly string[],
    /** Conditional rules that look across blocks in this state: they run whole. */
    private readonly across: ReadonlySet<string>,
    private readonly ctx: Omit<RuleContext, 'report'>,
  ) {
    this.current = layout.units.map((u) => {
      const variant = this.variantOf(u);
      const e = slot.entries.get(u.text)?.find((x) => x.variant === variant);
      return e && this.holds(e, u) ? e : undefined;
    });
  }

  rule(rule: Rule, level: Severity, out: Finding[]): void {
    if (rule.id === SYNTAX && this.syntax(level, out)) return;
    if (!isBlockLocal(rule.id) || this.across.has(rule.id) || this.slot.shellRules.has(rule.id)) return this.whole(rule, level, out);
    const units = this.layout.units;
    const at = slotOf(rule);
    const dirty = units.filter((u) => this.current[u.index]?.perRule[at] === undefined);
    if (dirty.length === units.length) return this.whole(rule, level, out);
    if (dirty.length > 0 && !this.restricted(rule, level, dirty)) return this.whole(rule, level, out);
    this.fromCache(rule, level, out);
  }

  /**
   * The syntax rule from each unit's directive errors, kept per unit, and the file's own (see syntaxParts.ts); false
   * when working them out failed, and the rule must run as it is.
   */
  private syntax(level: Severity, out: Finding[]): boolean {
    const units = this.layout.units;
    const dirty = units.filter((u) => this.current[u.index]?.perRule[SYNTAX_PART] === undefined);
    let found: SyntaxCandidate[];
    try {
      found = directiveSyntaxErrors(dirty.length === units.length ? this.ctx.instance : this.viewOf(dirty).instance);
    } catch {
      return false;
    }
    const chosen = new Set(dirty);
    const shell: SyntaxCandidate[] = [];
    const perUnit = new Map<number, Cached[]>();
    for (const c of found) {
      const u = this.unitOf(c.range);
      if (!u) shell.push(c);
      else if (chosen.has(u)) push(perUnit, u.index, this.cached(c, u));
    }
    for (const u of dirty) {
      this.entry(u).perRule[SYNTAX_PART] = perUnit.get(u.index) ?? [];
      this.rerun.add(u.index);
    }
    const all = [...shell];
    for (const u of units) {
      for (const c of this.current[u.index]?.perRule[SYNTAX_PART] ?? []) {
        const z = (line: number, character: number) => ({ offset: 0, line: u.startLine + line, character });
        all.push({ range: { start: z(c.sl, c.sc), end: z(c.el, c.ec) }, message: c.message });
      }
    }
    // Reading order, as the rule visits them: by position, which the candidates of one unit already follow.
    all.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const f of syntaxFindings(this.ctx.file, all)) {
      out.push({ rule: SYNTAX, severity: level, message: f.message, uri: this.ctx.uri, range: toPosRange(f.range), fixes: [] });
    }
    return true;
  }

  /** The rule over the real instance; a block-local rule's findings are then stored per unit. */
  private whole(rule: Rule, level: Severity, out: Finding[]): void {
    this.wholeRules++;
    const found = this.wholeRun(rule, level);
    out.push(...found);
    if (!isBlockLocal(rule.id)) return;
    const at = slotOf(rule);
    const perUnit = new Map<number, Cached[]>();
    let inShell = false;
    for (const f of found) {
      const u = this.unitOf(f.range);
      if (!u) inShell = true;
      else push(perUnit, u.index, this.cached(f, u));
    }
    if (inShell) this.slot.shellRules.add(rule.id);
    else this.slot.shellRules.delete(rule.id);
    for (const u of this.layout.units) {
      const e = this.entry(u);
      // A unit counts as re-run when its cache had nothing for the rule; a rule that runs whole each time does not make it so.
      if (e.perRule[at] === undefined) this.rerun.add(u.index);
      e.perRule[at] = perUnit.get(u.index) ?? [];
    }
  }

  /** The rule over a view of the dirty units; false when it must run whole (it reported in the shell, or failed). */
  private restricted(rule: Rule, level: Severity, dirty: Unit[]): boolean {
    const at = slotOf(rule);
    const view = this.viewOf(dirty);
    const found: Finding[] = [];
    if (!runRule(rule, level, { ...this.ctx, instance: view.instance, symbols: view.symbols }, found)) return false;
    const chosen = new Set(dirty);
    const perUnit = new Map<number, Cached[]>();
    for (const f of found) {
      const u = this.unitOf(f.range);
      if (!u) return false;
      // A clean unit's findings are in the cache already.
      if (chosen.has(u)) push(perUnit, u.index, this.cached(f, u));
    }
    for (const u of dirty) {
      this.entry(u).perRule[at] = perUnit.get(u.index) ?? [];
      this.rerun.add(u.index);
    }
    return true;
  }

  private fromCache(rule: Rule, level: Severity, out: Finding[]): void {
    const at = slotOf(rule);
    const mine: Finding[] = [];
    for (const u of this.layout.units) {
      for (const c of this.current[u.index]?.perRule[at] ?? []) {
        const range = { start: { line: u.startLine + c.sl, character: c.sc }, end: { line: u.startLine + c.el, character: c.ec } };
        const k = mine.length;
        // Edits are worked out when asked for, by the rule over the whole file: they may reach outside the unit.
        mine.push(withLazyFixes({ rule: rule.id, severity: c.severity, message: c.message, uri: this.ctx.uri, range }, () => this.fixesOf(rule, level, mine, k)));
      }
    }
    out.push(...mine);
  }

  /** The fixes of `mine[k]`: those of the same finding (by range, message and rank among equals) of the rule run whole. */
  private fixesOf(rule: Rule, level: Severity, mine: readonly Finding[], k: number): Fix[] {
    const same = (a: Finding, b: Finding): boolean =>
      a.message === b.message &&
      a.range.start.line === b.range.start.line &&
      a.range.start.character === b.range.start.character &&
      a.range.end.line === b.range.end.line &&
      a.range.end.character === b.range.end.character;
    let nth = 0;
    for (let i = 0; i < k; i++) if (same(mine[i], mine[k])) nth++;
    for (const f of this.wholeRun(rule, level)) if (same(f, mine[k]) && nth-- === 0) return f.fixes;
    return [];
  }

  private wholeRun(rule: Rule, level: Severity): Finding[] {
    let found = this.wholeRuns.get(rule.id);
    if (!found) {
      found = [];
      runRule(rule, level, this.ctx, found);
      this.wholeRuns.set(rule.id, found);
    }
    return found;
  }

  private viewOf(dirty: Unit[]): View {
    const id = dirty.map((u) => u.index).join(',');
    let v = this.views.get(id);
    if (!v) this.views.set(id, (v = restrictedView(this.ctx.instance, this.ctx.symbols, this.layout, dirty)));
    return v;
  }

  /** What an entry for the unit's text must match too: the unit's context and column, and the names defined before it. */
  private variantOf(u: Unit): string {
    return `${this.before[u.index]}\u0000${u.variant}`;
  }

  private unitOf(range: PosRange): Unit | undefined {
    return unitAt(this.layout.units, range.start.line, range.start.character);
  }

  private cached(f: { range: PosRange; message: string; severity?: Severity }, u: Unit): Cached {
    const r = f.range;
    return { severity: f.severity ?? 'error', message: f.message, sl: r.start.line - u.startLine, sc: r.start.character, el: r.end.line - u.startLine, ec: r.end.character };
  }

  private entry(u: Unit): Entry {
    let e = this.current[u.index];
    if (!e) this.current[u.index] = e = { variant: this.variantOf(u), perRule: new Array<Cached[] | undefined>(SYNTAX_PART + 1), positional: false, lines: this.slot.linesId, startLine: u.startLine, ownLines: false, refs: [] };
    this.touched.add(e);
    return e;
  }

  /** Whether the lines an entry's messages name still name the same statements. */
  private holds(e: Entry, u: Unit): boolean {
    if (e.positional && e.lines !== this.slot.linesId) return false;
    if (e.ownLines && e.startLine !== u.startLine) return false;
    for (const r of e.refs) {
      const i = statementAtLine(this.layout, r.start);
      if (i < 0 || this.layout.starts[i] !== r.start || this.layout.texts[i] !== r.text) return false;
    }
    return true;
  }

  /** The slot's entries after this run, by unit text; those of units that are gone are dropped. */
  entries(): Map<string, Entry[]> {
    const own = path.basename(this.ctx.instance.path);
    for (const u of this.layout.units) {
      const e = this.current[u.index];
      if (!e || !this.touched.has(e)) continue;
      e.lines = this.slot.linesId;
      e.startLine = u.startLine;
      e.positional = false;
      e.ownLines = false;
      e.refs = [];
      const seen = new Set<number>();
      for (const list of e.perRule) {
        if (!list) continue;
        for (const c of list) {
          for (const m of c.message.matchAll(NAMES_THIS_FILE)) if (m[1] === own) e.positional = true;
          for (const m of c.message.matchAll(NAMES_A_LINE)) {
            const line = Number(m[1]) - 1;
            if (line >= u.startLine && line <= u.endLine) e.ownLines = true;
            else if (!seen.has(line)) {
              seen.add(line);
              const i = statementAtLine(this.layout, line);
              if (i < 0) e.positional = true;
              else e.refs.push({ start: this.layout.starts[i], text: this.layout.texts[i] });
            }
          }
        }
      }
    }
    const out = new Map<string, Entry[]>();
    for (const u of this.layout.units) {
      const e = this.current[u.index];
      if (e) push(out, u.text, e);
    }
    return out;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** One cache per instance: a file included twice is analysed twice, each in its own context. */
function slotKey(instance: FileInstance): string {
  let nth = 0;
  for (const i of instance.tree.instances) {
    if (i === instance) break;
    if (i.path === instance.path) nth++;
  }
  return `${instance.tree.rootPath}\u0000${instance.path}\u0000${nth}`;
}

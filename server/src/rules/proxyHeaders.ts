import type { Arg, ConfigFile, Directive, Statement } from '../parser/ast';
import type { FileEdit } from './types';
import { effective } from '../workspace/effective';
import type { FileInstance } from '../workspace/graph';
import { parentScope, scopeDirectivesNamed, type Placed, type Scope } from '../workspace/scope';
import { insertAfterDirective, insertAtBlockStart } from './edits';
import { placeLabel } from './source';

/** Lines to add to a block: after one of its direct children, or at its start when `after` is undefined. */
export interface Insertion {
  block: Directive;
  after?: Directive;
  lines: string[];
}

/** The `name` directives a block writes itself, directly or through files it includes, in nginx's order. */
export function ownDirectives(scope: Scope, name: string): readonly Placed[] {
  return scopeDirectivesNamed(scope, name);
}

/** The exact source text of a directive, from its name to its `;`. */
export function directiveText(p: Placed): string {
  return p.instance.file.text.slice(p.directive.range.start.offset, p.directive.range.end.offset);
}

/** The header name a directive sets (`proxy_set_header Host $host` → `host`). */
export function headerName(d: Directive): string {
  return d.args[0]?.value.toLowerCase() ?? '';
}

/** The value argument of a `proxy_set_header`. */
export function headerValue(d: Directive): Arg | undefined {
  return d.args[1];
}

/** True when the value contains no variable: what is written is what nginx sends. */
export function isLiteral(value: string): boolean {
  return !value.includes('$');
}

/** Comma- or space-separated tokens of a Connection value, lower-cased. */
export function connectionTokens(value: string): string[] {
  return value.toLowerCase().split(/[\s,]+/).filter((t) => t.length > 0);
}

/** `$name` or `${name}` alone: the variable's name; otherwise undefined. */
export function soleVariable(value: string): string | undefined {
  return /^\$(?:\{(\w+)\}|(\w+))$/.exec(value)?.slice(1).find((g) => g !== undefined);
}

/** The direct child of the scope's block that last brings a `name` directive: the directive itself, or an include. */
function lastContributor(scope: Scope, name: string): Directive | undefined {
  const children = scope.block?.block?.children ?? [];
  let last: Directive | undefined;
  for (const c of children) {
    if (c.kind !== 'directive') continue;
    if (c.name === name) last = c;
    else if (c.name === 'include' && includesName(scope.instance, c, name, 0)) last = c;
  }
  return last;
}

function includesName(instance: FileInstance, include: Directive, name: string, depth: number): boolean {
  if (depth > 64) return false;
  for (const inst of instance.includes.get(include) ?? []) {
    for (const c of inst.file.children) {
      if (c.kind !== 'directive') continue;
      if (c.name === name || (c.name === 'include' && includesName(inst, c, name, depth + 1))) return true;
    }
  }
  return false;
}

/**
 * Plans adding lines of a list directive (`proxy_set_header`, `add_header`) to a block without dropping what it
 * inherits: a block that writes none of its own inherits its parent's whole list, and adding one line would
 * silently drop the rest, so those are copied in first (except the names being added). New lines go after the
 * block's last own line, or after `fallback` (usually proxy_pass), or at the block's start.
 */
export function planListLines(scope: Scope & { block: Directive }, name: string, lines: string[], fallback?: Directive): Insertion {
  if (ownDirectives(scope, name).length > 0) return { block: scope.block, after: lastContributor(scope, name) ?? fallback, lines };
  const adding = new Set(lines.map((l) => l.split(/\s+/)[1]?.toLowerCase()));
  const parent = parentScope(scope);
  const inherited = parent ? effective(parent, name).directives : [];
  const copies = inherited.filter((p) => !adding.has(headerName(p.directive))).map(directiveText);
  return { block: scope.block, after: fallback, lines: [...copies, ...lines] };
}

/** Turns insertions into edits of one file, merging those at the same point so their order is ours, not a guess. */
export function insertionEdits(instance: FileInstance, insertions: Insertion[]): FileEdit[] {
  const merged: Insertion[] = [];
  for (const ins of insertions) {
    const same = merged.find((m) => m.block === ins.block && m.after === ins.after);
    if (same) same.lines.push(...ins.lines);
    else merged.push({ ...ins, lines: [...ins.lines] });
  }
  const edits: FileEdit[] = [];
  for (const m of merged) {
    const e = m.after ? insertAfterDirective(instance, m.after, m.lines) : insertAtBlockStart(instance, m.block, m.lines);
    if (e) edits.push(e);
  }
  return edits;
}

/** A line of the parent's list that a block's own list drops. */
export interface Dropped {
  placed: Placed;
  /** `server at line 9`, `http at nginx.conf:3`: for messages. */
  where: string;
}

/**
 * The line for `header` that the block's own list drops from its parent's (a block with no list of its own
 * inherits it instead): fixes copy it as written rather than invent another value.
 */
export function droppedLine(scope: Scope, header: string): Dropped | undefined {
  if (ownDirectives(scope, 'proxy_set_header').length === 0) return undefined;
  const parent = parentScope(scope);
  if (!parent) return undefined;
  const eff = effective(parent, 'proxy_set_header');
  const placed = [...eff.directives].reverse().find((p) => headerName(p.directive) === header);
  if (!placed) return undefined;
  return { placed, where: `${eff.from?.block?.name ?? eff.from?.instance.context ?? 'the enclosing block'} at ${placeLabel(placed, scope.instance)}` };
}

const quoteOf = new WeakMap<ConfigFile, string>();

/** Wraps a value in the quotes the file mostly uses for its arguments (double when it uses none or both equally). */
export function quoted(file: ConfigFile, value: string): string {
  let q = quoteOf.get(file);
  if (q === undefined) {
    let single = 0;
    let double = 0;
    const walk = (list: Statement[]): void => {
      for (const st of list) {
        if (st.kind !== 'directive') continue;
        for (const a of st.args) {
          if (a.quote === 'single' && a.value !== '') single++;
          else if (a.quote === 'double' && a.value !== '') double++;
        }
        if (st.block) walk(st.block.children);
      }
    };
    walk(file.children);
    q = single > double ? "'" : '"';
    // Counted once per parse: every fix in a large file asks.
    quoteOf.set(file, q);
  }
  return `${q}${value}${q}`;
}

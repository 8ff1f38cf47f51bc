import type { ConfigFile, Range } from '../parser/ast';
import type { BlockContext } from '../reference';
import type { FileInstance } from '../workspace/graph';
import type { Symbols } from '../workspace/symbols';
import type { Settings } from './settings';

/** What rules report and fix, in the shapes of the language service's findings. Plain data, no LSP or VS Code types. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** 0-based, UTF-16 characters, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface PosRange {
  start: Position;
  end: Position;
}

/** A text replacement in one file, named by URI (`file:///...`). */
export interface FileEdit {
  uri: string;
  range: PosRange;
  newText: string;
}

export interface Fix {
  title: string;
  /** The safe default that "fix all" and `check --fix` apply. */
  preferred: boolean;
  edits: FileEdit[];
}

/** The documentation of a rule, rendered into docs/rules.md and linked from every diagnostic. */
export interface RuleDocs {
  /** One line: what the rule catches. */
  summary: string;
  /** Why it matters, in a few sentences of Markdown. */
  why: string;
  /** What the fix does. */
  fix: string;
  /** A short config that triggers the rule. */
  example: string;
  /**
   * What in the config makes the rule fire: the directives, values, effective headers, tree facts and settings it
   * reads, and what must be in view (a complete main config, the server around a location). True of the check code.
   */
  evidence: string;
  /** When it stays quiet on purpose: fragments without their main config, defaults it cannot see, exemptions. */
  quiet: string;
}

export interface Report {
  range: Range;
  message: string;
  /** A function when the edits take work to build: it runs only when someone asks for the fixes. */
  fixes?: Fix[] | (() => Fix[]);
  /**
   * Lower than the rule's default when the config in view cannot show the failure (a file checked apart from the
   * config that includes it). A level the user sets for the rule still wins.
   */
  severity?: Severity;
}

export interface RuleContext {
  uri: string;
  file: ConfigFile;
  /** The context of the file's top level: `main` for a root config. */
  rootContext: BlockContext;
  settings: Settings;
  /** This file as reached in its config tree: include site, contexts of its directives, included files. */
  instance: FileInstance;
  /** Names defined and used across the whole tree. */
  symbols: Symbols;
  report(report: Report): void;
}

/** One rule, one module: id, default severity, docs and check (with its fixes) together. */
export interface Rule {
  /** Stable id: public API, never renamed. */
  id: string;
  defaultSeverity: Severity;
  /** Opt-in: a style the user may enforce, not a claim about their nginx; runs only when a setting names a level. */
  offByDefault?: true;
  docs: RuleDocs;
  check(ctx: RuleContext): void;
}

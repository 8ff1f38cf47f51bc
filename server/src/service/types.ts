/** The language service's public shapes. Plain data, no LSP or VS Code types. */

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

export interface Finding {
  /** Stable rule id: public API, never renamed. */
  rule: string;
  severity: Severity;
  message: string;
  uri: string;
  range: PosRange;
  fixes: Fix[];
}

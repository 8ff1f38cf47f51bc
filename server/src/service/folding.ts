import type { Comment, ConfigFile, Statement } from '../parser/ast';

/** Folding ranges: every block that spans lines, and every run of two or more whole-line comments. */

export interface Fold {
  /** 0-based; the line that stays visible when folded. */
  startLine: number;
  /** 0-based, inclusive. */
  endLine: number;
  kind?: 'comment';
}

export function foldingRanges(file: ConfigFile): Fold[] {
  const folds: Fold[] = [];
  const comments: Comment[] = [];
  walk(file.children, file.text, folds, comments);
  folds.push(...commentRuns(comments, file.text));
  return folds.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function walk(statements: readonly Statement[], text: string, folds: Fold[], comments: Comment[]): void {
  for (const s of statements) {
    if (s.kind === 'comment') {
      comments.push(s);
      continue;
    }
    const block = s.block;
    if (!block) continue;
    // From the `{` line to the line before `}`, so the closing brace stays in view, as editors fold braces.
    // A block cut off by the end of the file folds to its last line.
    const startLine = block.open.start.line;
    const endLine = block.close ? block.close.start.line - 1 : block.range.end.line;
    if (endLine > startLine) folds.push({ startLine, endLine });
    walk(block.children, text, folds, comments);
  }
}

/** Only comments alone on their line fold together: a trailing `# note` after a directive is part of that line. */
function commentRuns(comments: Comment[], text: string): Fold[] {
  const lines = comments
    .filter((c) => isWholeLine(c, text))
    .map((c) => c.range.start.line)
    .sort((a, b) => a - b);
  const runs: Fold[] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
    if (j > i) runs.push({ startLine: lines[i], endLine: lines[j], kind: 'comment' });
    i = j + 1;
  }
  return runs;
}

function isWholeLine(c: Comment, text: string): boolean {
  const start = c.range.start.offset - c.range.start.character;
  return text.slice(start, c.range.start.offset).trim() === '';
}

import type { Finding } from './types';
import type { Fix, PosRange, Severity } from '../rules/types';

/**
 * A finding whose fixes are worked out the first time someone reads `fixes`. `check` without `--fix` and the
 * editor's diagnostics never read them; a large config has thousands of findings, and building their edits was a
 * good part of the analysis.
 */
export function withLazyFixes(base: Omit<Finding, 'fixes'>, compute: () => Fix[]): Finding {
  return new LazyFinding(base.rule, base.severity, base.message, base.uri, base.range, compute);
}

class LazyFinding implements Finding {
  private made: Fix[] | undefined = undefined;

  constructor(
    readonly rule: string,
    readonly severity: Severity,
    readonly message: string,
    readonly uri: string,
    readonly range: PosRange,
    private readonly compute: () => Fix[],
  ) {}

  get fixes(): Fix[] {
    return (this.made ??= safely(this.compute, this.rule));
  }

  toJSON(): Finding {
    return { rule: this.rule, severity: this.severity, message: this.message, uri: this.uri, range: this.range, fixes: this.fixes };
  }
}

function safely(compute: () => Fix[], rule: string): Fix[] {
  try {
    return compute();
  } catch (err) {
    // Like a failing rule: the finding stands, without a fix.
    console.error(`nginx-ws: the fix of ${rule} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return [];
  }
}

/** The same finding with its URIs renamed, still computing its fixes only when asked. */
export function renameFindingUris(f: Finding, rename: (uri: string) => string): Finding {
  const base = { rule: f.rule, severity: f.severity, message: f.message, uri: rename(f.uri), range: f.range };
  return withLazyFixes(base, () => f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, uri: rename(e.uri) })) })));
}

/** The language service's public shapes. Plain data, no LSP or VS Code types. */
import type { Fix, PosRange, Severity } from '../rules/types';

export interface Finding {
  /** Stable rule id: public API, never renamed. */
  rule: string;
  severity: Severity;
  message: string;
  uri: string;
  range: PosRange;
  fixes: Fix[];
}

import * as path from 'node:path';
import type { Effective } from '../workspace/effective';
import type { FileInstance } from '../workspace/graph';

/** Says where an effective value comes from, for messages: `set here`, `inherited from server at line 12`, `from http in nginx.conf:3`. */
export function describeSource(eff: Effective, from: FileInstance): string {
  const first = eff.directives[0];
  if (!first || eff.source === 'default') return "nginx's default";
  if (eff.source === 'here') return 'set here';
  const block = eff.from?.block;
  const where = block ? block.name : 'the enclosing block';
  const line = first.directive.range.start.line + 1;
  const file = first.instance === from ? `line ${line}` : `${path.basename(first.instance.path)}:${line}`;
  return `inherited from ${where} at ${file}`;
}

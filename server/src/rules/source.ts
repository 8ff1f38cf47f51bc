import * as path from 'node:path';
import type { Effective } from '../workspace/effective';
import type { FileInstance } from '../workspace/graph';
import type { Placed } from '../workspace/scope';

/** Where a directive is, for messages: `line 12` in the file being checked (`from`), `nginx.conf:12` in another. */
export function placeLabel(p: Placed, from: FileInstance): string {
  const line = p.directive.range.start.line + 1;
  return p.instance === from ? `line ${line}` : `${path.basename(p.instance.path)}:${line}`;
}

/** Says where an effective value comes from, for messages: `set here`, `inherited from server at line 12`, `from http in nginx.conf:3`. */
export function describeSource(eff: Effective, from: FileInstance): string {
  const first = eff.directives[0];
  if (!first || eff.source === 'default') return "nginx's default";
  if (eff.source === 'here') return 'set here';
  return `inherited from ${eff.from?.block?.name ?? 'the enclosing block'} at ${placeLabel(first, from)}`;
}

/**
 * describeSource, but pointing at `which` (one line of a list, such as the Connection line among proxy_set_header)
 * and naming the file when a value set at this level comes from an included file.
 */
export function sourceText(eff: Effective, from: FileInstance, which?: Placed): string {
  const first = which ?? eff.directives[0];
  if (!first || eff.source === 'default') return describeSource(eff, from);
  const file = placeLabel(first, from);
  if (eff.source === 'here') return first.instance === from ? 'set here' : `set in ${file}`;
  return `inherited from ${eff.from?.block?.name ?? 'the enclosing block'} at ${file}`;
}

import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

/** `ngx_atofp(value, len, 2)`: a percentage with at most two decimals, in hundredths; -1 when nginx cannot read it. */
function hundredths(percent: string): number {
  const m = /^(\d*)(?:\.(\d{0,2}))?$/.exec(percent);
  if (!m) return -1;
  return Number(m[1] || '0') * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export const invalidSplitClients: Rule = {
  id: 'invalid-split-clients',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `split_clients` share that is not a positive percentage, or shares that add up to more than 100%.',
    why:
      'Each line of `split_clients` is `PERCENT% value` (at most two decimals, more than 0) or `* value` for the rest. nginx refuses `50`, `0%` or `x%` with `invalid percent value "..."`, and shares whose total passes 100%, with `*` counting as all that is left, with `percent total is greater than 100%`.',
    fix: 'Make the shares add up to at most 100%, and put `*` last.',
    example: 'split_clients "${remote_addr}" $variant {\n    60% a;\n    50% b;\n}',
    evidence:
      'A `split_clients` block that reaches its handler, with a line (key and value) whose key is neither `*` nor a percentage above 0 with at most two decimals (reported on the first such line), or, when every key is valid, shares that add up to more than 100%, with `*` taking all that is left (reported on the closing `}`, as nginx does).',
    quiet:
      'Lines with no value, and nested blocks: nginx-ws does not read those as shares.',
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['split_clients'])) {
      let sum = 0;
      let failed = false;
      for (const entry of d.block?.children ?? []) {
        if (entry.kind !== 'directive' || entry.block || entry.args.length === 0) continue;
        const key = entry.name;
        if (key === '*') {
          sum = 10000;
          continue;
        }
        const n = key.endsWith('%') ? hundredths(key.slice(0, -1)) : -1;
        if (n <= 0) {
          ctx.report({ range: handlerRange(entry), message: `invalid percent value "${key}"` });
          failed = true;
          break;
        }
        sum += n;
        if (sum > 10000) break;
      }
      // nginx adds the shares up when the block is closed, and reports the line of its `}`.
      if (!failed && sum > 10000 && d.block?.close) ctx.report({ range: d.block.close, message: 'percent total is greater than 100%' });
    }
  },
};

import type { EffectiveTime } from './nginxTime';
import { blockHead, insertAtBlockEnd, replaceRange } from './edits';
import type { RuleContext } from './types';
import type { WsLocation } from './wsLocation';

/**
 * Reports a timeout of a WebSocket location with its fix to `target`: a value written at this level is changed
 * where it stands (perhaps in an included file; a second line would be a duplicate), otherwise the location gets one.
 */
export function reportTimeout(ctx: RuleContext, t: WsLocation, cur: EffectiveTime, name: string, target: string, message: string): void {
  const arg = cur.directive?.args[0];
  if (cur.eff.source === 'here' && cur.directive && cur.instance && arg) {
    ctx.report({
      range: cur.instance === ctx.instance ? cur.directive.range : blockHead(t.ws.block),
      message,
      fixes: [{ title: `Set ${name} ${target}`, preferred: true, edits: [replaceRange(cur.instance, arg.range, target)] }],
    });
    return;
  }
  const edit = insertAtBlockEnd(ctx.instance, t.location, [`${name} ${target};`]);
  ctx.report({
    range: blockHead(t.ws.block),
    message,
    fixes: edit ? [{ title: `Set ${name} ${target} in this location`, preferred: true, edits: [edit] }] : [],
  });
}

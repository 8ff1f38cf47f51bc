import { webSocketProxies, type WebSocketProxy } from '../analysis/websocket';
import { pathToUri } from '../service/analyze';
import type { Settings } from '../service/settings';
import { treeMemo } from '../workspace/treeMemo';
import type { RuleContext } from './types';

/**
 * The WebSocket proxies of every file in the rule's tree, not only its own: a `listen` in nginx.conf concerns
 * locations that an included file holds. Each file's list is computed (and cached) as if that file were checked.
 */
export function treeWebSocketProxies(ctx: RuleContext): WebSocketProxy[] {
  const perSettings = treeMemo(ctx.instance.tree, 'treeWebSocketProxies', () => new WeakMap<Settings, WebSocketProxy[]>());
  let list = perSettings.get(ctx.settings);
  if (!list) {
    list = ctx.instance.tree.instances.flatMap((instance) =>
      webSocketProxies({ ...ctx, instance, file: instance.file, uri: pathToUri(instance.path), rootContext: instance.context, report: () => undefined }),
    );
    perSettings.set(ctx.settings, list);
  }
  return list;
}

/** The tree's WebSocket proxies by the upstream they pass to: one pass, not one per upstream. */
export function treeWebSocketProxiesByUpstream(ctx: RuleContext): ReadonlyMap<string, WebSocketProxy[]> {
  const perSettings = treeMemo(ctx.instance.tree, 'treeWebSocketProxiesByUpstream', () => new WeakMap<Settings, Map<string, WebSocketProxy[]>>());
  let byName = perSettings.get(ctx.settings);
  if (!byName) {
    byName = new Map();
    for (const ws of treeWebSocketProxies(ctx)) {
      const name = ws.upstream?.name;
      if (name === undefined) continue;
      const list = byName.get(name);
      if (list) list.push(ws);
      else byName.set(name, [ws]);
    }
    perSettings.set(ctx.settings, byName);
  }
  return byName;
}

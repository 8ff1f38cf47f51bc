import { proxiedHost, webSocketProxies, type WebSocketProxy } from '../analysis/websocket';
import { pathToUri } from '../service/analyze';
import type { Directive } from '../parser/ast';
import type { Settings } from '../service/settings';
import { directivesNamed, type ConfigTree, type FileInstance } from '../workspace/graph';
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
    list = ctx.instance.tree.instances.flatMap((instance) => proxiesOf(ctx, instance));
    perSettings.set(ctx.settings, list);
  }
  return list;
}

/** The WebSocket proxies of the tree that pass to upstream `name`, in tree order. */
export function webSocketUsersOf(ctx: RuleContext, name: string): WebSocketProxy[] {
  const out: WebSocketProxy[] = [];
  for (const instance of filesProxyingTo(ctx.instance.tree).get(name) ?? []) {
    for (const ws of proxiesOf(ctx, instance)) if (ws.upstream?.name === name) out.push(ws);
  }
  return out;
}

/**
 * The files of a tree whose `proxy_pass` lines name each host: one pass over those lines, without deciding which
 * locations carry WebSocket traffic, so that an edit in one file of a large tree does not redo that for all of them.
 */
function filesProxyingTo(tree: ConfigTree): ReadonlyMap<string, FileInstance[]> {
  return treeMemo(tree, 'filesProxyingTo', () => {
    const out = new Map<string, FileInstance[]>();
    for (const instance of tree.instances) {
      for (const d of directivesNamed(instance, 'proxy_pass')) {
        const host = proxiedHost(d);
        if (host === undefined) continue;
        const list = out.get(host);
        if (!list) out.set(host, [instance]);
        else if (list[list.length - 1] !== instance) list.push(instance);
      }
    }
    return out;
  });
}

/** The WebSocket proxies of another file of the rule's tree, computed (and cached) as if that file were checked. */
function proxiesOf(ctx: RuleContext, instance: FileInstance): WebSocketProxy[] {
  if (instance === ctx.instance) return webSocketProxies(ctx);
  return webSocketProxies({ ...ctx, instance, file: instance.file, uri: pathToUri(instance.path), rootContext: instance.context, report: () => undefined });
}

const blockSets = new WeakMap<WebSocketProxy[], Set<Directive>>();

/** The blocks (locations, `if`s) of a file of the tree that proxy WebSocket traffic. */
export function webSocketBlocksOf(ctx: RuleContext, instance: FileInstance): ReadonlySet<Directive> {
  const list = proxiesOf(ctx, instance);
  let set = blockSets.get(list);
  if (!set) blockSets.set(list, (set = new Set(list.map((w) => w.block))));
  return set;
}

import { proxiedHost, webSocketBlocks, webSocketProxies, type WebSocketProxy } from './websocket';
import { pathToUri } from '../workspace/uri';
import type { Directive } from '../parser/ast';
import type { Settings } from './settings';
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

/** The rule's context as if another file of its tree were checked: its WebSocket proxies are cached per file. */
function checking(ctx: RuleContext, instance: FileInstance): RuleContext {
  if (instance === ctx.instance) return ctx;
  return { ...ctx, instance, file: instance.file, uri: pathToUri(instance.path), rootContext: instance.context, report: () => undefined };
}

function proxiesOf(ctx: RuleContext, instance: FileInstance): WebSocketProxy[] {
  return webSocketProxies(checking(ctx, instance));
}

/** The blocks (locations, `if`s) of a file of the tree that proxy WebSocket traffic. */
export function webSocketBlocksOf(ctx: RuleContext, instance: FileInstance): ReadonlySet<Directive> {
  return webSocketBlocks(checking(ctx, instance));
}

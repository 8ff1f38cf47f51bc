import type { Directive } from '../parser/ast';
import { LineIndex } from '../parser/lineIndex';
import { directivesNamed, type ConfigTree, type FileInstance } from '../workspace/graph';
import { treeMemo } from '../workspace/treeMemo';
import { insertAfterDirective, insertAtFileTop, replaceRange } from './edits';
import type { FileEdit, Rule } from './types';

/** nginx's default `worker_connections`. */
const DEFAULT_CONNECTIONS = 512;
/**
 * Above this many connections and without `worker_rlimit_nofile`, a worker outgrows the usual inherited limit:
 * systemd's default soft limit is 1024 descriptors, which is also where nginx itself starts warning.
 */
const UNSET_LIMIT_THRESHOLD = 1024;
/** Directives that open a second socket per client connection. */
const PASSES = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);

interface Found {
  directive: Directive;
  instance: FileInstance;
}

function findAll(tree: ConfigTree, name: string, context: string): Found[] {
  return treeMemo(tree, `worker-fd-limit:${name}:${context}`, () => {
    const out: Found[] = [];
    for (const instance of tree.instances) {
      for (const d of directivesNamed(instance, name)) if (instance.contexts.get(d) === context) out.push({ directive: d, instance });
    }
    return out;
  });
}

function proxies(tree: ConfigTree): boolean {
  return treeMemo(tree, 'worker-fd-limit:proxies', () => tree.instances.some((i) => [...PASSES].some((name) => i.named.has(name))));
}

const integer = (d: Directive): number | undefined => (/^\d+$/.test(d.args[0]?.value ?? '') ? Number(d.args[0].value) : undefined);

export const workerFdLimit: Rule = {
  id: 'worker-fd-limit',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Workers may run out of file descriptors before they reach `worker_connections`.',
    why:
      "Every proxied connection, WebSocket or not, holds two descriptors in the worker: one to the client and one to the backend. A worker therefore needs about twice `worker_connections` descriptors (plus a few for logs and files), and when it has fewer, new connections fail with `Too many open files` long before the connection limit. Without `worker_rlimit_nofile` workers keep the limit they inherit, usually 1024 under systemd. Configs that proxy nothing are not checked.",
    fix: 'Sets `worker_rlimit_nofile` to twice `worker_connections`, or adds it (after `worker_processes`, or before `events`) when it is missing.',
    example: 'worker_rlimit_nofile 4096;\nevents {\n    worker_connections 4096;\n}\nhttp {\n    server {\n        location / {\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}',
    evidence:
      'A config read from its main level (a main config, or a file that nothing includes read as one) in which some file proxies (`proxy_pass`, `grpc_pass`, `fastcgi_pass`, `uwsgi_pass`, `scgi_pass`, `memcached_pass`). With the last `worker_connections` in `events` (512 when unset):\n- a `worker_rlimit_nofile` below twice that number is reported on its line;\n- with no `worker_rlimit_nofile`, a `worker_connections` above 1024 is reported on its line.',
    quiet:
      "- Configs that proxy nothing, and fragments whose main level is not in view.\n- Values that are not plain numbers.\n- No `worker_rlimit_nofile` with at most 1024 connections: the usual inherited limit of 1024 descriptors then suffices for most workers.\n- No `worker_rlimit_nofile`, and a `use` in `events` that names a method other than `epoll`, `select` or `poll` (kqueue, /dev/poll, event ports): the 1024 default is Linux's, and those systems allow far more.",
  },
  check(ctx) {
    const tree = ctx.instance.tree;
    if (tree.root.context !== 'main' || !proxies(tree)) return;
    const connections = findAll(tree, 'worker_connections', 'events').at(-1);
    const perWorker = connections ? integer(connections.directive) : DEFAULT_CONNECTIONS;
    if (perWorker === undefined) return;
    const need = perWorker * 2;
    const limit = findAll(tree, 'worker_rlimit_nofile', 'main').at(-1);
    if (limit) {
      const have = integer(limit.directive);
      if (limit.instance !== ctx.instance || have === undefined || have >= need) return;
      ctx.report({
        range: limit.directive.range,
        message: `worker_rlimit_nofile ${have} is below twice worker_connections (2 × ${perWorker} = ${need}): each proxied connection holds two descriptors, so workers hit "Too many open files" first`,
        fixes: [{ title: `Raise worker_rlimit_nofile to ${need}`, preferred: true, edits: [replaceRange(ctx.instance, limit.directive.args[0].range, String(need))] }],
      });
      return;
    }
    if (!connections || connections.instance !== ctx.instance || perWorker <= UNSET_LIMIT_THRESHOLD) return;
    // The 1024 default is Linux's; kqueue, /dev/poll and event ports run where per-process limits are far higher.
    const method = findAll(tree, 'use', 'events').at(-1)?.directive.args[0]?.value;
    if (method !== undefined && !['epoll', 'select', 'poll'].includes(method)) return;
    const edit = addLimit(tree, need);
    ctx.report({
      range: connections.directive.range,
      message: `worker_connections ${perWorker} without worker_rlimit_nofile: workers keep the inherited descriptor limit (often 1024), while ${perWorker} proxied connections need about ${need}`,
      fixes: edit ? [{ title: `Add worker_rlimit_nofile ${need}`, preferred: true, edits: [edit] }] : [],
    });
  },
};

/** Puts `worker_rlimit_nofile` in the main config: after `worker_processes`, else on the line before `events`, else at the top. */
function addLimit(tree: ConfigTree, need: number): FileEdit | undefined {
  const root = tree.root;
  const line = `worker_rlimit_nofile ${need};`;
  const top = root.file.children.filter((c): c is Directive => c.kind === 'directive');
  const processes = top.find((d) => d.name === 'worker_processes');
  if (processes) return insertAfterDirective(root, processes, [line]);
  const events = top.find((d) => d.name === 'events');
  if (!events) return insertAtFileTop(root, root.file, [line]);
  const text = root.file.text;
  const lineStart = text.lastIndexOf('\n', events.range.start.offset - 1) + 1;
  const indent = text.slice(lineStart, events.range.start.offset);
  const at = LineIndex.of(text).loc(lineStart);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edit = replaceRange(root, { start: at, end: at }, `${/^[ \t]*$/.test(indent) ? indent : ''}${line}${eol}${eol}`);
  return edit;
}

import type { ConfigFile, Directive, Statement } from '../parser/ast';
import { DATA_BLOCKS } from '../parser/parse';
import type { BlockContext } from '../reference';


/**
 * The context that the block of `d` opens, when `d` stands in `parent`; undefined when its body holds no directives
 * nginx-ws can check: data blocks, Lua bodies, and blocks whose inside nginx-ws does not model (`acme_issuer`,
 * `oidc_provider`, `mgmt`, `otel_exporter`, or any unknown block).
 */
export function bodyContext(d: Directive, parent: BlockContext): BlockContext | undefined {
  if (!d.block || d.block.rawBody || DATA_BLOCKS.has(d.name)) return undefined;
  switch (d.name) {
    case 'events':
      return 'events';
    case 'http':
      return 'http';
    case 'stream':
      return 'stream';
    case 'mail':
      return 'mail';
    // One name, three modules: which `server` or `upstream` depends on where it stands (nginx's module type).
    case 'server':
      return parent === 'stream' ? 'stream-server' : parent === 'mail' ? 'mail-server' : 'server';
    case 'upstream':
      return parent === 'stream' ? 'stream-upstream' : 'upstream';
    case 'location':
      return 'location';
    // An `if` in a server block is NGX_HTTP_SIF_CONF; anywhere else (location, or a misplaced one) the location kind.
    case 'if':
      return parent === 'server' ? 'if' : 'if-location';
    case 'limit_except':
      return 'limit_except';
    default:
      return undefined;
  }
}

/**
 * Visits every directive nginx would read as a directive, outermost first in file order, with the context it stands
 * in. `root` is the context of the file's top level (`main` for nginx.conf, the include site's context for an
 * included file). Bodies that hold data or unmodelled contents are not entered (see `bodyContext`).
 */
export function walkDirectives(file: ConfigFile, root: BlockContext, visit: (d: Directive, context: BlockContext) => void): void {
  walkList(file.children, root, visit);
}

function walkList(list: readonly Statement[], context: BlockContext, visit: (d: Directive, context: BlockContext) => void): void {
  for (const s of list) {
    if (s.kind !== 'directive') continue;
    visit(s, context);
    if (s.block) {
      const inner = bodyContext(s, context);
      if (inner) walkList(s.block.children, inner, visit);
    }
  }
}

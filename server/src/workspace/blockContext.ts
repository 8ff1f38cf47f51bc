import type { Directive } from '../parser/ast';
import type { BlockContext } from '../rules/types';

/** Blocks whose bodies nginx reads as data lines (a custom handler), not as directives. */
export const DATA_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'types', 'charset_map', 'split_clients', 'match']);

/**
 * The context that the body of block directive `d` opens, standing in `parent`; undefined when the body holds
 * no directives (data blocks, Lua bodies) or the block is unknown.
 */
export function bodyContext(parent: BlockContext, d: Directive): BlockContext | undefined {
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
    case 'server':
      return parent === 'stream' ? 'stream-server' : parent === 'mail' ? 'mail-server' : 'server';
    case 'upstream':
      return parent === 'stream' ? 'stream-upstream' : 'upstream';
    case 'location':
      return 'location';
    case 'if':
      return parent === 'server' ? 'if' : 'if-location';
    case 'limit_except':
      return 'limit_except';
    default:
      return parent;
  }
}

import type { BlockContext } from './types';

/** Every context nginx-ws models, outermost first. */
export const ALL_CONTEXTS: readonly BlockContext[] = [
  'main',
  'events',
  'http',
  'server',
  'location',
  'if',
  'if-location',
  'limit_except',
  'upstream',
  'mail',
  'mail-server',
  'stream',
  'stream-server',
  'stream-upstream',
];

export type Family = 'http' | 'stream' | 'mail' | 'core';

/** Which of nginx's module types a module belongs to, from its name. */
export function familyOf(module: string): Family {
  if (module.startsWith('ngx_http_') || module === 'ngx_otel_module') return 'http';
  if (module.startsWith('ngx_stream_')) return 'stream';
  if (module.startsWith('ngx_mail_')) return 'mail';
  return 'core';
}

/**
 * Maps one context word of the reference ("server", "if in location", ...) to nginx-ws contexts, given the module:
 * "server" of an ngx_stream_* module is a stream `server`, of ngx_mail_* a mail `server`. The core module's
 * `error_log` lists "server" once for all three, so core "server" means all three. Undefined for contexts nginx-ws
 * does not model (`acme_issuer`, `oidc_provider`, `mgmt`).
 */
export function mapContext(word: string, family: Family): readonly BlockContext[] | undefined {
  switch (word) {
    case 'main':
      return ['main'];
    case 'events':
      return ['events'];
    case 'http':
      return ['http'];
    case 'stream':
      return ['stream'];
    case 'mail':
      return ['mail'];
    case 'location':
      return ['location'];
    // Only the rewrite module lists "if", and its directives work in both kinds of `if` (NGX_HTTP_SIF_CONF and
    // NGX_HTTP_LIF_CONF); "if in location" is the location kind alone.
    case 'if':
      return ['if', 'if-location'];
    case 'if in location':
      return ['if-location'];
    case 'limit_except':
      return ['limit_except'];
    case 'server':
      if (family === 'stream') return ['stream-server'];
      if (family === 'mail') return ['mail-server'];
      if (family === 'core') return ['server', 'stream-server', 'mail-server'];
      return ['server'];
    case 'upstream':
      return family === 'stream' ? ['stream-upstream'] : ['upstream'];
    // `include` (NGX_ANY_CONF) lists no context at all.
    case '':
      return ALL_CONTEXTS;
    default:
      return undefined;
  }
}

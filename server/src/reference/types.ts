/** Where a file's top level sits in nginx's configuration tree. */
export type BlockContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if'
  | 'if-location'
  | 'limit_except'
  | 'upstream'
  | 'mail'
  | 'mail-server'
  | 'stream'
  | 'stream-server'
  | 'stream-upstream';

/**
 * How many arguments a directive takes, as nginx's `ngx_conf_handler` checks them from the command's type flags:
 * - `any` (NGX_CONF_ANY): no check;
 * - `flag` (NGX_CONF_FLAG): exactly one, which the handler then wants to be `on` or `off`;
 * - `more` (NGX_CONF_1MORE / NGX_CONF_2MORE): at least `min`;
 * - `take` (NGX_CONF_NOARGS, NGX_CONF_TAKE1..7 and their unions such as TAKE12): one of `counts`.
 */
export type ArgSpec =
  | { kind: 'any' }
  | { kind: 'flag' }
  | { kind: 'more'; min: 1 | 2 }
  | { kind: 'take'; counts: readonly number[] };

/** Where a directive comes from, which decides what stock nginx does with it. */
export type Origin =
  /** Part of nginx's own source tree (maybe behind a `--with-` switch, or a first-party dynamic module such as njs). */
  | 'nginx'
  /** Only in NGINX Plus, the commercial build: open-source nginx rejects it as an unknown directive. */
  | 'plus'
  /** A well-known third-party module that stock nginx lacks. */
  | 'third-party';

/** One command of one module: nginx may have several for a name (`server` in http, upstream, stream, mail). */
export interface DirectiveSpec {
  name: string;
  /** nginx's module name, e.g. `ngx_http_proxy_module`; third-party modules by their usual name. */
  module: string;
  /** Where nginx accepts the directive. Contexts nginx-ws does not model (`acme_issuer`, ...) are left out. */
  contexts: readonly BlockContext[];
  /** Contexts of the reference that have no BlockContext (`acme_issuer`, `oidc_provider`, `mgmt`). */
  otherContexts: readonly string[];
  /** Takes a `{ ... }` block (NGX_CONF_BLOCK). */
  block: boolean;
  args: ArgSpec;
  /** The handler wants `on` or `off` (nginx's `ngx_conf_set_flag_slot`), in any letter case. */
  onOff: boolean;
  origin: Origin;
  /** Set when NGINX Plus had it alone before open-source nginx gained it in this version. */
  plusUntil?: string;
  /** The reference's syntax lines (Markdown), without the name; empty for third-party directives. */
  syntax: readonly string[];
  /** The default value as the reference prints it; empty when none. */
  default: string;
  /** For origin `third-party`: the module. */
  thirdParty?: ThirdPartyModule;
  /** The documentation page, e.g. https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass. */
  url: string;
}

/** A built-in variable: an exact name (`host`) or a prefix form (`http_`, written `$http_NAME` in the docs). */
export interface VariableSpec {
  /** Without the `$`; for a prefix form, the prefix (`http_`). */
  name: string;
  prefix: boolean;
  module: string;
  url: string;
}

/** A third-party module nginx-ws knows the directives of. */
export interface ThirdPartyModule {
  /** The module's usual name, e.g. `nginx_upstream_check_module`. */
  name: string;
  /** Where it lives (project page). */
  url: string;
  /** What it is, in a few words, for hovers and messages. */
  summary: string;
  /** The dynamic module files (`load_module modules/<file>`) that bring its directives; empty when it must be compiled in. */
  files: readonly string[];
  /** Debian's packages of it (`libnginx-mod-http-echo`), when Debian has one. */
  debian?: readonly string[];
}

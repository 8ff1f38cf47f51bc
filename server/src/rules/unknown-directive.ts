import { instanceVerdicts, terminatorRange } from '../analysis/directiveVerdict';
import type { Directive } from '../parser/ast';
import { suggest, type BlockContext } from '../reference';
import { RTMP_DIRECTIVES } from '../reference/rtmp';
import { replaceRange } from './edits';
import type { Rule } from './types';
import type { FileInstance } from '../workspace/graph';

const MODULE_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/i;

/** A file of `geo`/`map` entries (addresses, networks, host names) that some block includes: data, not directives. */
function isDataFile(instance: FileInstance): boolean {
  if (instance.site !== undefined || instance.tree.isMain) return false;
  const top = instance.file.children.filter((c) => c.kind === 'directive');
  return top.length > 0 && top.every((d) => d.kind === 'directive' && !d.block && /^[\d.:/[\]a-f]+$|^[\w-]+(\.[\w-]+)+$|^~/.test(d.name) && /[.:/~]/.test(d.name));
}

/**
 * A file nothing in view includes whose top level is nginx-rtmp-module's (`application live { ... }`): content for an
 * `rtmp` block, whose contexts nginx-ws does not model, so its names are not judged.
 */
function isRtmpFragment(instance: FileInstance): boolean {
  if (instance.site !== undefined || instance.tree.isMain) return false;
  const top = instance.file.children.filter((c) => c.kind === 'directive');
  return top.some((d) => d.kind === 'directive' && d.name === 'application') && top.every((d) => d.kind === 'directive' && RTMP_DIRECTIVES.has(d.name));
}

/** How many distinct unknown names, none a near miss, make a file one written for a build with other modules. */
const FOREIGN_MODULE_NAMES = 3;

/** A name nginx has no command for: `unknown directive "X"`, with a did-you-mean for near misses. */
export const unknownDirective: Rule = {
  id: 'unknown-directive',
  defaultSeverity: 'error',
  docs: {
    summary: 'A directive name nginx does not know: `nginx -t` fails with `unknown directive`.',
    why:
      'nginx refuses the whole configuration on a name no module defines, usually a typo (`proxy_passs`) or a directive of a module this build lacks. nginx-ws knows every directive of nginx and NGINX Plus and of common third-party modules; names from those modules get the `needs-module` rule instead, so this one means no known module has the name. The message names the closest known directive when one is a small edit away. A file with three or more different unknown names, none of them a near miss, is taken to be written for a build with a module nginx-ws does not know (or a patched nginx): those names are left alone, while near misses are still reported. A known name behind a short prefix (`zm_auth_http`) is a patched build\'s own directive, not a typo, and is left alone too.',
    fix: 'Offers to replace the name with the suggested directive.',
    example: 'location /ws/ {\n    proxy_passs http://127.0.0.1:9000;\n}',
    evidence:
      'A directive name that no module nginx-ws knows defines (nginx, NGINX Plus, and the third-party modules in its reference), in a statement that nginx would hand to a handler. The closest known directive for that context is suggested when it is a small edit away.',
    quiet:
      "- Names from known third-party modules or NGINX Plus: [needs-module](#needs-module) decides about those.\n- A file with three or more different unknown names shaped like a module's directives (`vod_mode`), none of them a near miss: it is taken to be written for a build with a module nginx-ws does not know, and only its near misses are reported.\n- A known name behind a short prefix of one to four letters and `_` (`zm_auth_http`): a patched build's own directive.\n- A file that nothing includes and whose top-level lines all look like `geo` or `map` entries (addresses, networks, host names, `~` keys): data, not directives.\n- A file that nothing includes whose top level holds an `application` block and only nginx-rtmp-module names: content for an `rtmp` block, whose contexts nginx-ws does not model.\n- A main-config template where a tag stands for top-level lines (they may be `load_module` lines).",
  },
  check(ctx) {
    if (isDataFile(ctx.instance) || isRtmpFragment(ctx.instance)) return;
    const all = instanceVerdicts(ctx.instance);
    const unknown: { d: Directive; context: BlockContext }[] = [];
    for (let i = 0; i < all.directives.length; i++) if (all.verdicts[i]?.kind === 'unknown') unknown.push({ d: all.directives[i], context: all.contexts[i] });
    // `zm_auth_http` is no typo of `auth_http`: a short vendor prefix before a known name is a patched build's own.
    const guesses = new Map(unknown.map(({ d, context }) => [d, suggest(d.name, context)]));
    const vendorPrefixed = (name: string, guess: string | undefined): boolean => guess !== undefined && /^[a-z]{1,4}_$/.test(name.slice(0, name.length - guess.length)) && name.endsWith(guess);
    // Several names that are no near miss of anything: a module (or a patched nginx) nginx-ws does not know, not typos.
    // Only names shaped like a module's directives (`vod_mode`): map or geo entries cut loose by a stray `}` are not.
    const strangers = new Set(unknown.filter(({ d }) => guesses.get(d) === undefined && MODULE_NAME.test(d.name)).map(({ d }) => d.name));
    const foreignModule = strangers.size >= FOREIGN_MODULE_NAMES;
    for (const { d } of unknown) {
      const guess = guesses.get(d);
      if (foreignModule && guess === undefined) continue;
      if (vendorPrefixed(d.name, guess)) continue;
      const message = `unknown directive "${d.name}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
      const fixes = guess ? [{ title: `Change to "${guess}"`, preferred: false, edits: [replaceRange(ctx.instance, d.nameRange, guess)] }] : [];
      ctx.report({ range: terminatorRange(d), message, fixes });
    }
  },
};

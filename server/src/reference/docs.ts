import type { DirectiveSpec, VariableSpec } from './types';

/** The parts of @nginx/reference-lib that hovers use. */
interface ReferenceLib {
  find(directive: string, module: string | undefined, format?: number): string | undefined;
  getVariables(format?: number): { name: string; module: string; description: string }[];
}

/** @nginx/reference-lib's `Format.Markdown`. */
const MARKDOWN = 1;

let lib: Promise<ReferenceLib> | undefined;

/**
 * The full reference, loaded on first use only: it is 1.7 MB of JavaScript that takes ~25 ms to evaluate, which
 * only a hover needs. (It is an ES module, so it is loaded with a dynamic import.)
 */
function load(): Promise<ReferenceLib> {
  // In the bundles this is out/reference-lib.js (see scripts/build.mjs), a CommonJS file: its exports may arrive
  // as named exports or only as `default`, depending on what Node's CommonJS export detection finds.
  lib ??= import('@nginx/reference-lib').then((m) => {
    const ns = m as unknown as Partial<ReferenceLib> & { default?: ReferenceLib };
    return typeof ns.find === 'function' ? (ns as ReferenceLib) : (ns.default as ReferenceLib);
  });
  return lib;
}

/** nginx's description of a directive (Markdown), for a spec from the stock reference; undefined for third-party ones. */
export async function loadDirectiveDocs(spec: DirectiveSpec): Promise<string | undefined> {
  if (spec.origin === 'third-party') return undefined;
  const ref = await load();
  const module = spec.module === 'ngx_core_module' ? 'Core functionality' : spec.module;
  return ref.find(spec.name, module, MARKDOWN);
}

let variableDocs: Map<string, string> | undefined;

/** nginx's description of a built-in variable (Markdown). */
export async function loadVariableDocs(spec: VariableSpec): Promise<string | undefined> {
  if (!variableDocs) {
    const ref = await load();
    variableDocs = new Map();
    for (const v of ref.getVariables(MARKDOWN)) {
      const key = `${v.module}:${v.name.replace(/^\$/, '').replace(/NAME$/, '')}`;
      if (!variableDocs.has(key)) variableDocs.set(key, v.description);
    }
  }
  return variableDocs.get(`${spec.module}:${spec.name}`);
}

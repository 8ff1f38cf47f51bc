/** nginx's directive and variable reference: what nginx-ws knows about every directive, and the lookups over it. */
export type { ArgSpec, BlockContext, DirectiveSpec, Origin, ThirdPartyModule, VariableSpec } from './types';
export { ALL_CONTEXTS } from './contextMap';
export {
  argsAccepted,
  directiveNames,
  directivesFor,
  docsUrl,
  isBlockDirective,
  isBuiltinVariable,
  lookupDirective,
  lookupVariable,
  specsIn,
  thirdPartyModuleOf,
  variables,
} from './table';
export { suggest } from './suggest';
export { handlerOf, type HandlerKind, type HandlerSpec } from './handlerTypes';
export { loadDirectiveDocs, loadVariableDocs } from './docs';

/**
 * The catalogue of Kubernetes built-in type schemas (OpenAPI definitions), shared by the generator
 * (expanding embedded built-in types into CRD schemas) and the API server (strategic-merge-patch
 * strategies, OpenAPI documents and explain for built-in kinds).
 */
export type { BuiltinSchema } from './schema.ts';
export { refName, refTo } from './schema.ts';
export {
  builtinDefinition,
  builtinDefinitionNames,
  clientNodeTypeForDefinition,
  definitionForClientNodeType,
  definitionForKind,
} from './catalogue.ts';
export { scalarDefinitionNames, packageOfGroup } from './naming.ts';

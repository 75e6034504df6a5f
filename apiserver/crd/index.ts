/**
 * The CRD machinery of the API server: CRD admission, compiled custom resource admission
 * (pruning, defaulting, OpenAPI and CEL validation), CRD status conditions and version conversion.
 */
export { validateCustomResourceDefinition, defaultCustomResourceDefinition } from './validate-crd.ts';
export { compileCrd, convertNone, type CompiledCrd } from './compile.ts';
export { CompiledCrdVersion, CEL_SKIPPED_MESSAGE, type AdmitOptions } from './admit.ts';
export { crdStatusConditions, crdStatus, acceptedNames, findNameConflict, type NameConflict } from './conditions.ts';
export { validateStructural } from './structural.ts';
export { toCauses, errorString, type FieldError } from '../validation/field-errors.ts';
export type {
  JSONSchemaProps, ValidationRule, CustomResourceDefinition, CustomResourceDefinitionVersion, CustomResourceColumnDefinition,
  CustomResourceDefinitionNames,
} from './schema.ts';

/**
 * Server-side apply and managedFields: ownership of fields by managers, conflicts, and the FieldsV1
 * encoding, with Kubernetes semantics.
 */
export { serverSideApply, recordUpdate, type ApplyOptions, type UpdateOptions } from './field-manager.ts';
export { FieldSet, pathString, fieldPE, keyPE, valuePE, indexPE, type Path, type PathElement } from './fieldpath.ts';
export { decodeManagedFields, encodeManagedFields, managerId, type ManagerFields } from './managed-fields.ts';
export { applyConflictError, printManager, type FieldConflict } from './conflict.ts';
export { objectSchema, schemaNodeFromOpenApi, type SchemaNode } from './schema.ts';
export { toFieldSet, compare, merge, type Comparison } from './typed-value.ts';

/**
 * Patch formats of the Kubernetes API: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and
 * strategic merge patch for built-in kinds. Pure functions over JSON values; errors are StatusErrors.
 */
export { applyJsonPatch, maxJsonPatchOperations, type JsonPatchOptions } from './json-patch.ts';
export { applyMergePatch, mergePatchValue } from './merge-patch.ts';
export { applyStrategicMergePatch, goFormat } from './strategic-merge-patch.ts';
export { patchSchemaFor, openApiPatchSchema, untypedPatchSchema, type PatchSchema, type PatchMeta } from './patch-schema.ts';

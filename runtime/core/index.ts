/** Shared Kubernetes primitives with no I/O: metadata, identities, Status errors, selectors and CRD schemas. */
export * from './meta.ts';
export * from './gvk.ts';
export * from './errors.ts';
export * from './selectors.ts';
export * from './schema.ts';

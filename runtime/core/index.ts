/** Shared Kubernetes primitives with no I/O: metadata, identities, Status errors and selectors. */
export * from './meta.ts';
export * from './gvk.ts';
export * from './errors.ts';
export * from './selectors.ts';

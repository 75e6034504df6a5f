/** Kubernetes clients: direct, cache-backed and per-resource typed, with built-in descriptors. */
export * from './types.ts';
export * from './resource.ts';
export * from './builtins.ts';
export * from './transport.ts';
export * from './api-client.ts';
export * from './cached-client.ts';
export * from './typed.ts';

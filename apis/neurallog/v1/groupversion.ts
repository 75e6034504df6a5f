/**
 * @packageDocumentation
 * The neurallog.io API: a Tenant is one isolated NeuralLog installation (namespace, Redis, server)
 * managed as a single cluster-scoped object.
 * +groupName=neurallog.io
 * +versionName=v1
 */

/** The API group and version of the types in this directory. */
export const GroupVersion = { group: 'neurallog.io', version: 'v1' } as const;

/**
 * @packageDocumentation
 * The sandbox.tsop.dev API: short-lived sandboxes that fork a few services of a baseline
 * environment, the routes that send tagged requests to them, and workloads running on a
 * developer's machine that stand in for a service.
 * +groupName=sandbox.tsop.dev
 * +versionName=v1alpha1
 */

/** The API group and version of the types in this directory. */
export const GroupVersion = { group: 'sandbox.tsop.dev', version: 'v1alpha1' } as const;

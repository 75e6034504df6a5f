/**
 * @packageDocumentation
 * The dr-syncer.io API: remote clusters to replicate to, and the cluster- and namespace-level
 * mappings that say what is copied where, on which schedule.
 * +groupName=dr-syncer.io
 * +versionName=v1alpha1
 */

/** The API group and version of the types in this directory. */
export const GroupVersion = { group: 'dr-syncer.io', version: 'v1alpha1' } as const;

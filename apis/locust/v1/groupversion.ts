/**
 * @packageDocumentation
 * The first, deprecated version of the locust.io API: a flat LocustTest spec. Still served so that
 * existing manifests keep working; v2 is the storage version.
 * +groupName=locust.io
 * +versionName=v1
 */

/** The API group and version of the types in this directory. */
export const GroupVersion = { group: 'locust.io', version: 'v1' } as const;

/**
 * @packageDocumentation
 * The current locust.io API: LocustTest with the master and worker roles configured separately,
 * environment injection, scheduling, security and observability settings.
 * +groupName=locust.io
 * +versionName=v2
 */

/** The API group and version of the types in this directory. */
export const GroupVersion = { group: 'locust.io', version: 'v2' } as const;

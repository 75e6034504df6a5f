/**
 * @packageDocumentation
 * The {{fullGroup}} {{version}} API.
 * +groupName={{fullGroup}}
 * +versionName={{version}}
 */

/** The API group and version of the types in this directory. */
export const GroupVersion = { group: '{{fullGroup}}', version: '{{version}}' } as const;

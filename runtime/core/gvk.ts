/**
 * Group/version/kind and group/version/resource identities.
 */

/** Identifies a kind in an API group version. Group is "" for the core group. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Identifies a resource (plural, lower case) in an API group version. */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** Splits `group/version` (or bare `v1` for the core group) into its parts. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Joins a group and version into an apiVersion string (`v1` for the core group). */
export function formatApiVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The GroupVersionKind of a serialized object's apiVersion and kind. */
export function gvkOf(obj: { apiVersion?: string; kind?: string }): GroupVersionKind {
  return { ...parseApiVersion(obj.apiVersion ?? ''), kind: obj.kind ?? '' };
}

/** Formats a GVK the way Kubernetes error messages do: `Kind.version.group`. */
export function gvkString(gvk: GroupVersionKind): string {
  return gvk.group ? `${gvk.kind}.${gvk.version}.${gvk.group}` : `${gvk.kind}.${gvk.version}`;
}

/** Formats a group resource as Kubernetes errors do: `plural.group` or `plural` for the core group. */
export function groupResourceString(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** Describes how a kind is served: names, scope and identity. Shared by clients, cache and server. */
export interface ResourceDescriptor {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular?: string;
  listKind?: string;
  shortNames?: string[];
  namespaced: boolean;
}

/** The REST path of a resource collection or one object, as the API server routes it. */
export function resourcePath(desc: ResourceDescriptor, namespace?: string, name?: string, subresource?: string): string {
  const base = desc.group ? `/apis/${desc.group}/${desc.version}` : `/api/${desc.version}`;
  let path = desc.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${desc.plural}` : `${base}/${desc.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

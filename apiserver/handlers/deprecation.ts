/**
 * Deprecation warnings of served versions. A CRD version marked `deprecated: true` warns on every
 * request to it with its deprecationWarning, or by default `<group>/<version> <Kind> is deprecated`
 * followed by `; use <group>/<version> <Kind>` naming the most preferred served, non-deprecated
 * version that ranks above it. Built-in versions warn from the release that deprecated them.
 */
import type { ResourceType } from '../resources/types.ts';
import { compareVersionPriority } from '../resources/versions.ts';

interface CrdVersion {
  name: string;
  served?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string | null;
}

/** A built-in kind deprecated in a release: the warning starts with that release. */
interface BuiltinDeprecation {
  apiVersion: string;
  kind: string;
  since: [number, number];
  replacement?: string;
}

const BUILTIN_DEPRECATIONS: BuiltinDeprecation[] = [
  { apiVersion: 'v1', kind: 'Endpoints', since: [1, 33], replacement: 'discovery.k8s.io/v1 EndpointSlice' },
];

function crdVersions(rt: ResourceType): CrdVersion[] {
  return ((rt.crd?.spec as { versions?: CrdVersion[] } | undefined)?.versions) ?? [];
}

/** The warning Kubernetes gives for a deprecated CRD version without deprecationWarning. */
export function defaultCrdDeprecationWarning(group: string, kind: string, deprecatedVersion: string, versions: CrdVersion[]): string {
  const text = `${group}/${deprecatedVersion} ${kind} is deprecated`;
  // Only versions that rank above the deprecated one are recommended instead.
  const better = versions
    .filter((v) => v.served && !v.deprecated && compareVersionPriority(v.name, deprecatedVersion) < 0)
    .map((v) => v.name)
    .sort(compareVersionPriority);
  return better.length ? `${text}; use ${group}/${better[0]} ${kind}` : text;
}

function kubeMinor(kubeVersion: string): [number, number] {
  const [major, minor] = kubeVersion.split('.').map((p) => Number.parseInt(p, 10));
  return [major || 0, minor || 0];
}

/** The deprecation warnings of a request to rt on a server reporting kubeVersion (`major.minor`). */
export function deprecationWarnings(rt: ResourceType, kubeVersion: string): string[] {
  if (rt.crd) {
    const v = crdVersions(rt).find((x) => x.name === rt.version);
    if (!v?.deprecated) return [];
    const text = v.deprecationWarning ?? defaultCrdDeprecationWarning(rt.group, rt.kind, rt.version, crdVersions(rt));
    return text ? [text] : [];
  }
  const apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
  const d = BUILTIN_DEPRECATIONS.find((x) => x.apiVersion === apiVersion && x.kind === rt.kind);
  if (!d) return [];
  const [major, minor] = kubeMinor(kubeVersion);
  if (major < d.since[0] || (major === d.since[0] && minor < d.since[1])) return [];
  const text = `${apiVersion} ${rt.kind} is deprecated in v${d.since[0]}.${d.since[1]}+`;
  return [d.replacement ? `${text}; use ${d.replacement}` : text];
}

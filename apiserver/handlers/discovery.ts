/**
 * Discovery: aggregated (apidiscovery.k8s.io/v2) and legacy documents for /api, /apis, /apis/<g>,
 * /api/v1 and /apis/<g>/<v>, built from the live resource catalog.
 */
import { statusError } from '../../runtime/core/errors.ts';
import type { DiscoveryRequest } from '../http/request-info.ts';
import { AGGREGATED_DISCOVERY_TYPE, type Negotiated } from '../http/negotiate.ts';
import type { ResourceCatalog } from '../resources/catalog.ts';
import type { ResourceType } from '../resources/types.ts';

const SUB_VERBS = ['get', 'patch', 'update'];

function subresourcesOf(rt: ResourceType): { name: string; kind: { group: string; version: string; kind: string }; verbs: string[] }[] {
  const self = { group: rt.group, version: rt.version, kind: rt.kind };
  const out = [];
  if (rt.status) out.push({ name: 'status', kind: self, verbs: SUB_VERBS });
  if (rt.scale) out.push({ name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: SUB_VERBS });
  for (const x of rt.extraSubresources) {
    if (x === 'token') out.push({ name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] });
    if (x === 'finalize') out.push({ name: 'finalize', kind: self, verbs: ['update'] });
    if (x === 'ephemeralcontainers') out.push({ name: x, kind: self, verbs: SUB_VERBS });
  }
  return out;
}

function aggregatedResource(rt: ResourceType): Record<string, unknown> {
  const r: Record<string, unknown> = {
    resource: rt.plural, responseKind: { group: rt.group, version: rt.version, kind: rt.kind },
    scope: rt.namespaced ? 'Namespaced' : 'Cluster', singularResource: rt.singular, verbs: rt.verbs,
  };
  if (rt.shortNames.length) r.shortNames = rt.shortNames;
  if (rt.categories.length) r.categories = rt.categories;
  const subs = subresourcesOf(rt);
  if (subs.length) r.subresources = subs.map((s) => ({ subresource: s.name, responseKind: s.kind, verbs: s.verbs }));
  return r;
}

function aggregated(catalog: ResourceCatalog, legacy: boolean): object {
  const items = catalog.groups().filter((g) => (g.name === '') === legacy).map((g) => ({
    metadata: { name: g.name, creationTimestamp: null },
    versions: g.versions.map((v) => ({
      version: v, freshness: 'Current',
      resources: (catalog.groupVersion(g.name, v) ?? []).map(aggregatedResource),
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

function resourceList(catalog: ResourceCatalog, group: string, version: string): object {
  const rts = catalog.groupVersion(group, version);
  if (!rts) throw statusError('NotFound', { message: 'the server could not find the requested resource' });
  const resources: Record<string, unknown>[] = [];
  for (const rt of rts) {
    const r: Record<string, unknown> = { name: rt.plural, singularName: rt.singular, namespaced: rt.namespaced, kind: rt.kind, verbs: rt.verbs };
    if (rt.shortNames.length) r.shortNames = rt.shortNames;
    if (rt.categories.length) r.categories = rt.categories;
    resources.push(r);
    for (const s of subresourcesOf(rt)) {
      const sr: Record<string, unknown> = { name: `${rt.plural}/${s.name}`, singularName: '', namespaced: rt.namespaced, kind: s.kind.kind, verbs: s.verbs };
      if (s.kind.group !== rt.group || s.kind.version !== rt.version) { sr.group = s.kind.group; sr.version = s.kind.version; }
      resources.push(sr);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

function apiGroup(catalog: ResourceCatalog, name: string): Record<string, unknown> | undefined {
  const g = catalog.groups().find((x) => x.name === name);
  if (!g) return undefined;
  const versions = g.versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions, preferredVersion: versions[0] };
}

/** The document for a discovery path and its Content-Type. */
export function discoveryDocument(catalog: ResourceCatalog, d: DiscoveryRequest, accept: Negotiated, serverAddress: string): { body: object; contentType: string } {
  const json = 'application/json';
  if (d.version !== undefined) return { body: resourceList(catalog, d.group ?? '', d.version), contentType: json };
  if (d.legacy) {
    if (accept.aggregatedDiscovery) return { body: aggregated(catalog, true), contentType: AGGREGATED_DISCOVERY_TYPE };
    return { body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] }, contentType: json };
  }
  if (d.group !== undefined) {
    const g = apiGroup(catalog, d.group);
    if (!g) throw statusError('NotFound', { message: 'the server could not find the requested resource' });
    return { body: { kind: 'APIGroup', apiVersion: 'v1', ...g }, contentType: json };
  }
  if (accept.aggregatedDiscovery) return { body: aggregated(catalog, false), contentType: AGGREGATED_DISCOVERY_TYPE };
  const groups = catalog.groups().filter((g) => g.name !== '').map((g) => apiGroup(catalog, g.name));
  return { body: { kind: 'APIGroupList', apiVersion: 'v1', groups }, contentType: json };
}

/**
 * Which resource types a mapping copies: `resourceTypes` names built-in kinds (plural, singular or
 * short, any case; `*` or nothing means the default set), `namespaceScopedResources` adds any
 * namespaced type as `plural.group`, resolved through the source cluster's discovery.
 */
import {
  ConfigMaps, Deployments, Ingresses, PersistentVolumeClaims, Secrets, Services, defineResource,
  type ApiClient, type Resource,
} from '../../runtime/index.ts';

/** The types copied when a mapping lists none. */
export const DEFAULT_RESOURCE_TYPES = ['configmaps', 'secrets', 'deployments', 'services', 'ingresses', 'persistentvolumeclaims'] as const;

const BUILTIN: Record<string, Resource> = {
  configmaps: ConfigMaps, configmap: ConfigMaps, cm: ConfigMaps,
  secrets: Secrets, secret: Secrets,
  deployments: Deployments, deployment: Deployments, deploy: Deployments,
  services: Services, service: Services, svc: Services,
  ingresses: Ingresses, ingress: Ingresses, ing: Ingresses,
  persistentvolumeclaims: PersistentVolumeClaims, persistentvolumeclaim: PersistentVolumeClaims, pvc: PersistentVolumeClaims, pvcs: PersistentVolumeClaims,
};

/** The built-in descriptors of resourceTypes, deduplicated, in the given order; unknown names are returned apart. */
export function builtinTypes(resourceTypes: readonly string[] | undefined): { resources: Resource[]; unknown: string[] } {
  const names = resourceTypes?.map((t) => t.trim().toLowerCase()).filter(Boolean) ?? [];
  const wanted = names.length === 0 || names.includes('*') ? [...DEFAULT_RESOURCE_TYPES, ...names.filter((n) => n !== '*')] : names;
  const resources: Resource[] = [];
  const unknown: string[] = [];
  for (const n of wanted) {
    const r = BUILTIN[n];
    if (!r) unknown.push(n);
    else if (!resources.includes(r)) resources.push(r);
  }
  return { resources, unknown };
}

interface ApiGroup { preferredVersion?: { version: string }; versions?: { version: string }[] }
interface ApiResourceList { resources: { name: string; kind: string; namespaced: boolean; singularName?: string }[] }

/** Resolves `plural.group` names through discovery; names that do not resolve are returned apart. */
export async function discoverTypes(client: ApiClient, refs: readonly string[]): Promise<{ resources: Resource[]; unknown: string[] }> {
  const resources: Resource[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const dot = ref.indexOf('.');
    if (dot <= 0) { unknown.push(ref); continue; }
    const plural = ref.slice(0, dot).toLowerCase();
    const group = ref.slice(dot + 1).toLowerCase();
    try {
      const g = await client.transport.json<ApiGroup>({ method: 'GET', path: `/apis/${group}` });
      const version = g.preferredVersion?.version ?? g.versions?.[0]?.version;
      if (!version) { unknown.push(ref); continue; }
      const list = await client.transport.json<ApiResourceList>({ method: 'GET', path: `/apis/${group}/${version}` });
      const found = list.resources.find((r) => r.name === plural);
      if (!found || !found.namespaced) { unknown.push(ref); continue; }
      resources.push(defineResource({ group, version, kind: found.kind, plural, singular: found.singularName || found.kind.toLowerCase(), listKind: `${found.kind}List`, namespaced: true }));
    } catch {
      unknown.push(ref);
    }
  }
  return { resources, unknown };
}

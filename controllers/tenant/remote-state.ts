/**
 * What exists for a tenant right now: its namespace and children, and whether the ConfigMaps and
 * Secrets its server environment refers to are there.
 */
import { ConfigMaps, Deployments, Namespaces, NetworkPolicies, Secrets, Services, StatefulSets, isNotFound, type Client, type KubeObject, type Resource } from '../../runtime/index.ts';
import type { Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { TENANT_LABEL, childNames } from './kinds.ts';
import { requiredEnvReferences } from './server.ts';

/** The live objects of one tenant (absent ones undefined). */
export interface TenantRemoteState {
  namespace?: KubeObject;
  redisConfig?: KubeObject;
  redisService?: KubeObject;
  redisStatefulSet?: KubeObject;
  serverService?: KubeObject;
  serverDeployment?: KubeObject;
  /** NetworkPolicies in the namespace carrying the tenant label. */
  networkPolicies: KubeObject[];
  /** Why required environment references cannot be resolved (empty when all resolve). */
  missingReferences: string[];
}

async function getOptional(client: Client, res: Resource, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
  try {
    return await client.get(res, { namespace, name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function hasKey(obj: KubeObject, key: string): boolean {
  const maps = [obj.data, obj.binaryData, obj.stringData] as (Record<string, unknown> | undefined)[];
  return maps.some((m) => m !== undefined && Object.hasOwn(m, key));
}

/** Reads the tenant's live state. */
export async function fetchTenantState(client: Client, t: Tenant): Promise<TenantRemoteState> {
  const tenant = t.metadata!.name!;
  const names = childNames(tenant);
  const ns = names.namespace;
  const namespace = await getOptional(client, Namespaces, undefined, ns);
  if (!namespace) return { networkPolicies: [], missingReferences: [] };
  const [redisConfig, redisService, redisStatefulSet, serverService, serverDeployment, policies] = await Promise.all([
    getOptional(client, ConfigMaps, ns, names.redisConfig),
    getOptional(client, Services, ns, names.redis),
    getOptional(client, StatefulSets, ns, names.redis),
    getOptional(client, Services, ns, names.server),
    getOptional(client, Deployments, ns, names.server),
    client.list(NetworkPolicies, { namespace: ns, labelSelector: `${TENANT_LABEL}=${tenant}` }),
  ]);
  const missingReferences: string[] = [];
  for (const ref of requiredEnvReferences(t)) {
    const obj = await getOptional(client, ref.kind === 'Secret' ? Secrets : ConfigMaps, ns, ref.name);
    if (!obj) missingReferences.push(`${ref.kind} ${ns}/${ref.name} not found`);
    else if (!hasKey(obj, ref.key)) missingReferences.push(`${ref.kind} ${ns}/${ref.name} has no key "${ref.key}"`);
  }
  return { namespace, redisConfig, redisService, redisStatefulSet, serverService, serverDeployment, networkPolicies: policies.items, missingReferences };
}

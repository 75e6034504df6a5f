/**
 * Finding the baseline of a sandbox service: its Deployment, and the Service in front of it (the
 * one named like the Deployment, else the first by name whose selector picks the Deployment's pods).
 */
import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import type { Sandbox, SandboxService } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import { Deployments, Services, isNotFound, type Client } from '../../runtime/index.ts';
import type { Baseline } from './fork.ts';

/** Where a service's baseline lives. */
export function baselineKey(sb: Sandbox, svc: SandboxService): { namespace: string; name: string } {
  return { namespace: svc.baseline.namespace || sb.metadata?.namespace || '', name: svc.baseline.name };
}

/** `namespace/name` of a service's baseline Deployment (also the index value of the baseline watch). */
export function baselineKeyString(sb: Sandbox, svc: SandboxService): string {
  const k = baselineKey(sb, svc);
  return `${k.namespace}/${k.name}`;
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** The baseline of svc, or undefined when its Deployment does not exist. */
export async function resolveBaseline(client: Pick<Client, 'get' | 'list'>, sb: Sandbox, svc: SandboxService): Promise<Baseline | undefined> {
  const key = baselineKey(sb, svc);
  let deployment: V1Deployment;
  try {
    deployment = await client.get(Deployments, key) as V1Deployment;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const services = (await client.list(Services, { namespace: key.namespace })).items as V1Service[];
  const labels = deployment.spec?.template?.metadata?.labels ?? {};
  const named = services.find((s) => s.metadata?.name === key.name && selects(s.spec?.selector, labels));
  const service = named ?? services
    .filter((s) => selects(s.spec?.selector, labels))
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))[0];
  return service ? { deployment, service } : { deployment };
}

/**
 * Compute resources of the containers. A test's own resources replace the defaults whole (as in
 * any pod spec); otherwise role-specific operator defaults apply field by field over the unified
 * ones.
 */
import type { V1ResourceRequirements } from '@kubernetes/client-node';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import type { LocustOperatorConfig, ResourceAmounts, ResourceDefaults } from './config.ts';
import type { NodeMode } from './naming.ts';

function list(a: ResourceAmounts): Record<string, string> {
  const out: Record<string, string> = {};
  if (a.cpu) out.cpu = a.cpu;
  if (a.memory) out.memory = a.memory;
  if (a.ephemeralStorage) out['ephemeral-storage'] = a.ephemeralStorage;
  return out;
}

function over(role: ResourceAmounts, base: ResourceAmounts): ResourceAmounts {
  return { cpu: role.cpu || base.cpu, memory: role.memory || base.memory, ephemeralStorage: role.ephemeralStorage || base.ephemeralStorage };
}

/** Requirements built from operator defaults. */
export function requirementsOf(d: ResourceDefaults): V1ResourceRequirements {
  return { requests: list(d.requests), limits: list(d.limits) };
}

/** The resources of a role's Locust container. */
export function locustResources(lt: LocustTest, cfg: LocustOperatorConfig, mode: NodeMode): V1ResourceRequirements {
  const own = mode === 'master' ? lt.spec?.master.resources : lt.spec?.worker.resources;
  if (own && (Object.keys(own.requests ?? {}).length || Object.keys(own.limits ?? {}).length)) return structuredClone(own);
  const role = mode === 'master' ? cfg.masterResources : cfg.workerResources;
  return requirementsOf({ requests: over(role.requests, cfg.podResources.requests), limits: over(role.limits, cfg.podResources.limits) });
}

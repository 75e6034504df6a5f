/** Container resources from the tenant's request/limit pairs, each missing value taken from a default. */
import type { ResourceRequirements } from '../../apis/neurallog/v1/tenant_types.ts';
import { quantityExceeds } from './quantity.ts';

/** core/v1 ResourceRequirements. */
export interface ContainerResources {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

/** Per-component defaults (seed values: Redis 100m/128Mi → 300m/256Mi, server 100m/128Mi → 500m/512Mi). */
export const DefaultResources = {
  redis: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '300m', memory: '256Mi' } },
  server: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
} as const satisfies Record<string, ContainerResources>;

/**
 * Merges spec values over the defaults; storage belongs to volumes, not containers.
 *
 * A default never overrules the value the tenant gave beside it: a request above the default limit
 * raises the limit to the request, and a limit below the default request lowers the request to the
 * limit. Otherwise the pod template would ask for more than it allows, which the API server refuses
 * (requests must not exceed limits), and the workload could never be written. A pair the tenant gave
 * in full is left alone: validation reports it when the request exceeds the limit.
 */
export function containerResources(spec: ResourceRequirements | undefined, defaults: ContainerResources): ContainerResources {
  const out: ContainerResources = { requests: { ...defaults.requests }, limits: { ...defaults.limits } };
  for (const kind of ['cpu', 'memory'] as const) {
    const request = spec?.[kind]?.request;
    const limit = spec?.[kind]?.limit;
    if (request) out.requests[kind] = request;
    if (limit) out.limits[kind] = limit;
    const effectiveRequest = out.requests[kind];
    const effectiveLimit = out.limits[kind];
    if (effectiveRequest === undefined || effectiveLimit === undefined || !quantityExceeds(effectiveRequest, effectiveLimit)) continue;
    if (request && !limit) out.limits[kind] = request;
    else if (limit && !request) out.requests[kind] = limit;
  }
  return out;
}

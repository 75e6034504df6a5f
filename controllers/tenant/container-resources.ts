/** Container resources from the tenant's request/limit pairs, each missing value taken from a default. */
import type { ResourceRequirements } from '../../apis/neurallog/v1/tenant_types.ts';

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

/** Merges spec values over the defaults; storage belongs to volumes, not containers. */
export function containerResources(spec: ResourceRequirements | undefined, defaults: ContainerResources): ContainerResources {
  const out: ContainerResources = { requests: { ...defaults.requests }, limits: { ...defaults.limits } };
  for (const kind of ['cpu', 'memory'] as const) {
    const r = spec?.[kind];
    if (r?.request) out.requests[kind] = r.request;
    if (r?.limit) out.limits[kind] = r.limit;
  }
  return out;
}

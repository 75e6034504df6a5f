/**
 * What Services hold across the cluster (node ports, the health check port, cluster IPs) and
 * what writes in flight have taken but not yet stored. A write takes its allocations as it is
 * prepared, before its validating webhooks run, and holds them as a reservation until it is
 * stored or fails: a write running at the same time sees them taken, as it would in Kubernetes'
 * allocators, whose operations also hold a value from allocation to commit or revert.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ApiContext } from './context.ts';
import { objectAt, objectsIn, type Obj } from './builtin-pod-defaults.ts';

const SERVICES = '/services';

/** The values one service holds in the cluster-wide allocators. */
export interface ServiceAllocations {
  /** Node ports of its ports, then its health check port. */
  nodePorts: number[];
  /** Its cluster IPs, without the headless `None`. */
  clusterIPs: string[];
}

/** A port's node port, 0 when it has none. */
export const nodePortOf = (p: Obj): number => (typeof p.nodePort === 'number' ? p.nodePort : 0);

/** What a service spec holds. Cluster IPs are compared as written; the allocator writes them canonically. */
export function allocationsOf(spec: Obj | undefined): ServiceAllocations {
  const nodePorts = objectsIn(spec?.ports).map(nodePortOf).filter((n) => n);
  if (typeof spec?.healthCheckNodePort === 'number' && spec.healthCheckNodePort) nodePorts.push(spec.healthCheckNodePort);
  const ips = Array.isArray(spec?.clusterIPs) && spec.clusterIPs.length ? spec.clusterIPs : [spec?.clusterIP];
  const clusterIPs = ips.filter((ip): ip is string => typeof ip === 'string' && ip !== '' && ip !== 'None');
  return { nodePorts, clusterIPs };
}

/** What a write took and has not yet stored, with the uid of the service it writes. */
interface Reservation { uid: string | undefined; held: ServiceAllocations }

/** Reservations of each server, keyed by its store so that servers in one process stay apart. */
const reservations = new WeakMap<object, Set<Reservation>>();

function reservationsOf(ctx: ApiContext): Set<Reservation> {
  let set = reservations.get(ctx.store);
  if (!set) reservations.set(ctx.store, (set = new Set()));
  return set;
}

/**
 * Where a write allocates. A dry run allocates as Kubernetes' dry-run allocators do: it takes
 * nothing, a requested cluster IP is only checked against the range, a requested node port only
 * against the ports in use, and automatic values are placeholders.
 */
export interface AllocationScope {
  ctx: ApiContext;
  dryRun: boolean;
}

/** Values in use, as sets the caller may add to. */
export interface AllocationsInUse { nodePorts: Set<number>; clusterIPs: Set<string> }

/**
 * Values held by stored services and by writes in flight, except those of the service `except`
 * (its own update, which may keep what it has).
 */
export function allocationsInUse(ctx: ApiContext, except?: KubeObject): AllocationsInUse {
  const uid = except?.metadata.uid;
  const used: AllocationsInUse = { nodePorts: new Set(), clusterIPs: new Set() };
  const add = (held: ServiceAllocations) => {
    for (const port of held.nodePorts) used.nodePorts.add(port);
    for (const ip of held.clusterIPs) used.clusterIPs.add(ip);
  };
  for (const s of ctx.store.list(SERVICES)) if (!uid || s.metadata.uid !== uid) add(allocationsOf(objectAt(s.spec)));
  for (const r of reservationsOf(ctx)) if (!uid || r.uid !== uid) add(r.held);
  return used;
}

/**
 * Holds what a prepared service now has until the returned function is called, once the write
 * is stored or has failed. Call it in the same synchronous step as the allocation.
 */
export function reserveServiceAllocations(ctx: ApiContext, obj: KubeObject): () => void {
  const held = allocationsOf(objectAt(obj.spec));
  if (!held.nodePorts.length && !held.clusterIPs.length) return () => {};
  const reservation: Reservation = { uid: obj.metadata.uid, held };
  const set = reservationsOf(ctx);
  set.add(reservation);
  return () => { set.delete(reservation); };
}

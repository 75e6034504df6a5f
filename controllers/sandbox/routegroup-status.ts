/**
 * The RouteGroup status: route counts and the Accepted, ResolvedRefs and Programmed conditions,
 * derived from the route table that was just published.
 */
import type { RouteGroupStatus } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import { findStatusCondition, setStatusCondition, type Condition } from '../../runtime/index.ts';
import type { RouteTable } from './route-table.ts';

/** Condition types of a RouteGroup. */
export const RouteGroupCondition = { Accepted: 'Accepted', ResolvedRefs: 'ResolvedRefs', Programmed: 'Programmed' } as const;

/** An event the status change calls for. */
export interface RouteGroupEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

/** Writes counts and conditions for table (published in ConfigMap configMap) into status. */
export function applyRouteTable(status: RouteGroupStatus, table: RouteTable, configMap: string, generation: number | undefined, now: Date): RouteGroupEvent[] {
  const conditions: Condition[] = (status.conditions ??= []) as Condition[];
  const events: RouteGroupEvent[] = [];
  const total = table.routes.length;
  const active = table.routes.filter((r) => r.active).length;
  status.totalRoutes = total;
  status.resolvedRoutes = active;
  status.routeTable = configMap;
  status.observedGeneration = generation;
  const g = { observedGeneration: generation };

  const label = (i: number) => `route ${i + 1} (${table.routes[i]!.routingKey} -> ${table.routes[i]!.sandbox})`;
  const duplicates = table.routes.flatMap((r, i) => (r.reason === 'DuplicateRoute' ? [i] : []));
  setStatusCondition(conditions, duplicates.length
    ? { ...g, type: RouteGroupCondition.Accepted, status: 'False', reason: 'DuplicateRoute', message: `${duplicates.map(label).join(', ')} match the same requests as an earlier route and are never used` }
    : { ...g, type: RouteGroupCondition.Accepted, status: 'True', reason: 'Accepted', message: 'every route is reachable' }, now);

  const unresolved = table.routes.flatMap((r, i) => (r.reason && r.reason !== 'DuplicateRoute' ? [`${label(i)}: ${r.reason}`] : []));
  const before = findStatusCondition(conditions, RouteGroupCondition.ResolvedRefs);
  const prior = before ? { status: before.status, message: before.message } : undefined;
  if (unresolved.length) {
    const message = unresolved.join('; ');
    setStatusCondition(conditions, { ...g, type: RouteGroupCondition.ResolvedRefs, status: 'False', reason: 'InactiveRoutes', message }, now);
    if (prior?.message !== message) events.push({ type: 'Warning', reason: 'InactiveRoutes', message });
  } else {
    setStatusCondition(conditions, { ...g, type: RouteGroupCondition.ResolvedRefs, status: 'True', reason: 'AllRoutesResolved', message: 'every route points at a ready sandbox' }, now);
    if (prior?.status === 'False') events.push({ type: 'Normal', reason: 'RoutesResolved', message: 'every route points at a ready sandbox' });
  }

  setStatusCondition(conditions, { ...g, type: RouteGroupCondition.Programmed, status: 'True', reason: 'RouteTableWritten', message: `route table in ConfigMap ${configMap}: ${active} of ${total} routes active` }, now);
  return events;
}

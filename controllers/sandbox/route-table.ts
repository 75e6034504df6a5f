/**
 * The route table of a RouteGroup: what the routing proxy reads from the `<routegroup>-routes`
 * ConfigMap. Routes keep their spec order (the first match wins); each says whether it is active
 * and, when it is, which forked Service stands in for which baseline. The JSON text is
 * deterministic (fixed key order, sorted maps) so an unchanged table is never rewritten.
 */
import type { Route, RouteGroup } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import { findStatusCondition } from '../../runtime/index.ts';
import { baselineKeyString } from './baseline.ts';
import { forkName, serviceHost } from './naming.ts';

/** Key of the route table in the ConfigMap's data. */
export const ROUTE_TABLE_KEY = 'routes.json';

/** Header that carries the routing key when the spec names none. */
export const DEFAULT_ROUTING_KEY_HEADER = 'X-Routing-Key';

/** Why a route is not in effect. */
export type InactiveReason = 'SandboxNotFound' | 'SandboxNotReady' | 'SandboxTerminating' | 'DuplicateRoute';

/** One forked service a route sends traffic to. */
export interface RouteTarget {
  /** The sandbox service. */
  service: string;
  /** The baseline Deployment it replaces, `namespace/name`. */
  baseline: string;
  /** Host name of the fork's Service. */
  host: string;
}

/** One entry of the route table. */
export interface RouteEntry {
  routingKey: string;
  sandbox: string;
  active: boolean;
  reason?: InactiveReason;
  paths: { exact?: string; prefix?: string }[];
  headers: Record<string, string>;
  targets: RouteTarget[];
}

/** The whole table. */
export interface RouteTable {
  routeGroup: string;
  routingKeyHeader: string;
  routes: RouteEntry[];
}

/** Why a route to sandbox is inactive, or undefined when it is active. */
export function inactiveReason(sandbox: Sandbox | undefined): InactiveReason | undefined {
  if (!sandbox) return 'SandboxNotFound';
  if (sandbox.metadata?.deletionTimestamp || sandbox.status?.phase === 'Terminating') return 'SandboxTerminating';
  const ready = findStatusCondition(sandbox.status?.conditions, 'Ready');
  if (sandbox.status?.phase !== 'Running' || ready?.status !== 'True') return 'SandboxNotReady';
  return undefined;
}

function sortedRecord(r: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(r ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function matchKey(route: Route): string {
  const paths = (route.paths ?? []).map((p) => (p.exact !== undefined ? `=${p.exact}` : `^${p.prefix ?? ''}`)).sort();
  return JSON.stringify([route.routingKey, paths]);
}

function targetsOf(sandbox: Sandbox): RouteTarget[] {
  const ns = sandbox.metadata?.namespace ?? '';
  return (sandbox.spec?.services ?? []).map((svc) => ({
    service: svc.name,
    baseline: baselineKeyString(sandbox, svc),
    host: sandbox.status?.services?.find((s) => s.name === svc.name)?.endpoint ?? serviceHost(forkName(sandbox.metadata?.name ?? '', svc.name), ns),
  }));
}

/**
 * Builds the table from the RouteGroup and the sandboxes its routes name (absent ones are
 * missing from `sandboxes`). A route matching exactly what an earlier one matches can never be
 * chosen and is marked DuplicateRoute.
 */
export function buildRouteTable(rg: RouteGroup, sandboxes: ReadonlyMap<string, Sandbox>): RouteTable {
  const seen = new Set<string>();
  const routes = (rg.spec?.routes ?? []).map((route): RouteEntry => {
    const key = matchKey(route);
    const sandbox = sandboxes.get(route.sandbox);
    const reason: InactiveReason | undefined = seen.has(key) ? 'DuplicateRoute' : inactiveReason(sandbox);
    seen.add(key);
    const entry: RouteEntry = {
      routingKey: route.routingKey, sandbox: route.sandbox, active: reason === undefined, ...(reason ? { reason } : {}),
      paths: (route.paths ?? []).map((p) => (p.exact !== undefined ? { exact: p.exact } : { prefix: p.prefix ?? '/' })),
      headers: sortedRecord(route.headers),
      targets: reason === undefined && sandbox ? targetsOf(sandbox) : [],
    };
    return entry;
  });
  return {
    routeGroup: `${rg.metadata?.namespace ?? ''}/${rg.metadata?.name ?? ''}`,
    routingKeyHeader: rg.spec?.routingKeyHeader || DEFAULT_ROUTING_KEY_HEADER,
    routes,
  };
}

/** The table as the ConfigMap stores it. */
export function renderRouteTable(table: RouteTable): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}

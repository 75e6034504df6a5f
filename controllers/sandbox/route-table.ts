/**
 * The route table of a RouteGroup: what the routing proxy reads from the `<routegroup>-routes`
 * ConfigMap. Routes keep their spec order (the first match wins); each says whether it is active
 * and, when it is, which forked Service stands in for which baseline (and which connected local
 * workload, if any, takes a service's traffic instead). The JSON text is
 * deterministic (fixed key order, sorted maps) so an unchanged table is never rewritten.
 */
import type { LocalWorkload } from '../../apis/sandbox/v1alpha1/localworkload_types.ts';
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
  /** A connected local workload that takes the service's traffic instead of the fork. */
  local?: LocalTarget;
}

/** Where a connected LocalWorkload receives traffic. */
export interface LocalTarget {
  /** The LocalWorkload's name. */
  workload: string;
  /** The tunnel its agent opened. */
  tunnelID?: string;
  /** Service port -> port on the developer's machine. */
  ports: { containerPort: number; localPort: number }[];
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

/** The connected workload standing in for service of sandbox (the first by name when several are). */
function localFor(sandbox: string, service: string, locals: readonly LocalWorkload[]): LocalTarget | undefined {
  const lw = locals
    .filter((l) => l.spec?.sandboxRef?.name === sandbox && l.spec.service?.name === service && l.status?.phase === 'Connected')
    .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1))[0];
  if (!lw) return undefined;
  return {
    workload: lw.metadata?.name ?? '',
    ...(lw.status?.tunnelID ? { tunnelID: lw.status.tunnelID } : {}),
    ports: [...lw.spec.service.ports].sort((a, b) => a.containerPort - b.containerPort).map((p) => ({ containerPort: p.containerPort, localPort: p.localPort })),
  };
}

function targetsOf(sandbox: Sandbox, locals: readonly LocalWorkload[]): RouteTarget[] {
  const ns = sandbox.metadata?.namespace ?? '';
  const name = sandbox.metadata?.name ?? '';
  return (sandbox.spec?.services ?? []).map((svc) => {
    const local = localFor(name, svc.name, locals);
    return {
      service: svc.name,
      baseline: baselineKeyString(sandbox, svc),
      host: sandbox.status?.services?.find((s) => s.name === svc.name)?.endpoint ?? serviceHost(forkName(name, svc.name), ns),
      ...(local ? { local } : {}),
    };
  });
}

/**
 * Builds the table from the RouteGroup, the sandboxes its routes name (absent ones are missing
 * from `sandboxes`) and the LocalWorkloads of its namespace. A route matching exactly what an earlier one matches can never be
 * chosen and is marked DuplicateRoute.
 */
export function buildRouteTable(rg: RouteGroup, sandboxes: ReadonlyMap<string, Sandbox>, locals: readonly LocalWorkload[] = []): RouteTable {
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
      targets: reason === undefined && sandbox ? targetsOf(sandbox, locals) : [],
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

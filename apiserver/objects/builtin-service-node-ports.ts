/**
 * The node port allocator of Services: node ports of NodePort and LoadBalancer services and the
 * health check port of a load balancer with a Local traffic policy, each held by one service in
 * the whole cluster. Ports held by writes still at their webhooks count as taken
 * (builtin-service-reservations.ts).
 */
import { statusError, type StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { objectsIn, type Obj } from './builtin-pod-defaults.ts';
import { allocationsInUse, nodePortOf, type AllocationScope } from './builtin-service-reservations.ts';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const OUT_OF_RANGE = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
const TAKEN = 'provided port is already allocated';

/** NodePort and LoadBalancer services have node ports. */
export const needsNodePorts = (spec: Obj): boolean => spec.type === 'NodePort' || spec.type === 'LoadBalancer';
/** A load balancer that keeps traffic on the receiving node has a health check port. */
export const needsHealthCheck = (spec: Obj): boolean => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';

let nextNodePort = NODE_PORT_MIN;

function takeNodePort(used: Set<number>): number | undefined {
  const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
  for (let i = 0; i < span; i++) {
    const port = NODE_PORT_MIN + ((nextNodePort - NODE_PORT_MIN + i) % span);
    if (!used.has(port)) {
      nextNodePort = port + 1;
      used.add(port);
      return port;
    }
  }
  return undefined;
}

/** Where a dry run's placeholder ports start when the write asks for none. */
const DRY_RUN_PORT_BASE = 32768;

/**
 * A dry run's placeholder for an automatic port: one above the highest port the write holds,
 * which Kubernetes' dry-run allocation answers instead of racing for a free one.
 */
function dryRunNodePort(held: number[]): number {
  const port = (held.length ? Math.max(...held) : DRY_RUN_PORT_BASE) + 1;
  held.push(port);
  return port;
}

const invalidNodePort = (field: string, port: number, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${port}: ${detail}` });

/**
 * The node ports a service asks for, checked as the allocator and validation check them: within
 * the range, not held by another service, and not repeated for one protocol (TCP and UDP may share
 * one port). The ports asked for are reserved in `used` so that allocation leaves them alone.
 */
function requestedNodePorts(ports: Obj[], used: Set<number>, checkRange: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const own = new Map<number, Set<unknown>>();
  ports.forEach((p, i) => {
    if (typeof p.nodePort !== 'number' || p.nodePort === 0) return;
    const field = `spec.ports[${i}].nodePort`;
    const protocols = own.get(p.nodePort);
    if (protocols?.has(p.protocol)) causes.push({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${p.nodePort}` });
    else if (checkRange && (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX)) causes.push(invalidNodePort(field, p.nodePort, OUT_OF_RANGE));
    else if (!protocols && used.has(p.nodePort)) causes.push(invalidNodePort(field, p.nodePort, TAKEN));
    own.set(p.nodePort, (protocols ?? new Set()).add(p.protocol));
  });
  for (const port of own.keys()) used.add(port);
  return causes;
}

/** Kubernetes reports what its allocator cannot do, other than take a requested node port, as an internal error (500). */
function allocationFailed(text: string): never {
  throw statusError('InternalError', { message: `Internal error occurred: ${text}`, causes: [{ message: text }] });
}

/** A health check port the service asks for, checked after its node ports. */
function checkRequestedHealthCheckPort(port: number, used: Set<number>, checkRange: boolean): void {
  const detail = checkRange && (port < NODE_PORT_MIN || port > NODE_PORT_MAX) ? OUT_OF_RANGE : used.has(port) ? TAKEN : undefined;
  if (detail) allocationFailed(`failed to allocate requested HealthCheck NodePort ${port}: ${detail}`);
  used.add(port);
}

/**
 * Node ports of NodePort and LoadBalancer services and the health check port of a load balancer
 * with a Local policy. Requested ports are checked and reserved even when a load balancer
 * allocates none itself. On create, ports sharing a number share a node port; on update the
 * service's own ports do not count as taken, and each missing one gets a fresh port.
 */
export function assignNodePorts(spec: Obj, scope: AllocationScope, creating: boolean, self: KubeObject): StatusCause[] {
  if (!needsNodePorts(spec) && !needsHealthCheck(spec)) return [];
  const used = allocationsInUse(scope.ctx, creating ? undefined : self).nodePorts;
  const ports = needsNodePorts(spec) ? objectsIn(spec.ports) : [];
  // A dry run checks requested ports against those in use but not the range, as Kubernetes' dry-run allocation does.
  const causes = requestedNodePorts(ports, used, !scope.dryRun);
  if (causes.length) return causes;
  const requestedHealthCheck = needsHealthCheck(spec) && typeof spec.healthCheckNodePort === 'number' ? spec.healthCheckNodePort : 0;
  if (requestedHealthCheck) checkRequestedHealthCheckPort(requestedHealthCheck, used, !scope.dryRun);
  const held = [...new Set([...ports.map(nodePortOf), requestedHealthCheck].filter((n) => n))];
  const takeNext = (): number | undefined => (scope.dryRun ? dryRunNodePort(held) : takeNodePort(used));
  const allocate = spec.type === 'NodePort' || spec.allocateLoadBalancerNodePorts !== false;
  const byNumber = new Map<unknown, number>();
  if (creating) for (const p of ports) if (nodePortOf(p) && !byNumber.has(p.port)) byNumber.set(p.port, nodePortOf(p));
  for (const p of ports) {
    if (nodePortOf(p) || !allocate) continue;
    const port = byNumber.get(p.port) ?? takeNext() ?? allocationFailed('failed to allocate a nodePort: range is full');
    p.nodePort = port;
    if (creating) byNumber.set(p.port, port);
  }
  // The health check port is allocated whether or not the load balancer has node ports.
  if (needsHealthCheck(spec) && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = takeNext() ?? allocationFailed('failed to allocate a HealthCheck NodePort 0: range is full');
  }
  return [];
}

/**
 * Services as a single-stack IPv4 cluster treats them: the defaults of the v1 type (session
 * affinity, type, port protocols and target ports, traffic policies, load balancer node ports)
 * and the addresses the registry allocates on create (cluster IP and families, node ports),
 * kept across updates that leave them out.
 */
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ApiContext } from './context.ts';
import { objectAt, objectsIn, type Obj } from './builtin-pod-defaults.ts';

const SERVICES = '/services';
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

/** The defaults Kubernetes applies when it decodes a Service. */
export function defaultService(spec: Obj): void {
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'ClientIP') {
    const config = objectAt(spec.sessionAffinityConfig) ?? {};
    spec.sessionAffinityConfig = config;
    const clientIP = objectAt(config.clientIP) ?? {};
    config.clientIP = clientIP;
    clientIP.timeoutSeconds ??= 10800;
  }
  spec.type ||= 'ClusterIP';
  for (const p of objectsIn(spec.ports)) {
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const exposedOnNodes = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (exposedOnNodes) spec.externalTrafficPolicy ||= 'Cluster';
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

let nextServiceIp = 1;

function allocateClusterIp(ctx: ApiContext): string {
  const used = new Set<string>();
  for (const s of ctx.store.list(SERVICES)) {
    const ip = objectAt(s.spec)?.clusterIP;
    if (typeof ip === 'string') used.add(ip);
  }
  for (;;) {
    const n = nextServiceIp++;
    const ip = `10.96.${(n >> 8) & 0xff}.${n & 0xff}`;
    if ((n & 0xff) !== 0 && !used.has(ip)) return ip;
  }
}

/** The address families this server allocates from: one, like a cluster with an IPv4 service CIDR. */
const CLUSTER_FAMILIES = new Set(['IPv4']);

/**
 * Cluster IP, IPs, families and family policy of a service that has none yet; what it asks for must
 * be families this single-stack server has (selectorless headless services excepted, as in Kubernetes).
 */
function assignAddresses(spec: Obj, ctx: ApiContext, checkFamilies = true): StatusCause[] {
  if (spec.type === 'ExternalName') return [];
  if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = allocateClusterIp(ctx);
  if (!Array.isArray(spec.clusterIPs) || !spec.clusterIPs.length) spec.clusterIPs = [spec.clusterIP];
  const selectorless = !Object.keys(objectAt(spec.selector) ?? {}).length;
  if (spec.clusterIP === 'None' && selectorless) {
    // Its endpoints are whatever the user writes: Kubernetes marks it dual-stack on any cluster.
    spec.ipFamilyPolicy ??= 'RequireDualStack';
    const families = Array.isArray(spec.ipFamilies) && spec.ipFamilies.length ? spec.ipFamilies : ['IPv4'];
    spec.ipFamilies = spec.ipFamilyPolicy === 'SingleStack' || families.length > 1 ? families : [families[0], families[0] === 'IPv6' ? 'IPv4' : 'IPv6'];
    return [];
  }
  const causes: StatusCause[] = [];
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.ipFamilyPolicy', message: 'Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services' });
  }
  (checkFamilies && Array.isArray(spec.ipFamilies) ? spec.ipFamilies : []).forEach((family: unknown, i: number) => {
    if (!CLUSTER_FAMILIES.has(String(family))) causes.push({ reason: 'FieldValueInvalid', field: `spec.ipFamilies[${i}]`, message: `Invalid value: ${JSON.stringify(family)}: not configured on this cluster` });
  });
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  return causes;
}

let nextNodePort = NODE_PORT_MIN;

function usedNodePorts(ctx: ApiContext, except?: KubeObject): Set<number> {
  const used = new Set<number>();
  for (const s of ctx.store.list(SERVICES)) {
    if (except && s.metadata.uid === except.metadata.uid) continue;
    const spec = objectAt(s.spec);
    for (const p of objectsIn(spec?.ports)) if (typeof p.nodePort === 'number') used.add(p.nodePort);
    if (typeof spec?.healthCheckNodePort === 'number') used.add(spec.healthCheckNodePort);
  }
  return used;
}

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

const invalidNodePort = (field: string, port: number, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${port}: ${detail}` });

/**
 * The node ports a service asks for, checked as the allocator and validation check them: within
 * the range, not held by another service, and not repeated for one protocol (TCP and UDP may share
 * one port). The ports asked for are reserved in `used` so that allocation leaves them alone.
 */
function requestedNodePorts(ports: Obj[], used: Set<number>): StatusCause[] {
  const causes: StatusCause[] = [];
  const own = new Map<number, Set<unknown>>();
  ports.forEach((p, i) => {
    if (typeof p.nodePort !== 'number' || p.nodePort === 0) return;
    const field = `spec.ports[${i}].nodePort`;
    const protocols = own.get(p.nodePort);
    if (protocols?.has(p.protocol)) causes.push({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${p.nodePort}` });
    else if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
      causes.push(invalidNodePort(field, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`));
    } else if (!protocols && used.has(p.nodePort)) causes.push(invalidNodePort(field, p.nodePort, 'provided port is already allocated'));
    own.set(p.nodePort, (protocols ?? new Set()).add(p.protocol));
  });
  for (const port of own.keys()) used.add(port);
  return causes;
}

/**
 * Node ports of NodePort and LoadBalancer services: requested ports are checked, missing ones are
 * allocated from the free ones (or kept from the old object on update, matched by port and
 * protocol). On update the service's own ports do not count as taken.
 */
function assignNodePorts(spec: Obj, ctx: ApiContext, old: KubeObject | undefined, self: KubeObject): StatusCause[] {
  const needsPorts = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  if (!needsPorts) return [];
  const used = usedNodePorts(ctx, old ? self : undefined);
  const ports = objectsIn(spec.ports);
  const causes = requestedNodePorts(ports, used);
  if (causes.length) return causes;
  const oldPorts = objectsIn(objectAt(old?.spec)?.ports);
  ports.forEach((p, i) => {
    if (typeof p.nodePort === 'number' && p.nodePort !== 0) return;
    const previous = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === p.protocol && typeof o.nodePort === 'number');
    const port = previous ? (previous.nodePort as number) : takeNodePort(used);
    if (port === undefined) causes.push(invalidNodePort(`spec.ports[${i}].nodePort`, 0, 'range is full'));
    else p.nodePort = port;
  });
  if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) {
    const kept = objectAt(old?.spec)?.healthCheckNodePort;
    spec.healthCheckNodePort = typeof kept === 'number' ? kept : takeNodePort(used);
  }
  return causes;
}

/** A Service being created: defaults, addresses, node ports and the empty load balancer status. */
export function prepareServiceCreate(obj: KubeObject, ctx: ApiContext): StatusCause[] {
  const spec = objectAt(obj.spec) ?? {};
  obj.spec = spec;
  defaultService(spec);
  const causes = assignAddresses(spec, ctx);
  obj.status = { loadBalancer: {} };
  return [...causes, ...assignNodePorts(spec, ctx, undefined, obj)];
}

/** A Service being updated: defaults, and the old object's allocations where the new one has none. */
export function prepareServiceUpdate(obj: KubeObject, old: KubeObject, ctx: ApiContext): StatusCause[] {
  const oldSpec = objectAt(old.spec) ?? {};
  const spec = objectAt(obj.spec) ?? {};
  obj.spec = spec;
  defaultService(spec);
  if (spec.type !== 'ExternalName' && !spec.clusterIP && oldSpec.clusterIP) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs ??= oldSpec.clusterIPs;
    spec.ipFamilies ??= oldSpec.ipFamilies;
    spec.ipFamilyPolicy ??= oldSpec.ipFamilyPolicy;
  }
  // Changed families are refused by update validation first, as Kubernetes validates before allocating.
  const familiesKept = JSON.stringify(spec.ipFamilies ?? oldSpec.ipFamilies) === JSON.stringify(oldSpec.ipFamilies);
  const causes = spec.type !== 'ExternalName' ? assignAddresses(spec, ctx, familiesKept) : [];
  return [...causes, ...assignNodePorts(spec, ctx, old, obj)];
}

/**
 * Services as a single-stack IPv4 cluster treats them: the defaults of the v1 type (session
 * affinity, type, port protocols and target ports, traffic policies, load balancer node ports),
 * the addresses the registry allocates (families here; cluster IPs, node ports and the health
 * check port through builtin-service-cluster-ips.ts and builtin-service-node-ports.ts), kept
 * across updates that leave them out, and the fields a change of type clears.
 */
import { isIP } from 'node:net';
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { objectAt, objectsIn, type Obj } from './builtin-pod-defaults.ts';
import { goStringSlice } from './builtin-immutability.ts';
import { assignClusterIP } from './builtin-service-cluster-ips.ts';
import { assignNodePorts, needsHealthCheck, needsNodePorts } from './builtin-service-node-ports.ts';
import { nodePortOf, type AllocationScope } from './builtin-service-reservations.ts';

/** NodePort and LoadBalancer services, and ClusterIP ones with external IPs, take outside traffic. */
const externallyAccessible = (spec: Obj): boolean =>
  spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
const needsClusterIP = (spec: Obj): boolean => spec.type !== 'ExternalName';
const INTERNAL_POLICY_TYPES = new Set(['ClusterIP', 'NodePort', 'LoadBalancer']);

/** The defaults Kubernetes applies when it decodes a Service. */
export function defaultService(spec: Obj): void {
  spec.sessionAffinity ||= 'None';
  // Without affinity its configuration means nothing, and decoding drops it.
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && objectAt(objectAt(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds == null) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  spec.type ||= 'ClusterIP';
  for (const p of objectsIn(spec.ports)) {
    p.protocol ||= 'TCP';
    if (p.targetPort == null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(spec)) spec.externalTrafficPolicy ||= 'Cluster';
  if (INTERNAL_POLICY_TYPES.has(String(spec.type))) spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/**
 * The status defaults of a decoded Service: a load balancer's ingress point with an IP and no
 * `ipMode` reads as VIP. Kubernetes applies them on every write, the status subresource included.
 */
export function defaultServiceStatus(obj: KubeObject): void {
  if (objectAt(obj.spec)?.type !== 'LoadBalancer') return;
  for (const ingress of objectsIn(objectAt(objectAt(obj.status)?.loadBalancer)?.ingress)) {
    if (typeof ingress.ip === 'string' && ingress.ip && ingress.ipMode == null) ingress.ipMode = 'VIP';
  }
}

/** The address families this server allocates from: one, like a cluster with an IPv4 service CIDR. */
const CLUSTER_FAMILIES = new Set(['IPv4']);

const familyOf = (ip: string): string => (isIP(ip) === 6 ? 'IPv6' : 'IPv4');

/**
 * What the family fields ask of this single-stack server, checked before anything is allocated:
 * requested cluster IPs of a family it lacks (where ipFamilies does not name their family), then
 * dual-stack demands and families it lacks.
 */
function familyCauses(spec: Obj, checkFamilies: boolean): StatusCause[] {
  const families = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const causes: StatusCause[] = [];
  for (const [i, ip] of ips.entries()) {
    if (ip === 'None') break;
    if (i < families.length || typeof ip !== 'string' || !isIP(ip) || CLUSTER_FAMILIES.has(familyOf(ip))) continue;
    causes.push({ reason: 'FieldValueInvalid', field: `spec.clusterIPs[${i}]`, message: `Invalid value: ${goStringSlice(ips)}: ${familyOf(ip)} is not configured on this cluster` });
  }
  if (causes.length) return causes;
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.ipFamilyPolicy', message: 'Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services' });
  }
  (checkFamilies ? families : []).forEach((family: unknown, i: number) => {
    if (!CLUSTER_FAMILIES.has(String(family))) causes.push({ reason: 'FieldValueInvalid', field: `spec.ipFamilies[${i}]`, message: `Invalid value: ${JSON.stringify(family)}: not configured on this cluster` });
  });
  return causes;
}

/**
 * Cluster IP, IPs, families and family policy of a service that has none yet; what it asks for must
 * be families this single-stack server has (selectorless headless services excepted, as in
 * Kubernetes) and, for a requested IP, an address of the range no other service holds
 * (`checkRequested`, see assignClusterIP).
 */
function assignAddresses(spec: Obj, scope: AllocationScope, self: KubeObject | undefined, checkFamilies: boolean, checkRequested: boolean): StatusCause[] {
  if (spec.type === 'ExternalName') return [];
  const selectorless = !Object.keys(objectAt(spec.selector) ?? {}).length;
  if (spec.clusterIP === 'None' && selectorless) {
    if (!nonEmpty(spec.clusterIPs)) spec.clusterIPs = ['None'];
    // Its endpoints are whatever the user writes: Kubernetes marks it dual-stack on any cluster.
    spec.ipFamilyPolicy ??= 'RequireDualStack';
    const families = Array.isArray(spec.ipFamilies) && spec.ipFamilies.length ? spec.ipFamilies : ['IPv4'];
    spec.ipFamilies = spec.ipFamilyPolicy === 'SingleStack' || families.length > 1 ? families : [families[0], families[0] === 'IPv6' ? 'IPv4' : 'IPv6'];
    return [];
  }
  const causes = familyCauses(spec, checkFamilies);
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  return causes.length ? causes : assignClusterIP(spec, scope, self, checkRequested);
}

const nonEmpty = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const sameList = (a: unknown, b: unknown): boolean => JSON.stringify(nonEmpty(a) ? a : []) === JSON.stringify(nonEmpty(b) ? b : []);

/**
 * A clusterIP written without clusterIPs (an older client) fills them; on update the two stay
 * in step the way the registry keeps them before validation sees the object.
 */
function normalizeClusterIPs(spec: Obj, oldSpec: Obj | undefined): void {
  if (!oldSpec) {
    if (text(spec.clusterIP) && !nonEmpty(spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  if (nonEmpty(oldSpec.clusterIPs) && !nonEmpty(spec.clusterIPs) && text(oldSpec.clusterIP) === text(spec.clusterIP)) spec.clusterIPs = oldSpec.clusterIPs;
  if (text(oldSpec.clusterIP) === text(spec.clusterIP) || !sameList(oldSpec.clusterIPs, spec.clusterIPs)) return;
  if (text(spec.clusterIP)) spec.clusterIPs = [spec.clusterIP];
  else delete spec.clusterIPs;
}

/** What an update leaves out of what the server allocated comes back from the stored object. */
function patchAllocatedValues(spec: Obj, oldSpec: Obj): void {
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (!text(spec.clusterIP) && oldSpec.clusterIP !== undefined) spec.clusterIP = oldSpec.clusterIP;
    if (!nonEmpty(spec.clusterIPs) && nonEmpty(oldSpec.clusterIPs)) spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (needsNodePorts(oldSpec) && needsNodePorts(spec)) {
    // Matched by port name; a node port the new ports already use is not handed out twice.
    const kept = new Set(objectsIn(spec.ports).map(nodePortOf));
    const byName = new Map(objectsIn(oldSpec.ports).map((p) => [text(p.name), nodePortOf(p)]));
    for (const p of objectsIn(spec.ports)) {
      const previous = byName.get(text(p.name));
      if (!nodePortOf(p) && previous && !kept.has(previous)) p.nodePort = previous;
    }
  }
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec) && !spec.healthCheckNodePort && oldSpec.healthCheckNodePort) {
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}

/**
 * A change of type clears the fields the new type has no use for, as Kubernetes' registry does,
 * but only those the update left as they were: a value the client changed is judged by validation.
 */
function dropTypeDependentFields(spec: Obj, oldSpec: Obj): void {
  const same = (field: string) => JSON.stringify(spec[field] ?? null) === JSON.stringify(oldSpec[field] ?? null);
  if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
    if (text(spec.clusterIP) === text(oldSpec.clusterIP) && sameList(spec.clusterIPs, oldSpec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(spec.ipFamilies, oldSpec.ipFamilies)) delete spec.ipFamilies;
    if (text(spec.ipFamilyPolicy) === text(oldSpec.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePorts(oldSpec) && !needsNodePorts(spec)) {
    // Only when the set of node ports is exactly the old one: a client that changed them is judged by validation.
    const nodePorts = (list: unknown) => [...new Set(objectsIn(list).map(nodePortOf).filter((n) => n))].sort().join(',');
    if (nodePorts(spec.ports) === nodePorts(oldSpec.ports)) for (const p of objectsIn(spec.ports)) delete p.nodePort;
  }
  if (needsHealthCheck(oldSpec) && !needsHealthCheck(spec) && same('healthCheckNodePort')) delete spec.healthCheckNodePort;
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts != null && same('allocateLoadBalancerNodePorts')) delete spec.allocateLoadBalancerNodePorts;
    if (same('loadBalancerClass')) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(oldSpec) && !externallyAccessible(spec) && text(spec.externalTrafficPolicy) === text(oldSpec.externalTrafficPolicy)) {
    delete spec.externalTrafficPolicy;
  }
}

/** Empty strings and lists are Go zero values, which Kubernetes leaves out of what it returns. */
function omitEmptyAddresses(spec: Obj): void {
  if (spec.clusterIP === '' || spec.clusterIP === null) delete spec.clusterIP;
  if (Array.isArray(spec.clusterIPs) && !spec.clusterIPs.length) delete spec.clusterIPs;
}

/** A Service being created: defaults, addresses, node ports and the empty load balancer status. */
export function prepareServiceCreate(obj: KubeObject, scope: AllocationScope): StatusCause[] {
  const spec = objectAt(obj.spec) ?? {};
  obj.spec = spec;
  defaultService(spec);
  omitEmptyAddresses(spec);
  normalizeClusterIPs(spec, undefined);
  const causes = assignAddresses(spec, scope, undefined, true, true);
  obj.status = { loadBalancer: {} };
  // Kubernetes allocates addresses before node ports and stops at the first refusal.
  return causes.length ? causes : assignNodePorts(spec, scope, true, obj);
}

/**
 * A Service being updated: defaults, the old object's allocations where the new one has none,
 * new allocations, then the fields its new type no longer uses (and a load balancer status that
 * no longer applies).
 */
export function prepareServiceUpdate(obj: KubeObject, old: KubeObject, scope: AllocationScope): StatusCause[] {
  const oldSpec = objectAt(old.spec) ?? {};
  const spec = objectAt(obj.spec) ?? {};
  obj.spec = spec;
  defaultService(spec);
  omitEmptyAddresses(spec);
  patchAllocatedValues(spec, oldSpec);
  normalizeClusterIPs(spec, oldSpec);
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    spec.ipFamilies ??= oldSpec.ipFamilies;
    spec.ipFamilyPolicy ??= oldSpec.ipFamilyPolicy;
  }
  // Changed families are refused by update validation first, as Kubernetes validates before allocating.
  const familiesKept = JSON.stringify(spec.ipFamilies ?? oldSpec.ipFamilies) === JSON.stringify(oldSpec.ipFamilies);
  // Only a service that had no cluster IP asks for one here: otherwise it is immutable, and validation judges a change.
  const causes = needsClusterIP(spec) ? assignAddresses(spec, scope, obj, familiesKept, !needsClusterIP(oldSpec)) : [];
  if (!causes.length) causes.push(...assignNodePorts(spec, scope, false, obj));
  dropTypeDependentFields(spec, oldSpec);
  const status = objectAt(obj.status);
  if (spec.type !== 'LoadBalancer' && status && Object.keys(objectAt(status.loadBalancer) ?? {}).length) obj.status = { ...status, loadBalancer: {} };
  return causes;
}

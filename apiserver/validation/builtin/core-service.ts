/**
 * Service content as Kubernetes' ValidateService checks it once defaults, cluster IPs and node
 * ports are in place: ports, type and the fields each type may carry, session affinity, the
 * selector, cluster IPs, external IPs, source ranges and traffic policies. Allocation (node port
 * ranges and clashes, IP families this server has) is refused earlier, by the Service strategy.
 *
 * Fields that only make sense for some types (node ports, traffic policies, load balancer
 * settings, an ExternalName service's addresses) are judged only when they differ from the stored
 * object: Kubernetes clears them when the type changes, which this server does not do, so a stored
 * leftover must not make every later update fail.
 */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { semanticEqual } from '../../objects/builtin-immutability.ts';
import { forbiddenError, indexPath, invalidError, invalidErrors, keyPath, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../names.ts';
import { cidrErrors, ipErrors, loadBalancerIngressErrors, nonSpecialIpErrors } from './addresses.ts';
import { labelMapErrors } from './formats.ts';
import { goStringSlice } from './go-values.ts';
import { arrayOf, objectOf, stringOf, type Obj } from './readers.ts';
import { clusterIpNodePortErrors, duplicatePortErrors, portsOf, servicePortErrors } from './core-service-ports.ts';
import type { BuiltinValidator, SubresourceValidator } from './types.ts';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const MAX_AFFINITY_SECONDS = 86400;
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const ONLY_LOAD_BALANCER = "may only be used when `type` is 'LoadBalancer'";

/** Whether a type-dependent field is new in this write (always on create). */
type Changed = (field: string) => boolean;

const clusterIPsOf = (spec: Obj): string[] => arrayOf(spec.clusterIPs).map(String);
const isHeadless = (spec: Obj): boolean => { const ips = clusterIPsOf(spec); return ips.length === 1 && ips[0] === 'None'; };

function typeSpecificErrors(spec: Obj, changed: Changed): FieldError[] {
  const type = spec.type;
  if ((type === 'LoadBalancer' || type === 'NodePort') && isHeadless(spec)) {
    return [invalidError('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`)];
  }
  if (type !== 'ExternalName') return [];
  const errs: FieldError[] = [];
  // This server leaves clusterIPs empty for ExternalName services: a clusterIP alone counts too.
  if ((clusterIPsOf(spec).length || stringOf(spec.clusterIP)) && (changed('clusterIPs') || changed('clusterIP'))) {
    errs.push(forbiddenError('spec.clusterIPs', 'may not be set for ExternalName services'));
  }
  if (arrayOf(spec.ipFamilies).length && changed('ipFamilies')) errs.push(forbiddenError('spec.ipFamilies', 'may not be set for ExternalName services'));
  if (spec.ipFamilyPolicy != null && changed('ipFamilyPolicy')) errs.push(forbiddenError('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
  // A trailing dot marks the name fully qualified.
  const cname = stringOf(spec.externalName).replace(/\.$/, '');
  if (!cname) errs.push(requiredError('spec.externalName'));
  else errs.push(...invalidErrors('spec.externalName', cname, dns1123SubdomainErrors(cname)));
  return errs;
}

function sessionAffinityErrors(spec: Obj): FieldError[] {
  const affinity = stringOf(spec.sessionAffinity);
  if (!affinity) return [requiredError('spec.sessionAffinity')];
  if (!AFFINITIES.includes(affinity)) return [notSupportedError('spec.sessionAffinity', affinity, AFFINITIES)];
  const path = 'spec.sessionAffinityConfig';
  if (affinity === 'None') return spec.sessionAffinityConfig != null ? [forbiddenError(path, 'must not be set when session affinity is None')] : [];
  const clientIP = objectOf(objectOf(spec.sessionAffinityConfig)?.clientIP);
  const timeout = clientIP?.timeoutSeconds;
  if (typeof timeout !== 'number') return [];
  const timeoutPath = `${path}.clientIP.timeoutSeconds`;
  return timeout <= 0 || timeout > MAX_AFFINITY_SECONDS ? [invalidError(timeoutPath, timeout, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`)] : [];
}

/**
 * The clusterIPs an update means, as Kubernetes' registry reads them before validating: a changed
 * clusterIP with untouched clusterIPs replaces them, a cleared one clears them.
 */
function normalizedClusterIPs(spec: Obj, oldSpec: Obj | undefined): string[] | undefined {
  const ips = Array.isArray(spec.clusterIPs) ? clusterIPsOf(spec) : undefined;
  if (!oldSpec || stringOf(spec.clusterIP) === stringOf(oldSpec.clusterIP)) return ips;
  if (!semanticEqual(ips ?? [], clusterIPsOf(oldSpec))) return ips;
  return stringOf(spec.clusterIP) ? [stringOf(spec.clusterIP)] : undefined;
}

function clusterIPErrors(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const normalized = normalizedClusterIPs(spec, oldSpec);
  const ips = normalized ?? [];
  const printed = { goLiteral: goStringSlice(normalized) };
  const errs: FieldError[] = [];
  const clusterIP = stringOf(spec.clusterIP);
  if (clusterIP && !ips.length) errs.push(requiredError('spec.clusterIPs'));
  else if (clusterIP && ips[0] !== clusterIP) errs.push(invalidError('spec.clusterIPs', printed, 'first value must match `clusterIP`'));
  else if (!clusterIP && ips.length) errs.push(invalidError('spec.clusterIPs', printed, 'must be empty when `clusterIP` is not specified'));
  const policy = spec.ipFamilyPolicy;
  if (typeof policy === 'string' && !FAMILY_POLICIES.includes(policy)) errs.push(notSupportedError('spec.ipFamilyPolicy', policy, FAMILY_POLICIES));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) errs.push(invalidError('spec.clusterIPs', printed, "'None' must be the first and only value"));
      return;
    }
    errs.push(...ipErrors(indexPath('spec.clusterIPs', i), ip));
  });
  if (ips.length > 2) errs.push(invalidError('spec.clusterIPs', printed, 'may only hold up to 2 values'));
  return errs;
}

function externalIPErrors(spec: Obj): FieldError[] {
  return arrayOf(spec.externalIPs).flatMap((ip, i) => {
    const path = indexPath('spec.externalIPs', i);
    const bad = ipErrors(path, String(ip));
    return bad.length ? bad : nonSpecialIpErrors(path, String(ip));
  });
}

function typeErrors(spec: Obj): FieldError[] {
  const type = stringOf(spec.type);
  if (!type) return [requiredError('spec.type')];
  return TYPES.includes(type) ? [] : [notSupportedError('spec.type', type, TYPES)];
}

function sourceRangeErrors(spec: Obj, annotations: Record<string, string>, changed: Changed): FieldError[] {
  const ranges = arrayOf(spec.loadBalancerSourceRanges);
  const isLoadBalancer = spec.type === 'LoadBalancer';
  if (ranges.length) {
    // Kubernetes names this path with a capital L.
    const path = 'spec.LoadBalancerSourceRanges';
    const errs = !isLoadBalancer && changed('loadBalancerSourceRanges') ? [forbiddenError(path, ONLY_LOAD_BALANCER)] : [];
    // Values may be space-padded, a leftover of the annotation they replaced.
    return [...errs, ...ranges.flatMap((r, i) => cidrErrors(indexPath(path, i), String(r).trim()))];
  }
  if (!Object.hasOwn(annotations, SOURCE_RANGES_ANNOTATION)) return [];
  const path = keyPath('metadata.annotations', SOURCE_RANGES_ANNOTATION);
  const errs = isLoadBalancer ? [] : [forbiddenError(path, ONLY_LOAD_BALANCER)];
  const value = annotations[SOURCE_RANGES_ANNOTATION]!.trim();
  return value ? [...errs, ...value.split(',').flatMap((r) => cidrErrors(path, r.trim()))] : errs;
}

function loadBalancerErrors(spec: Obj, oldSpec: Obj | undefined, changed: Changed): FieldError[] {
  const errs: FieldError[] = [];
  const isLoadBalancer = spec.type === 'LoadBalancer';
  if (isLoadBalancer && oldSpec?.type === 'LoadBalancer' && changed('loadBalancerClass')) {
    errs.push(invalidError('spec.loadBalancerClass', spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  if (spec.allocateLoadBalancerNodePorts != null && !isLoadBalancer && changed('allocateLoadBalancerNodePorts')) {
    errs.push(forbiddenError('spec.allocateLoadBalancerNodePorts', ONLY_LOAD_BALANCER));
  }
  // Kubernetes reports this one without the `spec.` prefix.
  if (isLoadBalancer && spec.allocateLoadBalancerNodePorts == null) errs.push(requiredError('allocateLoadBalancerNodePorts'));
  const lbClass = spec.loadBalancerClass;
  if (isLoadBalancer && typeof lbClass === 'string') {
    errs.push(...invalidErrors('spec.loadBalancerClass', lbClass, qualifiedNameErrors(lbClass)));
  } else if (!isLoadBalancer && lbClass != null && changed('loadBalancerClass')) {
    errs.push(forbiddenError('spec.loadBalancerClass', ONLY_LOAD_BALANCER));
  }
  return errs;
}

const needsHealthCheck = (spec: Obj): boolean => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';

function trafficPolicyErrors(spec: Obj, oldSpec: Obj | undefined, changed: Changed): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec.type;
  const external = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && arrayOf(spec.externalIPs).length > 0);
  const policy = stringOf(spec.externalTrafficPolicy);
  if (!external && policy && changed('externalTrafficPolicy')) {
    errs.push(invalidError('spec.externalTrafficPolicy', policy, 'may only be set for externally-accessible services'));
  } else if (external && policy && !TRAFFIC_POLICIES.includes(policy)) {
    errs.push(notSupportedError('spec.externalTrafficPolicy', policy, TRAFFIC_POLICIES));
  }
  const healthPort = typeof spec.healthCheckNodePort === 'number' ? spec.healthCheckNodePort : 0;
  if (needsHealthCheck(spec) && oldSpec && needsHealthCheck(oldSpec) && changed('healthCheckNodePort')) {
    errs.push(forbiddenError('spec.healthCheckNodePort', 'field is immutable'));
  }
  if (!needsHealthCheck(spec)) {
    if (healthPort !== 0 && changed('healthCheckNodePort')) {
      errs.push(invalidError('spec.healthCheckNodePort', healthPort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (healthPort !== 0 && (healthPort < 1 || healthPort > 65535)) {
    // A missing port is the allocator's to fill (it leaves it out when node ports are not allocated).
    errs.push(invalidError('spec.healthCheckNodePort', healthPort, 'must be between 1 and 65535, inclusive'));
  }
  const internal = spec.internalTrafficPolicy;
  if (internal == null && (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer')) errs.push(requiredError('spec.internalTrafficPolicy'));
  else if (typeof internal === 'string' && !TRAFFIC_POLICIES.includes(internal)) errs.push(notSupportedError('spec.internalTrafficPolicy', internal, TRAFFIC_POLICIES));
  const distribution = spec.trafficDistribution;
  if (typeof distribution === 'string' && distribution !== 'PreferClose') errs.push(notSupportedError('spec.trafficDistribution', distribution, ['PreferClose']));
  return errs;
}

/** Service: the checks of ValidateService, in its order, on a created or updated object. */
export const validateService: BuiltinValidator = (obj: KubeObject, old: KubeObject | undefined) => {
  const spec = objectOf(obj.spec) ?? {};
  const oldSpec = old ? objectOf(old.spec) ?? {} : undefined;
  const changed: Changed = (field) => !oldSpec || !semanticEqual(spec[field], oldSpec[field]);
  const ports = portsOf(spec);
  const oldNodePorts = new Set(oldSpec ? portsOf(oldSpec).map((p) => p.nodePort) : []);
  const errs: FieldError[] = [];
  if (!ports.length && !isHeadless(spec) && spec.type !== 'ExternalName') errs.push(requiredError('spec.ports'));
  errs.push(...typeSpecificErrors(spec, changed));
  errs.push(...servicePortErrors(ports));
  const selector = objectOf(spec.selector);
  if (selector) errs.push(...labelMapErrors(selector, 'spec.selector'));
  errs.push(...sessionAffinityErrors(spec), ...clusterIPErrors(spec, oldSpec), ...externalIPErrors(spec), ...typeErrors(spec));
  if (spec.type === 'ClusterIP') errs.push(...clusterIpNodePortErrors(ports, (i) => oldNodePorts.has(ports[i]!.nodePort)));
  errs.push(...duplicatePortErrors(ports));
  errs.push(...sourceRangeErrors(spec, obj.metadata.annotations ?? {}, changed));
  errs.push(...loadBalancerErrors(spec, oldSpec, changed), ...trafficPolicyErrors(spec, oldSpec, changed));
  return errs;
};

/**
 * ValidateServiceStatusUpdate: the load balancer's addresses, which only a LoadBalancer service
 * may report (clusters allow them on other types only behind an alpha feature gate).
 */
export const validateServiceStatus: SubresourceValidator = (obj) => {
  const path = 'status.loadBalancer.ingress';
  const ingress = objectOf(objectOf(obj.status)?.loadBalancer)?.ingress;
  if (objectOf(obj.spec)?.type !== 'LoadBalancer' && arrayOf(ingress).length) return [forbiddenError(path, "may only be used when `spec.type` is 'LoadBalancer'")];
  return loadBalancerIngressErrors(ingress, path);
};

/**
 * Service content as Kubernetes' ValidateService checks it once defaults, cluster IPs and node
 * ports are in place: ports, type and the fields each type may carry, session affinity, the
 * selector, cluster IPs, external IPs, source ranges and traffic policies. Allocation (node port
 * ranges and clashes, IP families this server has) is refused earlier, by the Service strategy.
 * On update, the load balancer class and health check port ValidateServiceUpdate holds fixed are
 * judged first, as a cluster does.
 */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { forbiddenError, indexPath, invalidError, invalidErrors, keyPath, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../names.ts';
import { cidrErrors, ipErrors, loadBalancerIngressErrors, nonSpecialIpErrors } from './addresses.ts';
import { labelMapErrors, portNumberErrors } from './formats.ts';
import { goStringSlice } from './go-values.ts';
import { arrayOf, objectOf, stringOf, type Obj } from './readers.ts';
import { clusterIpNodePortErrors, duplicateNodePortErrors, duplicatePortErrors, portsOf, servicePortErrors } from './core-service-ports.ts';
import type { BuiltinValidator, SubresourceValidator } from './types.ts';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const MAX_AFFINITY_SECONDS = 86400;
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const ONLY_LOAD_BALANCER = "may only be used when `type` is 'LoadBalancer'";

const clusterIPsOf = (spec: Obj): string[] => arrayOf(spec.clusterIPs).map(String);
const isHeadless = (spec: Obj): boolean => { const ips = clusterIPsOf(spec); return ips.length === 1 && ips[0] === 'None'; };
/** NodePort and LoadBalancer services, and ClusterIP ones with external IPs, take outside traffic. */
const externallyAccessible = (spec: Obj): boolean =>
  spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && arrayOf(spec.externalIPs).length > 0);
const needsHealthCheck = (spec: Obj): boolean => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
/** A Go int32 field: absent reads as 0. */
const int32Of = (v: unknown): number => (typeof v === 'number' ? v : 0);
/** A Go *string field: absent and null are both nil. */
const classOf = (spec: Obj): string | null => (typeof spec.loadBalancerClass === 'string' ? spec.loadBalancerClass : null);

function typeSpecificErrors(spec: Obj): FieldError[] {
  const type = spec.type;
  if ((type === 'LoadBalancer' || type === 'NodePort') && isHeadless(spec)) {
    return [invalidError('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`)];
  }
  if (type !== 'ExternalName') return [];
  const errs: FieldError[] = [];
  if (clusterIPsOf(spec).length) errs.push(forbiddenError('spec.clusterIPs', 'may not be set for ExternalName services'));
  if (arrayOf(spec.ipFamilies).length) errs.push(forbiddenError('spec.ipFamilies', 'may not be set for ExternalName services'));
  if (spec.ipFamilyPolicy != null) errs.push(forbiddenError('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
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

function clusterIPErrors(spec: Obj): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const given = Array.isArray(spec.clusterIPs) ? clusterIPsOf(spec) : undefined;
  const ips = given ?? [];
  const printed = { goLiteral: goStringSlice(given) };
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

/** Node ports: none on a ClusterIP service, and none twice for one protocol. */
function nodePortErrors(spec: Obj, ports: Obj[]): FieldError[] {
  return [...(spec.type === 'ClusterIP' ? clusterIpNodePortErrors(ports) : []), ...duplicateNodePortErrors(ports)];
}

function sourceRangeErrors(spec: Obj, annotations: Record<string, string>): FieldError[] {
  const ranges = arrayOf(spec.loadBalancerSourceRanges);
  const isLoadBalancer = spec.type === 'LoadBalancer';
  if (ranges.length) {
    // Kubernetes names this path with a capital L.
    const path = 'spec.LoadBalancerSourceRanges';
    const errs = isLoadBalancer ? [] : [forbiddenError(path, ONLY_LOAD_BALANCER)];
    // Values may be space-padded, a leftover of the annotation they replaced.
    return [...errs, ...ranges.flatMap((r, i) => cidrErrors(indexPath(path, i), String(r).trim()))];
  }
  if (!Object.hasOwn(annotations, SOURCE_RANGES_ANNOTATION)) return [];
  const path = keyPath('metadata.annotations', SOURCE_RANGES_ANNOTATION);
  const errs = isLoadBalancer ? [] : [forbiddenError(path, ONLY_LOAD_BALANCER)];
  const value = annotations[SOURCE_RANGES_ANNOTATION]!.trim();
  return value ? [...errs, ...value.split(',').flatMap((r) => cidrErrors(path, r.trim()))] : errs;
}

/** The class a load balancer names is a qualified name; other types name none. */
function loadBalancerClassErrors(spec: Obj): FieldError[] {
  const lbClass = classOf(spec);
  if (lbClass === null) return [];
  if (spec.type === 'LoadBalancer') return invalidErrors('spec.loadBalancerClass', lbClass, qualifiedNameErrors(lbClass));
  return [forbiddenError('spec.loadBalancerClass', ONLY_LOAD_BALANCER)];
}

function loadBalancerErrors(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const isLoadBalancer = spec.type === 'LoadBalancer';
  if (spec.allocateLoadBalancerNodePorts != null && !isLoadBalancer) errs.push(forbiddenError('spec.allocateLoadBalancerNodePorts', ONLY_LOAD_BALANCER));
  // Kubernetes reports this one without the `spec.` prefix.
  if (isLoadBalancer && spec.allocateLoadBalancerNodePorts == null) errs.push(requiredError('allocateLoadBalancerNodePorts'));
  return [...errs, ...loadBalancerClassErrors(spec)];
}

function externalTrafficPolicyErrors(spec: Obj): FieldError[] {
  const policy = stringOf(spec.externalTrafficPolicy);
  const path = 'spec.externalTrafficPolicy';
  if (!externallyAccessible(spec)) return policy ? [invalidError(path, policy, 'may only be set for externally-accessible services')] : [];
  if (!policy) return [requiredError(path)];
  return TRAFFIC_POLICIES.includes(policy) ? [] : [notSupportedError(path, policy, TRAFFIC_POLICIES)];
}

/** The health check port: set exactly when a load balancer keeps traffic on the node that receives it. */
function healthCheckNodePortErrors(spec: Obj): FieldError[] {
  const port = int32Of(spec.healthCheckNodePort);
  const path = 'spec.healthCheckNodePort';
  if (!needsHealthCheck(spec)) {
    return port !== 0 ? [invalidError(path, port, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'")] : [];
  }
  return port === 0 ? [requiredError(path)] : invalidErrors(path, port, portNumberErrors(port));
}

function trafficPolicyErrors(spec: Obj): FieldError[] {
  const errs = [...externalTrafficPolicyErrors(spec), ...healthCheckNodePortErrors(spec)];
  const type = spec.type;
  const internal = spec.internalTrafficPolicy;
  if (internal == null && (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer')) errs.push(requiredError('spec.internalTrafficPolicy'));
  else if (typeof internal === 'string' && !TRAFFIC_POLICIES.includes(internal)) errs.push(notSupportedError('spec.internalTrafficPolicy', internal, TRAFFIC_POLICIES));
  const distribution = spec.trafficDistribution;
  if (typeof distribution === 'string' && distribution !== 'PreferClose') errs.push(notSupportedError('spec.trafficDistribution', distribution, ['PreferClose']));
  return errs;
}

/**
 * What ValidateServiceUpdate checks against the stored object before ValidateService runs: a load
 * balancer keeps its class (whose other rules it applies here too, so a cluster reports a misplaced
 * class twice) and its health check port.
 */
function updateErrors(spec: Obj, oldSpec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'LoadBalancer' && oldSpec.type === 'LoadBalancer' && classOf(spec) !== classOf(oldSpec)) {
    errs.push(invalidError('spec.loadBalancerClass', classOf(spec), 'may not change once set'));
  }
  errs.push(...loadBalancerClassErrors(spec));
  if (needsHealthCheck(spec) && needsHealthCheck(oldSpec) && int32Of(spec.healthCheckNodePort) !== int32Of(oldSpec.healthCheckNodePort)) {
    errs.push(forbiddenError('spec.healthCheckNodePort', 'field is immutable'));
  }
  return errs;
}

/** Service: the checks of ValidateService, in its order, on a created or updated object. */
export const validateService: BuiltinValidator = (obj: KubeObject, old: KubeObject | undefined) => {
  const spec = objectOf(obj.spec) ?? {};
  const ports = portsOf(spec);
  const errs: FieldError[] = old ? updateErrors(spec, objectOf(old.spec) ?? {}) : [];
  if (!ports.length && !isHeadless(spec) && spec.type !== 'ExternalName') errs.push(requiredError('spec.ports'));
  errs.push(...typeSpecificErrors(spec));
  errs.push(...servicePortErrors(ports));
  const selector = objectOf(spec.selector);
  if (selector) errs.push(...labelMapErrors(selector, 'spec.selector'));
  errs.push(...sessionAffinityErrors(spec), ...clusterIPErrors(spec), ...externalIPErrors(spec), ...typeErrors(spec));
  errs.push(...nodePortErrors(spec, ports), ...duplicatePortErrors(ports));
  errs.push(...sourceRangeErrors(spec, obj.metadata.annotations ?? {}));
  errs.push(...loadBalancerErrors(spec), ...trafficPolicyErrors(spec));
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

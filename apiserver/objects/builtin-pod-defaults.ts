/**
 * Defaults Kubernetes fills into every pod spec it decodes, whether of a Pod or of a workload's
 * pod template: DNS and restart policy, scheduler, grace period, container pull policy and
 * termination message, probe timings, port protocols and volume modes. Clients read them back,
 * so an object created here looks like one created on a cluster. As in Kubernetes, an empty string
 * or a zero number is replaced like an absent field. Pod-only behaviour (requests taken from
 * limits, service links, host ports on the host network, the QoS class) is separate because
 * templates do not get it.
 */

/** A decoded JSON object. */
export type Obj = Record<string, unknown>;

/** The value as an object, or undefined when it is not one. */
export function objectAt(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The elements of a list that are objects (an absent or malformed list gives none). */
export function objectsIn(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter((e): e is Obj => !!objectAt(e)) : [];
}

/** File mode 0644: the mode projected volume files get unless told otherwise. */
const DEFAULT_FILE_MODE = 420;

/**
 * `latest`, written or implied by a name without tag or digest, is pulled every time; any other
 * tag, or a digest alone, only when missing. A tag before a digest still counts.
 */
function pullPolicyFor(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const lastSegment = named.slice(named.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon < 0 ? (at < 0 ? 'latest' : '') : lastSegment.slice(colon + 1);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Go decodes an absent, null or zero number as 0, and defaulting replaces 0. */
const isUnsetNumber = (v: unknown): boolean => v === undefined || v === null || v === 0;
/** Go decodes an absent, null or empty string as '', and defaulting replaces ''. */
const isUnsetString = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Every HTTP action of a container, in probes and lifecycle hooks alike, gets a path and scheme. */
function defaultHttpGet(handler: unknown): void {
  const http = objectAt(objectAt(handler)?.httpGet);
  if (!http) return;
  if (isUnsetString(http.path)) http.path = '/';
  if (isUnsetString(http.scheme)) http.scheme = 'HTTP';
}

const PROBE_DEFAULTS: [string, number][] = [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3]];

function defaultProbe(probe: unknown): void {
  const p = objectAt(probe);
  if (!p) return;
  for (const [field, value] of PROBE_DEFAULTS) if (isUnsetNumber(p[field])) p[field] = value;
  defaultHttpGet(p);
}

function defaultFieldRefs(env: unknown): void {
  for (const e of objectsIn(env)) {
    const ref = objectAt(objectAt(e.valueFrom)?.fieldRef);
    if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
  }
}

function defaultContainer(c: Obj): void {
  if (isUnsetString(c.terminationMessagePath)) c.terminationMessagePath = '/dev/termination-log';
  if (isUnsetString(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  if (!c.imagePullPolicy) c.imagePullPolicy = pullPolicyFor(c.image);
  // ResourceRequirements is a struct in Go: it is always printed, empty or not.
  c.resources ??= {};
  for (const port of objectsIn(c.ports)) if (isUnsetString(port.protocol)) port.protocol = 'TCP';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  const lifecycle = objectAt(c.lifecycle);
  defaultHttpGet(lifecycle?.postStart);
  defaultHttpGet(lifecycle?.preStop);
  defaultFieldRefs(c.env);
}

const MODE_SOURCES = ['secret', 'configMap', 'downwardAPI', 'projected'] as const;

function defaultVolume(v: Obj): void {
  // Null sources decode to nothing; a volume left with no source is an emptyDir.
  for (const k of Object.keys(v)) if (k !== 'name' && v[k] === null) delete v[k];
  if (!Object.keys(v).some((k) => k !== 'name')) v.emptyDir = {};
  for (const key of MODE_SOURCES) {
    const source = objectAt(v[key]);
    if (source) source.defaultMode ??= DEFAULT_FILE_MODE;
  }
  const hostPath = objectAt(v.hostPath);
  if (hostPath) hostPath.type ??= '';
  for (const item of objectsIn(objectAt(v.downwardAPI)?.items)) {
    const ref = objectAt(item.fieldRef);
    if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
  }
  for (const source of objectsIn(objectAt(v.projected)?.sources)) {
    for (const item of objectsIn(objectAt(source.downwardAPI)?.items)) {
      const ref = objectAt(item.fieldRef);
      if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
    }
    const token = objectAt(source.serviceAccountToken);
    if (token) token.expirationSeconds ??= 3600;
  }
}

/** Fills the defaults of a pod spec in place (Pods and every pod template). */
export function defaultPodSpec(spec: Obj): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  // v1 keeps the deprecated serviceAccount field as a mirror of serviceAccountName.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  const containers = [...objectsIn(spec.containers), ...objectsIn(spec.initContainers), ...objectsIn(spec.ephemeralContainers)];
  for (const c of containers) defaultContainer(c);
  for (const v of objectsIn(spec.volumes)) defaultVolume(v);
}

/** Fills the defaults of a pod template (`spec.template` of workloads); a template without a spec stays as it is. */
export function defaultPodTemplate(template: unknown): void {
  const t = objectAt(template);
  if (!t) return;
  const spec = objectAt(t.spec);
  if (spec) defaultPodSpec(spec);
}

/** Pods only: a container with a limit and no request for a resource requests its limit. */
function requestsFromLimits(c: Obj): void {
  const resources = objectAt(c.resources);
  const limits = objectAt(resources?.limits);
  if (!resources || !limits || !Object.keys(limits).length) return;
  const requests = { ...objectAt(resources.requests) };
  for (const [name, q] of Object.entries(limits)) requests[name] ??= q;
  resources.requests = requests;
}

/** Fills the defaults of a Pod: the pod spec's plus those templates do not get. */
export function defaultPod(pod: Obj): void {
  const spec = objectAt(pod.spec);
  if (!spec) return;
  for (const c of [...objectsIn(spec.containers), ...objectsIn(spec.initContainers)]) requestsFromLimits(c);
  spec.enableServiceLinks ??= true;
  // Since 1.28 only Pods, not templates, take host ports from container ports on the host network.
  if (spec.hostNetwork === true) {
    for (const c of [...objectsIn(spec.containers), ...objectsIn(spec.initContainers)]) {
      for (const port of objectsIn(c.ports)) if (isUnsetNumber(port.hostPort) && typeof port.containerPort === 'number' && port.containerPort) port.hostPort = port.containerPort;
    }
  }
  defaultPodSpec(spec);
}

const QOS_RESOURCES = ['cpu', 'memory'];

const isZeroQuantity = (q: unknown) => q === 0 || q === '0' || (typeof q === 'string' && /^0+(\.0*)?[a-zA-Z]*$/.test(q));

/**
 * The QoS class Kubernetes records in a new Pod's status: BestEffort without any CPU or memory
 * request or limit, Guaranteed when every container limits both and requests exactly its limits,
 * Burstable otherwise.
 */
export function qosClass(spec: Obj): string {
  const containers = [...objectsIn(spec.containers), ...objectsIn(spec.initContainers)];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const resources = objectAt(c.resources);
    const requests = objectAt(resources?.requests) ?? {};
    const limits = objectAt(resources?.limits) ?? {};
    for (const r of QOS_RESOURCES) {
      if (requests[r] !== undefined && !isZeroQuantity(requests[r])) any = true;
      if (limits[r] !== undefined && !isZeroQuantity(limits[r])) any = true;
      if (limits[r] === undefined || isZeroQuantity(limits[r])) guaranteed = false;
      else if (requests[r] !== undefined && String(requests[r]) !== String(limits[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * Per-kind behaviour of built-in resources on create and update: the defaults Kubernetes applies
 * when it decodes an object, server-set fields (namespace finalizers and phase, service
 * addresses, job selectors, secret types), the status a new object starts with, preserved
 * fields and extra validation.
 */
import { invalid, type StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { CRD_RESOURCE } from '../resources/registry.ts';
import type { ResourceType } from '../resources/types.ts';
import type { NameRule } from '../validation/objectmeta.ts';
import type { ApiContext } from './context.ts';
import { applyCrdStatus } from './crd-status.ts';
import { CREATED_STATUS, defaultLimitRange, defaultPersistentVolumeClaim, defaultPriorityClass, validatePriorityClass } from './builtin-core-defaults.ts';
import { admitPod, assertSingleGlobalDefault } from './builtin-pod-admission.ts';
import { defaultPod, objectAt, qosClass, type Obj } from './builtin-pod-defaults.ts';
import { defaultEndpoints, defaultNetworkPolicy, defaultRoleBinding, dropDisabledLeaseFields } from './builtin-policy-defaults.ts';
import { defaultService, defaultServiceStatus, prepareServiceCreate, prepareServiceUpdate } from './builtin-service.ts';
import { reserveServiceAllocations } from './builtin-service-reservations.ts';
import { decodedIpList } from '../validation/builtin/pods-status-ips.ts';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet, generateJobSelector } from './builtin-workload-defaults.ts';
import { validateWebhookConfiguration } from './webhook-configuration-validation.ts';
import { validateConfigMapUpdate, validatePersistentVolumeClaimUpdate, validatePodUpdate, validateSecretUpdate, validateServiceUpdate } from './builtin-immutability-core.ts';
import { validateBindingUpdate, validateJobUpdate, validateSelectorUpdate, validateStatefulSetUpdate } from './builtin-immutability-workloads.ts';

/**
 * Hooks of one kind, in the order a write meets them. Objects passed in are fresh copies the hook
 * may mutate.
 */
export interface Strategy {
  nameRule?: NameRule;
  /**
   * The defaults Kubernetes applies as it decodes the object, on create and update: mutating
   * webhooks already see them, and they are applied again to what a webhook returns.
   */
  default?(obj: KubeObject): void;
  /** Built-in admission plugins that change new objects (a pod's service account, priority, tolerations); before webhooks. */
  admitCreate?(obj: KubeObject, ctx: ApiContext): void;
  /**
   * After mutating admission, once the object has its name and uid: status reset, server-set
   * fields, allocations. What it allocates may be held for the write: see `Release`.
   */
  prepareCreate?(obj: KubeObject, ctx: ApiContext, write: PrepareOptions): Release | void;
  /** After mutating admission of an update: fields only the server changes, carried-over and new allocations. */
  prepareUpdate?(obj: KubeObject, old: KubeObject, ctx: ApiContext, write: PrepareOptions): Release | void;
  /**
   * After mutating admission of a `/status` write, once the spec is back as stored: what the
   * kind's status strategy resets or carries over beyond the spec (see prepareStatusWrite).
   */
  prepareStatusUpdate?(obj: KubeObject, old: KubeObject): void;
  validate?(obj: KubeObject, old: KubeObject | undefined, ctx: ApiContext): StatusCause[];
}

/** What a prepare hook knows of its write. */
export interface PrepareOptions {
  /** The write's time (RFC 3339). */
  now: string;
  /** A dry run: allocators check what is asked for and take nothing. */
  dryRun: boolean;
}

/**
 * Gives back what a prepare hook reserved for its write (cluster IPs, node ports), so that writes running at
 * the same time cannot take it too. The write calls it once it is stored or has failed; a dry run's
 * hook reserves nothing and returns none.
 */
export type Release = () => void;

const asObj = (v: unknown): Obj => objectAt(v) ?? {};

const namespaceStrategy: Strategy = {
  nameRule: 'label',
  // Decoding defaults an empty phase (SetDefaults_NamespaceStatus), so a status write without one stores Active.
  default(obj) {
    const status = asObj(obj.status);
    if (!status.phase) obj.status = { ...status, phase: 'Active' };
  },
  prepareCreate(obj) {
    obj.spec = { ...asObj(obj.spec), finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
  },
  prepareUpdate(obj, old) {
    // spec.finalizers change only through the finalize subresource; phase only through status.
    obj.spec = { ...asObj(obj.spec), finalizers: asObj(old.spec).finalizers };
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
  },
  // The name label is restored after every write (Canonicalize), status writes included.
  prepareStatusUpdate(obj) {
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
  },
};

const serviceStrategy: Strategy = {
  nameRule: 'label',
  default(obj) { const spec = asObj(obj.spec); obj.spec = spec; defaultService(spec); defaultServiceStatus(obj); },
  // Cluster IPs and node ports are reserved in the step that allocates them, before any webhook lets another write run.
  prepareCreate(obj, ctx, { dryRun }) {
    throwIfInvalid(obj, 'Service', prepareServiceCreate(obj, { ctx, dryRun }));
    return dryRun ? undefined : reserveServiceAllocations(ctx, obj);
  },
  prepareUpdate(obj, old, ctx, { dryRun }) {
    throwIfInvalid(obj, 'Service', prepareServiceUpdate(obj, old, { ctx, dryRun }));
    return dryRun ? undefined : reserveServiceAllocations(ctx, obj);
  },
  validate: (obj, old) => validateServiceUpdate(obj, old),
};

const secretStrategy: Strategy = {
  // Decoding a v1 Secret folds stringData into data: webhooks never see stringData.
  default(obj) { normalizeSecret(obj); },
  validate: (obj, old) => validateSecretUpdate(obj, old),
};

function normalizeSecret(obj: KubeObject): void {
  obj.type ??= 'Opaque';
  const stringData = asObj(obj.stringData);
  if (Object.keys(stringData).length) {
    const data = { ...asObj(obj.data) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v)).toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
}

const podStrategy: Strategy = {
  default(obj) { defaultPod(obj); decodePodStatusAddresses(obj); },
  admitCreate(obj, ctx) { admitPod(obj, ctx); },
  prepareCreate(obj) { obj.status = { phase: 'Pending', qosClass: qosClass(asObj(obj.spec)) }; },
  prepareStatusUpdate(obj, old) {
    // Old kubelets corrupt owner references through pods/status, so the subresource may not change them.
    keepStoredMetadata(obj, old, 'ownerReferences');
    // The QoS class is set once on create; a kubelet that dropped it from its status write does not clear it.
    const status = asObj(obj.status);
    const stored = asObj(old.status).qosClass;
    if (!status.qosClass && stored) obj.status = { ...status, qosClass: stored };
  },
  validate: (obj, old) => validatePodUpdate(obj, old),
};

/**
 * A pod's addresses as Kubernetes' v1 decoding and encoding leave them (decodedIpList): the lists
 * follow the singular fields, and `podIP`, which the internal form lacks, is read back from the
 * first pod address. Empty lists are omitted as they are on the wire.
 */
function decodePodStatusAddresses(obj: KubeObject): void {
  const status = objectAt(obj.status);
  if (!status) return;
  const out = { ...status };
  for (const [single, list] of [['podIP', 'podIPs'], ['hostIP', 'hostIPs']] as const) {
    if (status[single] === undefined && status[list] === undefined) continue;
    const ips = decodedIpList(status, single, list);
    if (ips.length) out[list] = ips.map((ip) => ({ ip }));
    else delete out[list];
  }
  // The internal form has no podIP: it is written back from the list, and is absent when the list is.
  const first = (out.podIPs as { ip: string }[] | undefined)?.[0];
  if (first) out.podIP = first.ip;
  else delete out.podIP;
  obj.status = out;
}

/**
 * A built-in kind's `/status` write after mutating admission, as its status strategy's
 * PrepareForUpdate leaves it: everything but metadata and status as stored (the spec), metadata
 * changes kept unless the kind resets them (a Deployment's labels, a Pod's owner references), then
 * the kind's own carry-overs. Custom resources take only the status and are not prepared here.
 */
export function prepareStatusWrite(rt: ResourceType, obj: KubeObject, old: KubeObject): void {
  for (const key of Object.keys(obj)) if (!FROM_STATUS_REQUEST.has(key) && !(key in old)) delete obj[key];
  for (const [key, value] of Object.entries(old)) if (!FROM_STATUS_REQUEST.has(key)) obj[key] = structuredClone(value);
  strategyFor(rt).prepareStatusUpdate?.(obj, old);
}

/** Puts back a metadata field as stored (or absent, as it was): a status strategy's reset of what the write sent. */
function keepStoredMetadata(obj: KubeObject, old: KubeObject, field: 'labels' | 'ownerReferences'): void {
  const stored = old.metadata[field];
  if (stored === undefined) delete obj.metadata[field];
  else (obj.metadata as Record<string, unknown>)[field] = structuredClone(stored);
}

/** Top-level fields a `/status` write takes from the request (type fields are those of the version it was sent in). */
const FROM_STATUS_REQUEST = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** A kind with defaults and, optionally, other hooks. */
function defaulted(apply: (obj: KubeObject) => void, extra: Strategy = {}): Strategy {
  return { ...extra, default: apply };
}

/**
 * A Job without labels takes its template's, and in Kubernetes the two then share one map, so
 * the labels generated for the template on create show on the Job too. Decoding a webhook's answer
 * makes two maps of them: only an object that went through no webhook still shares.
 */
const jobLabelsShared = new WeakSet<KubeObject>();

const jobStrategy: Strategy = {
  default(obj) { if (defaultJob(obj)) jobLabelsShared.add(obj); },
  prepareCreate(obj) { generateJobSelector(obj, jobLabelsShared.has(obj)); },
  validate: (obj, old) => validateJobUpdate(obj, old),
};

const pvcStrategy: Strategy = {
  default(obj) { defaultPersistentVolumeClaim(obj); },
  // Status is reset on create; reading it back defaults the phase.
  prepareCreate(obj) { obj.status = {}; defaultPersistentVolumeClaim(obj); },
  validate: (obj, old) => validatePersistentVolumeClaimUpdate(obj, old),
};

const priorityClassStrategy = defaulted(defaultPriorityClass, {
  prepareCreate(obj, ctx) { assertSingleGlobalDefault(obj, ctx); },
  prepareUpdate(obj, _old, ctx) { assertSingleGlobalDefault(obj, ctx); },
  validate: (obj, old) => validatePriorityClass(obj, old),
});

const crdStrategy: Strategy = {
  validate(obj, old, ctx) {
    return ctx.ext.crd.validateCustomResourceDefinition(obj, old);
  },
  prepareCreate(obj, ctx, { now }) {
    obj.status = {};
    applyCrdStatus(obj, ctx.store.list(CRD_RESOURCE.storageKey), now);
  },
  prepareUpdate(obj, old, ctx, { now }) {
    obj.status = old.status;
    applyCrdStatus(obj, ctx.store.list(CRD_RESOURCE.storageKey), now);
  },
};

const webhookConfigurationStrategy: Strategy = {
  validate: (obj, old) => validateWebhookConfiguration(obj, old),
};

const STRATEGIES: Record<string, Strategy> = {
  '/namespaces': namespaceStrategy,
  '/services': serviceStrategy,
  '/secrets': secretStrategy,
  '/pods': podStrategy,
  '/persistentvolumeclaims': pvcStrategy,
  '/limitranges': defaulted(defaultLimitRange),
  '/configmaps': { validate: (obj, old) => validateConfigMapUpdate(obj, old) },
  'apps/deployments': defaulted(defaultDeployment, {
    validate: (obj, old) => validateSelectorUpdate(obj, old),
    // Unlike the other workloads, a Deployment's labels stay as stored on a status write.
    prepareStatusUpdate(obj, old) { keepStoredMetadata(obj, old, 'labels'); },
  }),
  'apps/statefulsets': defaulted(defaultStatefulSet, { validate: (obj, old) => validateStatefulSetUpdate(obj, old) }),
  'apps/daemonsets': defaulted(defaultDaemonSet, { validate: (obj, old) => validateSelectorUpdate(obj, old) }),
  'apps/replicasets': defaulted(defaultReplicaSet, { validate: (obj, old) => validateSelectorUpdate(obj, old) }),
  'batch/jobs': jobStrategy,
  'batch/cronjobs': defaulted(defaultCronJob),
  'scheduling.k8s.io/priorityclasses': priorityClassStrategy,
  // RBAC objects are named by path segments (`system:aggregate-to-view`), not DNS subdomains.
  'rbac.authorization.k8s.io/roles': { nameRule: 'path-segment' },
  'rbac.authorization.k8s.io/clusterroles': { nameRule: 'path-segment' },
  'rbac.authorization.k8s.io/rolebindings': defaulted(defaultRoleBinding, { nameRule: 'path-segment', validate: (obj, old) => validateBindingUpdate(obj, old) }),
  'rbac.authorization.k8s.io/clusterrolebindings': defaulted(defaultRoleBinding, { nameRule: 'path-segment', validate: (obj, old) => validateBindingUpdate(obj, old) }),
  'networking.k8s.io/networkpolicies': defaulted(defaultNetworkPolicy),
  '/endpoints': defaulted(defaultEndpoints),
  'coordination.k8s.io/leases': {
    prepareCreate(obj) { dropDisabledLeaseFields(obj, undefined); },
    prepareUpdate(obj, old) { dropDisabledLeaseFields(obj, old); },
  },
  'apiextensions.k8s.io/customresourcedefinitions': crdStrategy,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': webhookConfigurationStrategy,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': webhookConfigurationStrategy,
};

/** Kinds whose status is reset on create to the zero form Kubernetes prints. */
function withCreatedStatus(storageKey: string, strategy: Strategy | undefined): Strategy | undefined {
  const status = CREATED_STATUS[storageKey];
  if (!status) return strategy;
  return {
    ...strategy,
    prepareCreate(obj, ctx, write) {
      const release = strategy?.prepareCreate?.(obj, ctx, write);
      obj.status = status();
      return release;
    },
  };
}

const BUILTIN_STRATEGIES: Record<string, Strategy> = Object.fromEntries(
  [...new Set([...Object.keys(STRATEGIES), ...Object.keys(CREATED_STATUS)])].map((key) => [key, withCreatedStatus(key, STRATEGIES[key]) ?? {}]),
);

/** The strategy of a resource (empty for kinds with no special behaviour). */
export function strategyFor(rt: ResourceType): Strategy {
  return (!rt.custom && BUILTIN_STRATEGIES[rt.storageKey]) || {};
}

function throwIfInvalid(obj: KubeObject, kind: string, causes: StatusCause[]): void {
  if (causes.length) throw invalid('', kind, obj.metadata.name ?? '', causes);
}

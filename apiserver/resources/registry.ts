/**
 * The one registry of built-in resources: group, version, kind, plural, scope, short names,
 * categories, verbs and subresources of everything the server serves without a CRD.
 */
import { STANDARD_VERBS, type ResourceType, type ScaleSpec } from './types.ts';

interface BuiltinSpec {
  gv: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: boolean;
  generation?: boolean;
  extra?: string[];
  fieldLabels?: Record<string, string>;
  verbs?: string[];
  virtual?: boolean;
}

const REPLICAS_SCALE: ScaleSpec = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' };
const CREATE_ONLY = ['create'];

const EVENT_FIELDS: Record<string, string> = {
  'involvedObject.kind': 'involvedObject.kind',
  'involvedObject.namespace': 'involvedObject.namespace',
  'involvedObject.name': 'involvedObject.name',
  'involvedObject.uid': 'involvedObject.uid',
  'involvedObject.apiVersion': 'involvedObject.apiVersion',
  'involvedObject.resourceVersion': 'involvedObject.resourceVersion',
  'involvedObject.fieldPath': 'involvedObject.fieldPath',
  reason: 'reason',
  reportingComponent: 'reportingComponent',
  source: 'source.component',
  type: 'type',
};

const SPECS: BuiltinSpec[] = [
  { gv: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], status: true, extra: ['finalize'], fieldLabels: { 'status.phase': 'status.phase' } },
  { gv: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] },
  { gv: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, fieldLabels: { type: 'type' } },
  { gv: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'], status: true },
  { gv: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'], extra: ['token'] },
  { gv: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'], status: true, extra: ['ephemeralcontainers'],
    fieldLabels: { 'spec.nodeName': 'spec.nodeName', 'spec.restartPolicy': 'spec.restartPolicy', 'spec.schedulerName': 'spec.schedulerName', 'spec.serviceAccountName': 'spec.serviceAccountName', 'status.phase': 'status.phase', 'status.podIP': 'status.podIP', 'status.nominatedNodeName': 'status.nominatedNodeName' } },
  { gv: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'], fieldLabels: EVENT_FIELDS },
  { gv: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'], status: true },
  { gv: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'] },
  { gv: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'], status: true },
  { gv: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'] },
  { gv: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'], status: true, scale: true, generation: true },
  { gv: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, shortNames: ['sts'], categories: ['all'], status: true, scale: true, generation: true },
  { gv: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'], categories: ['all'], status: true, generation: true },
  { gv: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'], status: true, scale: true, generation: true },
  { gv: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true, categories: ['all'], status: true, generation: true, fieldLabels: { 'status.successful': 'status.successful' } },
  { gv: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], categories: ['all'], status: true, generation: true },
  { gv: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, shortNames: ['netpol'], generation: true },
  { gv: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, shortNames: ['ing'], status: true, generation: true },
  { gv: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'], status: true, generation: true },
  { gv: 'scheduling.k8s.io/v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'] },
  { gv: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
  { gv: 'events.k8s.io/v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'], fieldLabels: { reason: 'reason', type: 'type', reportingController: 'reportingController', 'regarding.kind': 'regarding.kind', 'regarding.name': 'regarding.name', 'regarding.namespace': 'regarding.namespace', 'regarding.uid': 'regarding.uid' } },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'Role', plural: 'roles', namespaced: true },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  { gv: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false, categories: ['api-extensions'], generation: true },
  { gv: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false, categories: ['api-extensions'], generation: true },
  { gv: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], status: true, generation: true },
  { gv: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, verbs: CREATE_ONLY, virtual: true },
  { gv: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, verbs: CREATE_ONLY, virtual: true },
  { gv: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false, verbs: CREATE_ONLY, virtual: true },
  { gv: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews', namespaced: true, verbs: CREATE_ONLY, virtual: true },
  { gv: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, verbs: CREATE_ONLY, virtual: true },
  { gv: 'authentication.k8s.io/v1', kind: 'TokenReview', plural: 'tokenreviews', namespaced: false, verbs: CREATE_ONLY, virtual: true },
];

function toResourceType(s: BuiltinSpec): ResourceType {
  const slash = s.gv.indexOf('/');
  const group = slash < 0 ? '' : s.gv.slice(0, slash);
  const version = slash < 0 ? s.gv : s.gv.slice(slash + 1);
  return {
    group, version, kind: s.kind, plural: s.plural, namespaced: s.namespaced,
    singular: s.kind.toLowerCase(), listKind: `${s.kind}List`,
    shortNames: s.shortNames ?? [], categories: s.categories ?? [],
    verbs: s.verbs ?? STANDARD_VERBS,
    storageKey: `${group}/${s.plural}`, storageVersion: s.gv,
    status: s.status ?? false, scale: s.scale ? REPLICAS_SCALE : undefined,
    extraSubresources: s.extra ?? [], generation: s.generation ?? false,
    unconditionalUpdate: s.kind !== 'CustomResourceDefinition',
    virtual: s.virtual ?? false, fieldLabels: s.fieldLabels ?? {}, custom: false,
  };
}

/** Every built-in resource the server serves. */
export const BUILTIN_RESOURCES: readonly ResourceType[] = SPECS.map(toResourceType);

/** The CustomResourceDefinition resource. */
export const CRD_RESOURCE: ResourceType = BUILTIN_RESOURCES.find((r) => r.kind === 'CustomResourceDefinition')!;

/** The Namespace resource. */
export const NAMESPACE_RESOURCE: ResourceType = BUILTIN_RESOURCES.find((r) => r.kind === 'Namespace')!;

/**
 * Resource descriptors of the built-in Kubernetes kinds operators touch most, and a lookup from
 * apiVersion/kind to descriptor for code that only holds an object.
 */
import type { KubeObject } from '../core/meta.ts';
import { parseApiVersion } from '../core/gvk.ts';
import type { Resource } from './resource.ts';
import { defineResource } from './resource.ts';

function core(kind: string, plural: string, namespaced = true, shortNames?: string[]): Resource {
  return defineResource({ group: '', version: 'v1', kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`, namespaced, ...(shortNames ? { shortNames } : {}) });
}

function grouped(group: string, version: string, kind: string, plural: string, namespaced = true, shortNames?: string[]): Resource {
  return defineResource({ group, version, kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`, namespaced, ...(shortNames ? { shortNames } : {}) });
}

/** core/v1 ConfigMap. */
export const ConfigMaps: Resource<KubeObject> = core('ConfigMap', 'configmaps', true, ['cm']);
/** core/v1 Secret. */
export const Secrets: Resource<KubeObject> = core('Secret', 'secrets');
/** core/v1 Service. */
export const Services: Resource<KubeObject> = core('Service', 'services', true, ['svc']);
/** core/v1 ServiceAccount. */
export const ServiceAccounts: Resource<KubeObject> = core('ServiceAccount', 'serviceaccounts', true, ['sa']);
/** core/v1 Pod. */
export const Pods: Resource<KubeObject> = core('Pod', 'pods', true, ['po']);
/** core/v1 Namespace (cluster-scoped). */
export const Namespaces: Resource<KubeObject> = core('Namespace', 'namespaces', false, ['ns']);
/** core/v1 Node (cluster-scoped). */
export const Nodes: Resource<KubeObject> = core('Node', 'nodes', false, ['no']);
/** core/v1 Event. */
export const Events: Resource<KubeObject> = core('Event', 'events', true, ['ev']);
/** core/v1 PersistentVolumeClaim. */
export const PersistentVolumeClaims: Resource<KubeObject> = core('PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']);
/** core/v1 Endpoints. */
export const EndpointsResource: Resource<KubeObject> = defineResource({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', listKind: 'EndpointsList', namespaced: true, shortNames: ['ep'] });
/** apps/v1 Deployment. */
export const Deployments: Resource<KubeObject> = grouped('apps', 'v1', 'Deployment', 'deployments', true, ['deploy']);
/** apps/v1 StatefulSet. */
export const StatefulSets: Resource<KubeObject> = grouped('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts']);
/** apps/v1 DaemonSet. */
export const DaemonSets: Resource<KubeObject> = grouped('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds']);
/** apps/v1 ReplicaSet. */
export const ReplicaSets: Resource<KubeObject> = grouped('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs']);
/** batch/v1 Job. */
export const Jobs: Resource<KubeObject> = grouped('batch', 'v1', 'Job', 'jobs');
/** batch/v1 CronJob. */
export const CronJobs: Resource<KubeObject> = grouped('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']);
/** networking.k8s.io/v1 NetworkPolicy. */
export const NetworkPolicies: Resource<KubeObject> = grouped('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']);
/** networking.k8s.io/v1 Ingress. */
export const Ingresses: Resource<KubeObject> = grouped('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']);
/** coordination.k8s.io/v1 Lease. */
export const Leases: Resource<KubeObject> = grouped('coordination.k8s.io', 'v1', 'Lease', 'leases');
/** events.k8s.io/v1 Event. */
export const EventsV1: Resource<KubeObject> = grouped('events.k8s.io', 'v1', 'Event', 'events', true, ['ev']);
/** policy/v1 PodDisruptionBudget. */
export const PodDisruptionBudgets: Resource<KubeObject> = grouped('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb']);
/** rbac.authorization.k8s.io/v1 Role. */
export const Roles: Resource<KubeObject> = grouped('rbac.authorization.k8s.io', 'v1', 'Role', 'roles');
/** rbac.authorization.k8s.io/v1 RoleBinding. */
export const RoleBindings: Resource<KubeObject> = grouped('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings');
/** rbac.authorization.k8s.io/v1 ClusterRole (cluster-scoped). */
export const ClusterRoles: Resource<KubeObject> = grouped('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false);
/** rbac.authorization.k8s.io/v1 ClusterRoleBinding (cluster-scoped). */
export const ClusterRoleBindings: Resource<KubeObject> = grouped('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false);
/** apiextensions.k8s.io/v1 CustomResourceDefinition (cluster-scoped). */
export const CustomResourceDefinitions: Resource<KubeObject> = grouped('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds']);

/** Every built-in descriptor above. */
export const builtinResources: readonly Resource<KubeObject>[] = [
  ConfigMaps, Secrets, Services, ServiceAccounts, Pods, Namespaces, Nodes, Events, PersistentVolumeClaims,
  EndpointsResource, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, NetworkPolicies,
  Ingresses, Leases, EventsV1, PodDisruptionBudgets, Roles, RoleBindings, ClusterRoles, ClusterRoleBindings,
  CustomResourceDefinitions,
];

/**
 * Maps apiVersion/kind to descriptors. Starts with the built-ins; generated clients and
 * applications register their own kinds.
 */
export class ResourceRegistry {
  readonly #byKind = new Map<string, Resource>();

  constructor(initial: readonly Resource[] = builtinResources) {
    for (const r of initial) this.register(r);
  }

  /** Adds (or replaces) a descriptor. */
  register(res: Resource): void {
    this.#byKind.set(`${res.group}/${res.version}/${res.kind}`, res);
  }

  /** The descriptor of an apiVersion/kind, if known. */
  lookup(apiVersion: string, kind: string): Resource | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    return this.#byKind.get(`${group}/${version}/${kind}`);
  }
}

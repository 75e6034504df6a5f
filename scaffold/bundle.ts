/**
 * The deploy bundle of an operator: namespace, ServiceAccount, the generated ClusterRole and its
 * binding, a leader-election Role and binding, the Deployment (two replicas with leader
 * election, probes, metrics, requests and limits, a restricted security context), the metrics
 * Service and the CRDs — as objects, so they can be written as YAML or applied.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../runtime/core/meta.ts';
import { addWebhooks } from './bundle-webhooks.ts';
import { ScaffoldError } from './errors.ts';
import type { ProjectFile } from './project.ts';

/** Port of the manager's Prometheus metrics inside the pod. */
export const METRICS_PORT = 8080;
/** Port of the manager's /healthz and /readyz inside the pod. */
export const PROBE_PORT = 8081;

/** Names of the bundle's objects, derived from the project name. */
export interface BundleNames {
  namespace: string;
  serviceAccount: string;
  deployment: string;
  clusterRole: string;
  leaderElectionId: string;
}

/** The names used for project p. */
export function bundleNames(p: ProjectFile): BundleNames {
  return {
    namespace: `${p.projectName}-system`,
    serviceAccount: `${p.projectName}-controller-manager`,
    deployment: `${p.projectName}-controller-manager`,
    clusterRole: `${p.projectName}-manager-role`,
    leaderElectionId: `${p.projectName}.${p.domain}`,
  };
}

/** The bundle, split the way kustomize trees and apply order need it. */
export interface Bundle {
  crds: KubeObject[];
  rbac: KubeObject[];
  manager: KubeObject[];
  /** Webhook Service, certificate and configurations; empty without webhooks. */
  webhook: KubeObject[];
}

/** Reads every YAML document of the files in dir (sorted by name). */
export function readYamlObjects(dir: string): KubeObject[] {
  if (!existsSync(dir)) return [];
  const out: KubeObject[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    out.push(...parseYamlObjects(readFileSync(join(dir, file), 'utf8'), join(dir, file)));
  }
  return out;
}

/** Parses a multi-document YAML text into objects, skipping empty documents. */
export function parseYamlObjects(text: string, source: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new ScaffoldError('invalid-input', `${source}: ${doc.errors[0]!.message.split('\n')[0]}`);
    const obj = doc.toJS() as KubeObject | null;
    if (obj) out.push(obj);
  }
  return out;
}

const labels = (p: ProjectFile) => ({ 'app.kubernetes.io/name': p.projectName, 'app.kubernetes.io/managed-by': 'tsop' });

/** Builds the bundle from the project's generated/ folder; the image runs the compiled operator. */
export function buildBundle(dir: string, p: ProjectFile, image: string): Bundle {
  const n = bundleNames(p);
  const crds = readYamlObjects(join(dir, 'generated', 'crds'));
  const generatedRoles = readYamlObjects(join(dir, 'generated', 'rbac'));
  const rules = generatedRoles.flatMap((r) => (r as { rules?: unknown[] }).rules ?? []);
  const meta = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: n.namespace } : {}), labels: labels(p) });
  const rbacRef = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
  const subject = { kind: 'ServiceAccount', name: n.serviceAccount, namespace: n.namespace };
  const rbac: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.namespace, labels: { ...labels(p), 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(n.serviceAccount) },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(n.clusterRole, false), rules } as KubeObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta(`${p.projectName}-manager-rolebinding`, false),
      roleRef: rbacRef('ClusterRole', n.clusterRole), subjects: [subject],
    } as KubeObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(`${p.projectName}-leader-election-role`),
      rules: [
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    } as KubeObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta(`${p.projectName}-leader-election-rolebinding`),
      roleRef: rbacRef('Role', `${p.projectName}-leader-election-role`), subjects: [subject],
    } as KubeObject,
  ];
  const selector = { 'app.kubernetes.io/name': p.projectName, 'control-plane': 'controller-manager' };
  const manager: KubeObject[] = [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(n.deployment),
      spec: {
        replicas: 2,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels(p), ...selector }, annotations: { 'kubectl.kubernetes.io/default-container': 'manager' } },
          spec: {
            serviceAccountName: n.serviceAccount,
            terminationGracePeriodSeconds: 40,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'manager',
              image,
              args: ['--leader-elect', `--leader-election-id=${n.leaderElectionId}`, `--metrics-bind-address=:${METRICS_PORT}`, `--health-probe-bind-address=:${PROBE_PORT}`],
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              ports: [{ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' }, { name: 'probes', containerPort: PROBE_PORT, protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/healthz', port: PROBE_PORT }, initialDelaySeconds: 15, periodSeconds: 20 },
              readinessProbe: { httpGet: { path: '/readyz', port: PROBE_PORT }, initialDelaySeconds: 5, periodSeconds: 10 },
              resources: { requests: { cpu: '10m', memory: '96Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532,
                capabilities: { drop: ['ALL'] },
              },
            }],
          },
        },
      },
    } as KubeObject,
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta(`${p.projectName}-controller-manager-metrics-service`),
      spec: { selector, ports: [{ name: 'metrics', port: METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' }] },
    } as KubeObject,
  ];
  const webhook = addWebhooks(dir, p, n, crds, manager[0]!, labels(p));
  return { crds, rbac, manager, webhook };
}

/** Every object in apply order: CRDs, then RBAC (namespace first), the manager, the webhooks. */
export function bundleObjects(b: Bundle): KubeObject[] {
  return [...b.crds, ...b.rbac, ...b.manager, ...b.webhook];
}

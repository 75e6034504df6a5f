import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { checkTableCase, FRESH, startTableServer, TABLE, type TableCase } from './table-cases.ts';

const NS = 'tables';

/** Matches the age of an object created during the test. */


const meta = (name: string, extra: Record<string, any> = {}) => ({ name, namespace: NS, ...extra });
const container = (name: string, image: string) => ({ name, image });

const CASES: TableCase[] = [
  { title: 'Namespace', path: '/api/v1/namespaces', body: { metadata: { name: 'team-a' } }, columns: ['Name', 'Status', 'Age'], cells: ['team-a', 'Active', FRESH] },
  {
    title: 'ConfigMap counts data and binaryData keys', path: `/api/v1/namespaces/${NS}/configmaps`,
    body: { metadata: meta('settings'), data: { a: '1', b: '2' }, binaryData: { c: 'AQI=' } }, columns: ['Name', 'Data', 'Age'], cells: ['settings', 3, FRESH],
  },
  {
    title: 'Secret', path: `/api/v1/namespaces/${NS}/secrets`,
    body: { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' }, stringData: { 'tls.key': 'k' } }, columns: ['Name', 'Type', 'Data', 'Age'], cells: ['tls', 'kubernetes.io/tls', 2, FRESH],
  },
  { title: 'ServiceAccount', path: `/api/v1/namespaces/${NS}/serviceaccounts`, body: { metadata: meta('robot'), secrets: [{ name: 'robot-token' }] }, columns: ['Name', 'Secrets', 'Age'], cells: ['robot', 1, FRESH] },
  {
    title: 'NodePort Service', path: `/api/v1/namespaces/${NS}/services`,
    body: { metadata: meta('web'), spec: { type: 'NodePort', selector: { tier: 'fe', app: 'web' }, ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP' }] } },
    columns: ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', '+Selector'],
    cells: (o) => ['web', 'NodePort', o.spec.clusterIPs[0], '<none>', `80:30080/TCP,53:${o.spec.ports[1].nodePort}/UDP`, FRESH, 'app=web,tier=fe'],
  },
  {
    title: 'LoadBalancer Service lists ingress points then external IPs', path: `/api/v1/namespaces/${NS}/services`,
    body: { metadata: meta('edge'), spec: { type: 'LoadBalancer', externalIPs: ['198.51.100.1'], ports: [{ port: 443 }] } },
    status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '203.0.113.9' }] } },
    columns: ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', '+Selector'],
    cells: (o) => ['edge', 'LoadBalancer', o.spec.clusterIPs[0], '203.0.113.9,lb.example.com,198.51.100.1', `443:${o.spec.ports[0].nodePort}/TCP`, FRESH, '<none>'],
  },
  {
    title: 'Endpoints show three addresses and how many more', path: `/api/v1/namespaces/${NS}/endpoints`,
    body: { metadata: meta('web'), subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ name: 'a', port: 8080 }, { name: 'b', port: 8443 }] }] },
    columns: ['Name', 'Endpoints', 'Age'], cells: ['web', '10.0.0.1:8080,10.0.0.2:8080,10.0.0.1:8443 + 1 more...', FRESH],
  },
  {
    title: 'bound PersistentVolumeClaim', path: `/api/v1/namespaces/${NS}/persistentvolumeclaims`,
    body: { metadata: meta('data'), spec: { volumeName: 'pv-1', storageClassName: 'fast', accessModes: ['ReadWriteMany', 'ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } },
    status: { phase: 'Bound', capacity: { storage: '10240Mi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'] },
    columns: ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', '+VolumeMode'],
    cells: ['data', 'Bound', 'pv-1', '10Gi', 'RWO,RWX', 'fast', '<unset>', FRESH, 'Filesystem'],
  },
  {
    title: 'pending PersistentVolumeClaim shows no capacity', path: `/api/v1/namespaces/${NS}/persistentvolumeclaims`,
    body: { metadata: meta('scratch', { annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } }), spec: { storageClassName: 'fast', volumeMode: 'Block', volumeAttributesClassName: 'gold', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    status: { phase: 'Pending' },
    columns: ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', '+VolumeMode'],
    cells: ['scratch', 'Pending', '', '', '', 'legacy', 'gold', FRESH, 'Block'],
  },
  {
    title: 'NetworkPolicy', path: `/apis/networking.k8s.io/v1/namespaces/${NS}/networkpolicies`,
    body: { metadata: meta('db-only'), spec: { podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['replica', 'db'] }], matchLabels: { app: 'pg' } } } },
    columns: ['Name', 'Pod-Selector', 'Age'], cells: ['db-only', 'app=pg,role in (db,replica)', FRESH],
  },
  {
    title: 'NetworkPolicy selecting every pod', path: `/apis/networking.k8s.io/v1/namespaces/${NS}/networkpolicies`,
    body: { metadata: meta('deny-all'), spec: { podSelector: {}, policyTypes: ['Ingress'] } }, columns: ['Name', 'Pod-Selector', 'Age'], cells: ['deny-all', '<none>', FRESH],
  },
  {
    title: 'Ingress', path: `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`,
    body: { metadata: meta('site'), spec: { ingressClassName: 'nginx', tls: [{ hosts: ['a.example.com'] }], rules: ['a', 'b', 'c', 'd'].map((h) => ({ host: `${h}.example.com` })) } },
    status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } },
    columns: ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'], cells: ['site', 'nginx', 'a.example.com,b.example.com,c.example.com + 1 more...', '192.0.2.10', '80, 443', FRESH],
  },
  {
    title: 'Ingress without class, hosts or TLS', path: `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`,
    body: { metadata: meta('catch-all'), spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } },
    columns: ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'], cells: ['catch-all', '<none>', '*', '', '80', FRESH],
  },
  {
    title: 'PodDisruptionBudget', path: `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`,
    body: { metadata: meta('web-pdb'), spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } } }, status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
    columns: ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age'], types: { 'Allowed Disruptions': 'integer' }, cells: ['web-pdb', '50%', 'N/A', 1, FRESH],
  },
  { title: 'Lease', path: `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases`, body: { metadata: meta('leader'), spec: { holderIdentity: 'manager-1_abc' } }, columns: ['Name', 'Holder', 'Age'], cells: ['leader', 'manager-1_abc', FRESH] },
  {
    title: 'Role uses the default convertor', path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`,
    body: { metadata: meta('pod-reader'), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
    columns: ['Name', 'Created At'], types: { 'Created At': 'date' }, cells: (o) => ['pod-reader', o.metadata.creationTimestamp],
  },
  {
    title: 'RoleBinding', path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`,
    body: {
      metadata: meta('readers'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'robot', namespace: NS }, { kind: 'User', name: 'bob', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }],
    },
    columns: ['Name', 'Role', 'Age', '+Users', '+Groups', '+ServiceAccounts'], cells: ['readers', 'Role/pod-reader', FRESH, 'jane, bob', 'devs', `${NS}/robot`],
  },
  {
    title: 'ClusterRole uses the default convertor', path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    body: { metadata: { name: 'tables-viewer' }, rules: [] }, columns: ['Name', 'Created At'], types: { 'Created At': 'date' }, cells: (o) => ['tables-viewer', o.metadata.creationTimestamp],
  },
  {
    title: 'ClusterRoleBinding', path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    body: { metadata: { name: 'tables-viewers' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tables-viewer' }, subjects: [{ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' }] },
    columns: ['Name', 'Role', 'Age', '+Users', '+Groups', '+ServiceAccounts'], cells: ['tables-viewers', 'ClusterRole/tables-viewer', FRESH, '', 'system:authenticated', ''],
  },
  {
    title: 'ValidatingWebhookConfiguration counts webhooks', path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
    body: {
      metadata: { name: 'tables-hooks' },
      webhooks: ['one', 'two'].map((n) => ({
        name: `${n}.tables.example.com`, admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Ignore',
        clientConfig: { url: 'https://127.0.0.1:9/validate' }, rules: [{ apiGroups: ['example.com'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['gadgets'] }],
      })),
    },
    columns: ['Name', 'Webhooks', 'Age'], types: { Webhooks: 'integer' }, cells: ['tables-hooks', 2, FRESH],
  },
  {
    title: 'MutatingWebhookConfiguration with no webhooks', path: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
    body: { metadata: { name: 'tables-empty' } }, columns: ['Name', 'Webhooks', 'Age'], types: { Webhooks: 'integer' }, cells: ['tables-empty', 0, FRESH],
  },
];


describe('Table columns of built-in kinds over HTTP', () => {
  let api: RunningApiServer;
  before(async () => { api = await startTableServer(NS); });
  after(() => api.stop());

  for (const c of CASES) it(c.title, () => checkTableCase(api, c));

  it('a list renders one row per object with the same columns', async () => {
    const res = await raw(api, 'GET', `/apis/networking.k8s.io/v1/namespaces/${NS}/networkpolicies`, undefined, TABLE);
    assert.deepEqual(res.json.columnDefinitions.map((d: { name: string }) => d.name), ['Name', 'Pod-Selector', 'Age']);
    assert.deepEqual(res.json.rows.map((r: { cells: unknown[] }) => r.cells.slice(0, 2)).sort(), [['db-only', 'app=pg,role in (db,replica)'], ['deny-all', '<none>']]);
  });

  it('CustomResourceDefinitions use the default convertor', async () => {
    const res = await raw(api, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', undefined, TABLE);
    assert.deepEqual(res.json.columnDefinitions.map((d: { name: string; type: string }) => [d.name, d.type]), [['Name', 'string'], ['Created At', 'date']]);
  });

  it('noHeaders drops the column definitions but keeps every cell', async () => {
    const res = await raw(api, 'GET', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings/readers?noHeaders=true`, undefined, TABLE);
    assert.equal(res.json.columnDefinitions, undefined);
    assert.equal(res.json.rows[0].cells.length, 6);
  });
});


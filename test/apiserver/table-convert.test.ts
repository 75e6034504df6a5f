import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { evaluateJsonPath, humanAge, toTable } from '../../apiserver/table/index.ts';
import { canonicalQuantity } from '../../apiserver/table/quantity.ts';
import { builtinPrinter } from '../../apiserver/table/builtin-columns.ts';
import { defaultPrinter } from '../../apiserver/table/columns.ts';
import { BUILTIN_RESOURCES } from '../../apiserver/resources/registry.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';

const now = new Date('2025-01-01T12:00:00Z');
const locust = parseAllDocuments(readFileSync('/work/shared/reference/seed-crds/locust-k8s-operator/head/locust.io_locusttests.yaml', 'utf8'))[0]!.toJS();
const v2 = locust.spec.versions.find((v: { name: string }) => v.name === 'v2');
const desc = { group: 'locust.io', version: 'v2', kind: 'LocustTest', plural: 'locusttests', namespaced: true };

const lt: KubeObject = {
  apiVersion: 'locust.io/v2', kind: 'LocustTest',
  metadata: { name: 'demo', namespace: 'default', creationTimestamp: '2025-01-01T11:55:00Z', uid: 'u1', resourceVersion: '7' },
  spec: { image: 'locust:2', worker: { replicas: 3 } },
  status: { phase: 'Running', connectedWorkers: 2, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Other', status: 'False' }] },
};

type Table = { kind: string; metadata: Record<string, unknown>; columnDefinitions?: { name: string; type: string; format: string; priority: number }[]; rows: { cells: unknown[]; object?: Record<string, unknown> }[] };

test('CRD printer columns: Name first, typed cells, date as age, priority kept', () => {
  const t = toTable({ desc, printerColumns: v2.additionalPrinterColumns }, [lt], { now, listMeta: { resourceVersion: '42' } }) as Table;
  assert.equal(t.kind, 'Table');
  assert.deepEqual(t.metadata, { resourceVersion: '42' });
  assert.deepEqual(t.columnDefinitions!.map((c) => [c.name, c.type, c.format, c.priority]), [
    ['Name', 'string', 'name', 0], ['Phase', 'string', '', 0], ['Workers', 'integer', '', 0], ['Connected', 'integer', '', 0], ['Image', 'string', '', 1], ['Age', 'date', '', 0],
  ]);
  assert.deepEqual(t.rows[0]!.cells, ['demo', 'Running', 3, 2, 'locust:2', '5m']);
  assert.deepEqual(t.rows[0]!.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: lt.metadata });
});

test('missing values are null cells; includeObject and noHeaders are honoured', () => {
  const bare = { ...lt, status: undefined, spec: {} } as KubeObject;
  const t = toTable({ desc, printerColumns: v2.additionalPrinterColumns }, [bare], { now, includeObject: 'None', noHeaders: true }) as Table;
  assert.equal(t.columnDefinitions, undefined);
  assert.deepEqual(t.rows[0]!.cells, ['demo', null, null, null, null, '5m']);
  assert.equal(t.rows[0]!.object, undefined);
  const full = toTable({ desc, printerColumns: [] }, [lt], { now, includeObject: 'Object' }) as Table;
  assert.deepEqual(full.columnDefinitions!.map((c) => c.name), ['Name', 'Age']);
  assert.equal(full.rows[0]!.object, lt);
});

test('JSONPath filters, indexes and quoted keys', () => {
  assert.deepEqual(evaluateJsonPath('.status.conditions[?(@.type=="Ready")].status', lt), ['True']);
  assert.deepEqual(evaluateJsonPath('.status.conditions[1].type', lt), ['Other']);
  assert.deepEqual(evaluateJsonPath('.status.conditions[*].type', lt), ['Ready', 'Other']);
  assert.deepEqual(evaluateJsonPath(".metadata['namespace']", lt), ['default']);
  assert.deepEqual(evaluateJsonPath('.spec.nope.deeper', lt), []);
  const t = toTable({ desc, printerColumns: [{ name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' }] }, [lt], { now }) as Table;
  assert.deepEqual(t.rows[0]!.cells, ['demo', 'True']);
});

test('built-in columns for namespaces, configmaps, secrets and deployments', () => {
  const ns = toTable({ desc: { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false } },
    [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', creationTimestamp: '2024-12-30T12:00:00Z' }, status: { phase: 'Active' } }], { now }) as Table;
  assert.deepEqual(ns.columnDefinitions!.map((c) => c.name), ['Name', 'Status', 'Age']);
  assert.deepEqual(ns.rows[0]!.cells, ['default', 'Active', '2d']);
  const cm = toTable({ desc: { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true } },
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: '2025-01-01T11:59:30Z' }, data: { a: '1', b: '2' } }], { now }) as Table;
  assert.deepEqual(cm.rows[0]!.cells, ['c', 2, '30s']);
  const sec = toTable({ desc: { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true } },
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', creationTimestamp: '2025-01-01T09:00:00Z' }, type: 'Opaque', data: { k: 'dg==' } }], { now }) as Table;
  assert.deepEqual(sec.rows[0]!.cells, ['s', 'Opaque', 1, '3h']);
  const dep = toTable({ desc: { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true } },
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', creationTimestamp: '2025-01-01T11:00:00Z' }, spec: { replicas: 3 }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } }], { now }) as Table;
  assert.deepEqual(dep.columnDefinitions!.filter((c) => c.priority === 0).map((c) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
  assert.deepEqual(dep.rows[0]!.cells.slice(0, 5), ['d', '2/3', 3, 2, '60m']);
});

test('human ages follow kubectl', () => {
  const at = (s: number) => humanAge(new Date(now.getTime() - s * 1000).toISOString(), now);
  assert.deepEqual([at(5), at(119), at(200), at(600), at(3 * 3600 + 600), at(30 * 3600), at(3 * 86400 + 4 * 3600), at(40 * 86400), at(800 * 86400)],
    ['5s', '119s', '3m20s', '10m', '3h10m', '30h', '3d4h', '40d', '2y70d']);
  assert.equal(humanAge(undefined, now), '<unknown>');
});

test('kinds the catalogue does not serve yet: ResourceQuota and PriorityClass', () => {
  const rq = toTable({ desc: { group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true } }, [{
    apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', creationTimestamp: '2025-01-01T11:00:00Z' },
    status: { hard: { 'limits.memory': '2Gi', 'requests.cpu': '1', pods: '10', 'limits.cpu': '2' }, used: { 'requests.cpu': '500m', pods: '3', 'limits.cpu': '1' } },
  }], { now }) as Table;
  assert.deepEqual(rq.columnDefinitions!.map((c) => c.name), ['Name', 'Request', 'Limit', 'Age']);
  assert.deepEqual(rq.rows[0]!.cells, ['compute', 'pods: 3/10, requests.cpu: 500m/1', 'limits.cpu: 1/2, limits.memory: 0/2Gi', '60m']);
  const pc = toTable({ desc: { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false } },
    [{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high', creationTimestamp: '2025-01-01T11:59:00Z' }, value: 1000000 } as KubeObject], { now }) as Table;
  assert.deepEqual(pc.columnDefinitions!.map((c) => [c.name, c.type, c.priority]), [['Name', 'string', 0], ['Value', 'integer', 0], ['Global-Default', 'boolean', 0], ['Age', 'string', 0], ['PreemptionPolicy', 'string', 0]]);
  assert.deepEqual(pc.rows[0]!.cells, ['high', 1000000, false, '60s', 'PreemptLowerPriority']);
});

test('selectors: sorted requirements, <none> when empty, <error> or <invalid> when malformed', () => {
  const rs = (selector: unknown) => toTable({ desc: { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true } },
    [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', creationTimestamp: '2025-01-01T12:00:00Z' }, spec: { selector } }], { now }) as Table;
  const dep = (selector: unknown) => toTable({ desc: { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true } },
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', creationTimestamp: '2025-01-01T12:00:00Z' }, spec: { selector } }], { now }) as Table;
  const last = (t: Table) => t.rows[0]!.cells.at(-1);
  assert.equal(last(rs({ matchExpressions: [{ key: 'z', operator: 'Exists' }, { key: 'a', operator: 'DoesNotExist' }], matchLabels: { m: '1' } })), '!a,m=1,z');
  assert.equal(last(rs({})), '<none>');
  assert.equal(last(rs({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })), '<error>');
  assert.equal(last(dep({})), '');
  assert.equal(last(dep({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })), '<invalid>');
});

test('the default convertor prints the creation time in RFC3339 UTC', () => {
  const role = toTable({ desc: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true } },
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', creationTimestamp: '2025-01-01T13:00:00+01:00' } }, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'bare' } }], { now }) as Table;
  assert.deepEqual(role.columnDefinitions!.map((c) => [c.name, c.type, c.format]), [['Name', 'string', 'name'], ['Created At', 'date', '']]);
  assert.deepEqual(role.rows.map((r) => r.cells), [['r', '2025-01-01T12:00:00Z'], ['bare', '0001-01-01T00:00:00Z']]);
});

test('quantities print in canonical form', () => {
  const cases: [string, string][] = [['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['512Mi', '512Mi'], ['1000Mi', '1000Mi'], ['0.5', '500m'], ['2000', '2k'], ['1500', '1500'],
    ['100m', '100m'], ['1e3', '1e3'], ['1E', '1E'], ['0', '0'], ['0Gi', '0'], ['512Ki', '512Ki'], ['0.5Ki', '512'], ['1.5', '1500m'], ['0.0000000001', '1n'], ['-2048Ki', '-2Mi'], ['abc', 'abc']];
  assert.deepEqual(cases.map(([q]) => canonicalQuantity(q)), cases.map(([, want]) => want));
});

test('every served built-in kind has its Kubernetes printer or, deliberately, the default one', () => {
  // Kubernetes serves these through its default convertor (Name, Created At).
  const defaultByDesign = new Set(['Role', 'ClusterRole', 'CustomResourceDefinition', 'LimitRange']);
  const listed = BUILTIN_RESOURCES.filter((rt) => !rt.virtual);
  const missing = listed.filter((rt) => (builtinPrinter(rt) === defaultPrinter) !== defaultByDesign.has(rt.kind)).map((rt) => `${rt.group}/${rt.kind}`);
  assert.deepEqual(missing, []);
  assert.ok(listed.length >= 25);
});

/**
 * Decoding defaults of the RBAC, networking, coordination and Endpoints kinds, as a 1.32 cluster
 * stores them, and RBAC names as path segments.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

let api: RunningApiServer;
before(async () => {
  api = await startApiServer();
  await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'defaults' } });
});
after(() => api.stop());

test('bindings: roleRef and User/Group subjects name the RBAC group; ServiceAccounts the core group', async () => {
  const res = await raw(api, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/defaults/rolebindings', {
    metadata: { name: 'b' }, roleRef: { kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'robot', namespace: 'defaults' }],
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.roleRef.apiGroup, 'rbac.authorization.k8s.io');
  assert.deepEqual(res.json.subjects.map((s: { apiGroup?: string }) => s.apiGroup), ['rbac.authorization.k8s.io', 'rbac.authorization.k8s.io', '']);
});

test('RBAC names are path segments: colons are accepted, slashes and percent signs refused', async () => {
  const ok = await raw(api, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', { metadata: { name: 'system:aggregate-to-view-extra' }, rules: [] });
  assert.equal(ok.status, 201, ok.text);
  const bad = await raw(api, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', { metadata: { name: 'a%b' }, rules: [] });
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.json.details.causes, [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "a%b": may not contain '%'` }]);
});

test('network policies: TCP ports, and policyTypes from the rules present', async () => {
  const ingressOnly = await raw(api, 'POST', '/apis/networking.k8s.io/v1/namespaces/defaults/networkpolicies', {
    metadata: { name: 'in' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] },
  });
  assert.equal(ingressOnly.status, 201, ingressOnly.text);
  assert.deepEqual(ingressOnly.json.spec.policyTypes, ['Ingress']);
  assert.equal(ingressOnly.json.spec.ingress[0].ports[0].protocol, 'TCP');
  const both = await raw(api, 'POST', '/apis/networking.k8s.io/v1/namespaces/defaults/networkpolicies', {
    metadata: { name: 'out' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] },
  });
  assert.deepEqual(both.json.spec.policyTypes, ['Ingress', 'Egress']);
  assert.equal(both.json.spec.egress[0].ports[0].protocol, 'UDP');
});

test('leases drop the fields of the disabled coordinated leader election feature', async () => {
  const res = await raw(api, 'POST', '/apis/coordination.k8s.io/v1/namespaces/defaults/leases', {
    metadata: { name: 'l' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15, strategy: 'OldestEmulationVersion', preferredHolder: 'you' },
  });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json.spec, { holderIdentity: 'me', leaseDurationSeconds: 15 });
});

test('endpoints ports default to TCP', async () => {
  const res = await raw(api, 'POST', '/api/v1/namespaces/defaults/endpoints', {
    metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 8080 }] }],
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.subsets[0].ports[0].protocol, 'TCP');
});

test('a Job pod failure policy pattern without a status matches True', async () => {
  const res = await raw(api, 'POST', '/apis/batch/v1/namespaces/defaults/jobs', {
    metadata: { name: 'j' },
    spec: {
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    },
  });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json.spec.podFailurePolicy.rules[0].onPodConditions, [{ type: 'DisruptionTarget', status: 'True' }]);
});

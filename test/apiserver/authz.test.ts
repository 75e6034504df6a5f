import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

describe('RBAC authorization with ServiceAccount tokens', () => {
  let api: RunningApiServer;
  let token: string;
  before(async () => {
    api = await startApiServer({ authz: 'RBAC' });
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot' } })).status, 201);
    const tr = await raw(api, 'POST', '/api/v1/namespaces/default/serviceaccounts/bot/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
    assert.equal(tr.status, 201);
    token = tr.json.status.token;
  });
  after(() => api.stop());

  const asBot = (method: string, path: string, body?: unknown) => raw(api, method, path, body, { Authorization: `Bearer ${token}` });

  it('identifies the ServiceAccount', async () => {
    const who = await asBot('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    assert.equal(who.json.status.userInfo.username, 'system:serviceaccount:default:bot');
    assert.ok(who.json.status.userInfo.groups.includes('system:serviceaccounts:default'));
  });

  it('forbids what no role grants, with the Kubernetes message', async () => {
    const res = await asBot('GET', '/api/v1/namespaces/default/configmaps');
    assert.equal(res.status, 403);
    assert.equal(res.json.reason, 'Forbidden');
    assert.equal(res.json.message, 'configmaps is forbidden: User "system:serviceaccount:default:bot" cannot list resource "configmaps" in API group "" in the namespace "default"');
    const review = await asBot('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'configmaps', namespace: 'default' } } });
    assert.equal(review.json.status.allowed, false);
  });

  it('allows what a RoleBinding grants', async () => {
    await raw(api, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }] });
    await raw(api, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'bot-reads' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'bot', namespace: 'default' }] });
    assert.equal((await asBot('GET', '/api/v1/namespaces/default/configmaps')).status, 200);
    assert.equal((await asBot('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).status, 403);
    assert.equal((await asBot('GET', '/api/v1/namespaces/kube-system/configmaps')).status, 403);
    const review = await asBot('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'configmaps', namespace: 'default' } } });
    assert.equal(review.json.status.allowed, true);
  });

  it('rejects forged and unknown tokens', async () => {
    assert.equal((await raw(api, 'GET', '/api/v1/namespaces', undefined, { Authorization: `Bearer ${token.slice(0, -2)}xx` })).status, 401);
  });
});

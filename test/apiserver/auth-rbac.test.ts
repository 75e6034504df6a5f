import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  authorize, forbiddenMessage, forbiddenError, rulesReview,
  type RbacSource, type RequestAttributes, type UserInfo,
} from '../../apiserver/auth/index.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';

type Kind = 'Role' | 'RoleBinding' | 'ClusterRole' | 'ClusterRoleBinding';
function source(objs: KubeObject[]): RbacSource {
  return { list: (kind: Kind, ns?: string) => objs.filter((o) => o.kind === kind && (ns === undefined || o.metadata.namespace === ns)) };
}
const role = (ns: string, name: string, rules: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: ns }, rules });
const clusterRole = (name: string, rules: unknown[], labels?: Record<string, string>, aggregationRule?: unknown): KubeObject =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, ...(labels ? { labels } : {}) }, rules, ...(aggregationRule ? { aggregationRule } : {}) });
const rb = (ns: string, name: string, roleRef: { kind: string; name: string }, subjects: unknown[]): KubeObject =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects });
const crb = (name: string, roleName: string, subjects: unknown[]): KubeObject =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects });

const alice: UserInfo = { username: 'alice', groups: ['system:authenticated'] };
const bob: UserInfo = { username: 'bob', groups: ['devs', 'system:authenticated'] };
const sa: UserInfo = { username: 'system:serviceaccount:team:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'] };

const rbac = source([
  role('team', 'pod-reader', [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }]),
  role('team', 'named-cm', [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get', 'update'] }]),
  clusterRole('deploy-admin', [{ apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['*'] }]),
  clusterRole('status-writer', [{ apiGroups: ['*'], resources: ['*/status'], verbs: ['update', 'patch'] }]),
  clusterRole('health', [{ nonResourceURLs: ['/healthz', '/metrics/*'], verbs: ['get'] }]),
  clusterRole('node-viewer', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]),
  rb('team', 'alice-pods', { kind: 'Role', name: 'pod-reader' }, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }]),
  rb('team', 'alice-cm', { kind: 'Role', name: 'named-cm' }, [{ kind: 'User', name: 'alice' }]),
  rb('team', 'devs-deploy', { kind: 'ClusterRole', name: 'deploy-admin' }, [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }]),
  rb('team', 'sa-status', { kind: 'ClusterRole', name: 'status-writer' }, [{ kind: 'ServiceAccount', name: 'builder' }]),
  crb('all-health', 'health', [{ kind: 'Group', name: 'system:authenticated' }]),
  crb('sa-nodes', 'node-viewer', [{ kind: 'ServiceAccount', name: 'builder', namespace: 'team' }]),
]);

const req = (user: UserInfo, a: Omit<RequestAttributes, 'user'>): RequestAttributes => ({ user, ...a });

test('Role via RoleBinding: allowed in its namespace only, with the RBAC reason', () => {
  const d = authorize(req(alice, { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'team' }), rbac);
  assert.deepEqual(d, { allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-pods/team" of Role "pod-reader" to User "alice"' });
  assert.equal(authorize(req(alice, { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'other' }), rbac).allowed, false);
  assert.equal(authorize(req(alice, { verb: 'list', apiGroup: '', resource: 'pods' }), rbac).allowed, false, 'RoleBindings never grant cluster-wide');
  assert.equal(authorize(req(alice, { verb: 'delete', apiGroup: '', resource: 'pods', namespace: 'team', name: 'p' }), rbac).allowed, false);
});

test('subresources must be listed explicitly or through */sub', () => {
  assert.equal(authorize(req(alice, { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log', namespace: 'team', name: 'p' }), rbac).allowed, true);
  assert.equal(authorize(req(alice, { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'exec', namespace: 'team', name: 'p' }), rbac).allowed, false);
  const status = req(sa, { verb: 'patch', apiGroup: 'apps', resource: 'deployments', subresource: 'status', namespace: 'team', name: 'd' });
  assert.deepEqual(authorize(status, rbac), { allowed: true, reason: 'RBAC: allowed by RoleBinding "sa-status/team" of ClusterRole "status-writer" to ServiceAccount "builder/team"' });
  assert.equal(authorize({ ...status, subresource: undefined }, rbac).allowed, false, '*/status does not grant the main resource');
});

test('resourceNames restrict to named objects; requests without a name do not match', () => {
  const get = (name?: string, verb = 'get') => authorize(req(alice, { verb, apiGroup: '', resource: 'configmaps', namespace: 'team', ...(name ? { name } : {}) }), rbac).allowed;
  assert.equal(get('settings'), true);
  assert.equal(get('other'), false);
  assert.equal(get(undefined, 'list'), false);
  assert.equal(get('settings', 'update'), true);
});

test('Group subjects and ClusterRole through a RoleBinding; verb and group wildcards', () => {
  assert.equal(authorize(req(bob, { verb: 'deletecollection', apiGroup: 'apps', resource: 'deployments', namespace: 'team' }), rbac).allowed, true);
  assert.equal(authorize(req(bob, { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'team', name: 'd' }), rbac).allowed, true);
  assert.equal(authorize(req(bob, { verb: 'get', apiGroup: 'extensions', resource: 'deployments', namespace: 'team' }), rbac).allowed, false);
  assert.equal(authorize(req(bob, { verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'prod' }), rbac).allowed, false);
});

test('ServiceAccount subjects: explicit namespace in ClusterRoleBindings, username form', () => {
  const d = authorize(req(sa, { verb: 'list', apiGroup: '', resource: 'nodes' }), rbac);
  assert.deepEqual(d, { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "sa-nodes" of ClusterRole "node-viewer" to ServiceAccount "builder/team"' });
  const impostor: UserInfo = { username: 'system:serviceaccount:other:builder', groups: [] };
  assert.equal(authorize(req(impostor, { verb: 'list', apiGroup: '', resource: 'nodes' }), rbac).allowed, false);
});

test('non-resource URLs: exact, prefix star, only from ClusterRoleBindings', () => {
  const nr = (user: UserInfo, path: string, verb = 'get') => authorize({ user, verb, apiGroup: '', resource: '', nonResourcePath: path }, rbac).allowed;
  assert.equal(nr(alice, '/healthz'), true);
  assert.equal(nr(alice, '/metrics/cadvisor'), true);
  assert.equal(nr(alice, '/metrics'), false);
  assert.equal(nr(alice, '/healthz', 'post'), false);
  assert.equal(nr({ username: 'anon', groups: [] }, '/healthz'), false);
});

test('system:masters bypasses RBAC; missing roles are reported in the deny reason', () => {
  assert.equal(authorize(req({ username: 'root', groups: ['system:masters'] }, { verb: 'delete', apiGroup: 'x', resource: 'y' }), source([])).allowed, true);
  const broken = source([rb('team', 'dangling', { kind: 'Role', name: 'gone' }, [{ kind: 'User', name: 'alice' }])]);
  const d = authorize(req(alice, { verb: 'get', apiGroup: '', resource: 'pods', namespace: 'team' }), broken);
  assert.deepEqual(d, { allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found' });
});

test('aggregated ClusterRoles collect the rules of labelled ClusterRoles', () => {
  const agg = source([
    clusterRole('monitoring', [], undefined, { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] }),
    clusterRole('monitoring-endpoints', [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get'] }], { 'rbac.example.com/aggregate-to-monitoring': 'true' }),
    clusterRole('unrelated', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]),
    crb('mon', 'monitoring', [{ kind: 'User', name: 'alice' }]),
  ]);
  assert.equal(authorize(req(alice, { verb: 'get', apiGroup: '', resource: 'endpoints', namespace: 'x' }), agg).allowed, true);
  assert.equal(authorize(req(alice, { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'x' }), agg).allowed, false);
});

test('Forbidden messages: namespaced, cluster scope, named, grouped, subresource, non-resource', () => {
  assert.equal(forbiddenMessage(req(alice, { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'default' })),
    'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
  assert.equal(forbiddenMessage(req(alice, { verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'team', name: 'web' })),
    'deployments.apps "web" is forbidden: User "alice" cannot get resource "deployments" in API group "apps" in the namespace "team"');
  assert.equal(forbiddenMessage(req(alice, { verb: 'list', apiGroup: '', resource: 'nodes' })),
    'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope');
  assert.equal(forbiddenMessage(req(alice, { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log', namespace: 'team', name: 'p' })),
    'pods "p" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "team"');
  assert.equal(forbiddenMessage({ user: alice, verb: 'get', apiGroup: '', resource: '', nonResourcePath: '/metrics' }),
    'forbidden: User "alice" cannot get path "/metrics"');
  assert.equal(forbiddenMessage(req(sa, { verb: 'create', apiGroup: 'load.example.com', resource: 'locusttests', namespace: 'team' }), 'RBAC: role.rbac.authorization.k8s.io "gone" not found'),
    'locusttests.load.example.com is forbidden: User "system:serviceaccount:team:builder" cannot create resource "locusttests" in API group "load.example.com" in the namespace "team": RBAC: role.rbac.authorization.k8s.io "gone" not found');
  const err = forbiddenError(req(alice, { verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'team', name: 'web' }));
  assert.equal(err.code, 403);
  assert.equal(err.reason, 'Forbidden');
  assert.deepEqual(err.status.details, { name: 'web', group: 'apps', kind: 'deployments' });
});

test('rulesReview flattens the applicable rules of a namespace', () => {
  const status = rulesReview(alice, 'team', rbac);
  assert.equal(status.incomplete, false);
  assert.deepEqual(status.nonResourceRules, [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics/*'] }]);
  assert.deepEqual(status.resourceRules, [
    { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
    { verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] },
  ]);
  assert.deepEqual(rulesReview(alice, 'other', rbac).resourceRules, []);
  const masters = rulesReview({ username: 'root', groups: ['system:masters'] }, 'x', source([]));
  assert.deepEqual(masters.resourceRules, [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
  const broken = rulesReview(alice, 'team', source([rb('team', 'dangling', { kind: 'ClusterRole', name: 'gone' }, [{ kind: 'User', name: 'alice' }])]));
  assert.equal(broken.incomplete, true);
  assert.equal(broken.evaluationError, 'clusterrole.rbac.authorization.k8s.io "gone" not found');
});

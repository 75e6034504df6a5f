import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const binary = pinnedKubectl('1.32');
const NS = 'printing';

/** Output lines split into cells at kubectl's column gaps (two spaces or more). */
const grid = (out: string) => out.trimEnd().split('\n').map((line) => line.trimEnd().split(/ {2,}/));

describe('kubectl 1.32 prints built-in kinds as a real cluster does', { skip: binary ? false : 'kubectl.1.32 is not installed' }, () => {
  let api: RunningApiServer;
  let k: Kubectl;
  before(async () => {
    api = await startApiServer();
    k = new Kubectl(binary!, api.kubeconfigPath);
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: NS } })).status, 201);
  });
  after(() => api.stop());

  it('kubectl get statefulsets: NAME READY AGE', async () => {
    const path = `/apis/apps/v1/namespaces/${NS}/statefulsets`;
    const sts = await raw(api, 'POST', path, {
      metadata: { name: 'web' },
      spec: { replicas: 3, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    assert.equal(sts.status, 201, sts.text);
    assert.equal((await raw(api, 'PUT', `${path}/web/status`, { ...sts.json, status: { replicas: 3, readyReplicas: 2 } })).status, 200);

    const out = await k.ok(['get', 'statefulsets', '-n', NS]);
    assert.match(out, /^NAME {3}READY {3}AGE\nweb {4}2\/3 {5}\d+s\n$/);
    const wide = grid(await k.ok(['get', 'sts', 'web', '-n', NS, '-o', 'wide']));
    assert.deepEqual(wide[0], ['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
    assert.deepEqual([wide[1]![0], wide[1]![1], wide[1]![3], wide[1]![4]], ['web', '2/3', 'nginx', 'nginx:1.27']);
  });

  it('kubectl get rolebinding -o wide: ROLE and the subjects by kind', async () => {
    const rb = await raw(api, 'POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'readers' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [
        { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'User', name: 'bob', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'robot', namespace: NS },
      ],
    });
    assert.equal(rb.status, 201, rb.text);

    const out = await k.ok(['get', 'rolebinding', 'readers', '-n', NS, '-o', 'wide']);
    const rows = grid(out);
    assert.deepEqual(rows[0], ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    assert.equal(rows.length, 2);
    assert.deepEqual([...rows[1]!.slice(0, 2), ...rows[1]!.slice(3)], ['readers', 'Role/pod-reader', 'jane, bob', 'devs', `${NS}/robot`]);
    assert.match(rows[1]![2]!, /^\d+s$/);
    // Columns line up under their headers, as kubectl's tab writer aligns real tables.
    const [header, row] = out.split('\n');
    for (const name of ['ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']) assert.notEqual(row![header!.indexOf(name)], ' ', `${name} column aligned`);

    const narrow = grid(await k.ok(['get', 'rolebindings', '-n', NS]));
    assert.deepEqual(narrow[0], ['NAME', 'ROLE', 'AGE']);
  });

  it('kubectl get roles and clusterroles: NAME CREATED AT', async () => {
    const role = await raw(api, 'POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, { metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] });
    assert.equal(role.status, 201, role.text);
    const rows = grid(await k.ok(['get', 'roles', '-n', NS]));
    assert.deepEqual(rows, [['NAME', 'CREATED AT'], ['pod-reader', role.json.metadata.creationTimestamp]]);
  });

  it('kubectl get cronjobs and daemonsets print their status columns', async () => {
    const cj = await raw(api, 'POST', `/apis/batch/v1/namespaces/${NS}/cronjobs`, {
      metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'backup', image: 'restic:0.17' }] } } } } },
    });
    assert.equal(cj.status, 201, cj.text);
    const cron = grid(await k.ok(['get', 'cronjobs', '-n', NS]));
    assert.deepEqual(cron[0], ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    assert.deepEqual(cron[1]!.slice(0, 6), ['nightly', '0 3 * * *', '<none>', 'False', '0', '<none>']);

    const ds = await raw(api, 'POST', `/apis/apps/v1/namespaces/${NS}/daemonsets`, {
      metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'fluent-bit:3' }] } } },
    });
    assert.equal(ds.status, 201, ds.text);
    const daemons = grid(await k.ok(['get', 'daemonsets', '-n', NS]));
    assert.deepEqual(daemons[0], ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    assert.deepEqual(daemons[1]!.slice(0, 7), ['agent', '0', '0', '0', '0', '0', '<none>']);
  });
});

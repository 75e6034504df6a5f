/**
 * Built-in kinds refuse the updates a Kubernetes 1.32 cluster refuses (immutable selectors,
 * frozen Job templates, immutable ConfigMaps and Secrets, allocated Service addresses, claim
 * specs, Pod specs, binding roles) with its field paths, reasons and messages, and accept the
 * updates it accepts next to them. Everything goes through the real server over HTTPS; one case
 * runs the pinned kubectl 1.32.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const NS = 'immutability';
const IMMUTABLE_SET = 'Forbidden: field is immutable when `immutable` is set';
const POD_RULE = 'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';
const podTemplate = (labels: Record<string, string>, image = 'nginx:1.27', extra: Record<string, unknown> = {}) =>
  ({ metadata: { labels }, spec: { containers: [{ name: 'c', image }], ...extra } });
const selector = (app: string) => `v1.LabelSelector{MatchLabels:map[string]string{"app":"${app}"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;

type Obj = Record<string, any>;

describe('built-in kinds refuse the updates Kubernetes refuses', () => {
  let api: RunningApiServer;

  const create = async (path: string, body: Obj): Promise<Obj> => {
    const res = await raw(api, 'POST', path, body);
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  /** Reads the object at path, changes it and PUTs it back. */
  const update = async (path: string, change: (o: Obj) => void, subresource = '') => {
    const got = await raw(api, 'GET', path);
    assert.equal(got.status, 200, got.text);
    change(got.json);
    return raw(api, 'PUT', path + subresource, got.json);
  };
  const accepted = async (path: string, change: (o: Obj) => void, subresource = ''): Promise<Obj> => {
    const res = await update(path, change, subresource);
    assert.equal(res.status, 200, res.text);
    return res.json;
  };
  /** The update is refused with 422 Invalid and exactly this message; returns the Status. */
  const refused = async (path: string, change: (o: Obj) => void, message: string): Promise<Obj> => {
    const res = await update(path, change);
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.reason, 'Invalid');
    assert.equal(res.json.message, message);
    return res.json;
  };
  const refusedStartingWith = async (path: string, change: (o: Obj) => void, prefix: string): Promise<Obj> => {
    const res = await update(path, change);
    assert.equal(res.status, 422, res.text);
    assert.ok(res.json.message.startsWith(prefix), `${res.json.message}\n---does not start with---\n${prefix}`);
    return res.json;
  };

  before(async () => {
    api = await startApiServer();
    await create('/api/v1/namespaces', { metadata: { name: NS } });
  });
  after(async () => { await api?.stop(); });

  it('ConfigMap with immutable: true keeps its data and the flag; a mutable one changes freely', async () => {
    await create(`/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'frozen' }, immutable: true, data: { a: '1' } });
    const path = `/api/v1/namespaces/${NS}/configmaps/frozen`;
    const status = await refused(path, (o) => { o.data.a = '2'; }, `ConfigMap "frozen" is invalid: data: ${IMMUTABLE_SET}`);
    assert.deepEqual(status.details.causes, [{ reason: 'FieldValueForbidden', field: 'data', message: IMMUTABLE_SET }]);
    await refused(path, (o) => { o.binaryData = { b: 'AA==' }; }, `ConfigMap "frozen" is invalid: binaryData: ${IMMUTABLE_SET}`);
    await refused(path, (o) => { delete o.immutable; }, `ConfigMap "frozen" is invalid: immutable: ${IMMUTABLE_SET}`);
    await accepted(path, (o) => { o.metadata.labels = { tier: 'config' }; });

    await create(`/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'open' }, data: { a: '1' } });
    const open = await accepted(`/api/v1/namespaces/${NS}/configmaps/open`, (o) => { o.data.a = '2'; o.immutable = true; });
    assert.deepEqual([open.data, open.immutable], [{ a: '2' }, true]);
  });

  it('Secret: type is immutable; an immutable Secret keeps data, stringData included', async () => {
    await create(`/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 'creds' }, stringData: { user: 'admin' } });
    const path = `/api/v1/namespaces/${NS}/secrets/creds`;
    await refused(path, (o) => { o.type = 'example.com/token'; }, 'Secret "creds" is invalid: type: Invalid value: "example.com/token": field is immutable');
    await accepted(path, (o) => { o.stringData = { user: 'root' }; });

    await create(`/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 'sealed' }, immutable: true, data: { k: 'dg==' } });
    const sealed = `/api/v1/namespaces/${NS}/secrets/sealed`;
    await refused(sealed, (o) => { o.stringData = { k: 'w' }; }, `Secret "sealed" is invalid: data: ${IMMUTABLE_SET}`);
    await refused(sealed, (o) => { o.immutable = false; }, `Secret "sealed" is invalid: immutable: ${IMMUTABLE_SET}`);
    await accepted(sealed, (o) => { o.metadata.annotations = { note: 'kept' }; });
  });

  it('Deployment, ReplicaSet, DaemonSet: spec.selector is immutable; replicas and template change', async () => {
    for (const [plural, kind] of [['deployments', 'Deployment'], ['replicasets', 'ReplicaSet'], ['daemonsets', 'DaemonSet']]) {
      await create(`/apis/apps/v1/namespaces/${NS}/${plural}`, { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }) } });
      const path = `/apis/apps/v1/namespaces/${NS}/${plural}/web`;
      const status = await refused(path, (o) => {
        o.spec.selector = { matchLabels: { app: 'web2' } };
        o.spec.template.metadata.labels = { app: 'web2' };
      }, `${kind}.apps "web" is invalid: spec.selector: Invalid value: ${selector('web2')}: field is immutable`);
      assert.deepEqual(status.details.causes, [{ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${selector('web2')}: field is immutable` }]);
      const changed = await accepted(path, (o) => {
        if (kind !== 'DaemonSet') o.spec.replicas = 3;
        o.spec.template.spec.containers[0].image = 'nginx:1.28';
        o.spec.template.metadata.labels.tier = 'front';
      });
      assert.equal(changed.spec.template.spec.containers[0].image, 'nginx:1.28');
    }
    // The status subresource keeps its own rules: a changed spec in its body is ignored.
    const status = await accepted(`/apis/apps/v1/namespaces/${NS}/deployments/web`, (o) => {
      o.spec.selector = { matchLabels: { app: 'other' } };
      o.status = { observedGeneration: 1 };
    }, '/status');
    assert.deepEqual(status.spec.selector, { matchLabels: { app: 'web' } });

    const exprs = { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] };
    await create(`/apis/apps/v1/namespaces/${NS}/deployments`, { metadata: { name: 'expr' }, spec: { selector: exprs, template: podTemplate({ app: 'a' }) } });
    await refused(`/apis/apps/v1/namespaces/${NS}/deployments/expr`, (o) => { o.spec.selector.matchExpressions[0].values = ['a']; },
      'Deployment.apps "expr" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string{"a"}}}}: field is immutable');
  });

  it('StatefulSet: only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, the PVC retention policy and minReadySeconds change', async () => {
    await create(`/apis/apps/v1/namespaces/${NS}/statefulsets`, { metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: podTemplate({ app: 'db' }) } });
    const path = `/apis/apps/v1/namespaces/${NS}/statefulsets/db`;
    const forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    await refused(path, (o) => { o.spec.serviceName = 'db2'; }, `StatefulSet.apps "db" is invalid: ${forbidden}`);
    await refused(path, (o) => { o.spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }]; }, `StatefulSet.apps "db" is invalid: ${forbidden}`);
    const ok = await accepted(path, (o) => {
      o.spec.replicas = 2; o.spec.minReadySeconds = 5; o.spec.revisionHistoryLimit = 3;
      o.spec.template.spec.containers[0].image = 'postgres:17';
      o.spec.updateStrategy = { type: 'OnDelete' };
      o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
    });
    assert.equal(ok.spec.replicas, 2);
  });

  it('Job: template, completions, completionMode are immutable; parallelism changes; a suspended, unstarted Job may move its pods', async () => {
    await create(`/apis/batch/v1/namespaces/${NS}/jobs`, { metadata: { name: 'run' }, spec: { completions: 2, template: podTemplate({ app: 'run' }, 'busybox', { restartPolicy: 'Never' }) } });
    const path = `/apis/batch/v1/namespaces/${NS}/jobs/run`;
    const status = await refusedStartingWith(path, (o) => { o.spec.template.spec.containers[0].image = 'alpine'; }, 'Job.batch "run" is invalid: spec.template: Invalid value: core.PodTemplateSpec{');
    assert.match(status.message, /"image":"alpine".*: field is immutable$/);
    assert.deepEqual(status.details.causes.map((c: Obj) => [c.reason, c.field]), [['FieldValueInvalid', 'spec.template']]);
    await refused(path, (o) => { o.spec.completions = 3; }, 'Job.batch "run" is invalid: spec.completions: Invalid value: 3: field is immutable');
    await refused(path, (o) => { o.spec.completionMode = 'Indexed'; }, 'Job.batch "run" is invalid: spec.completionMode: Invalid value: "Indexed": field is immutable');
    await refused(path, (o) => { o.spec.podFailurePolicy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }; o.spec.podReplacementPolicy = 'Failed'; },
      'Job.batch "run" is invalid: spec.podFailurePolicy: Invalid value: batch.PodFailurePolicy{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]}: field is immutable');
    const sel = await raw(api, 'GET', path);
    const uid = sel.json.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'];
    // A selector that still selects the generated labels, so only its immutability is at stake.
    await refused(path, (o) => { o.spec.selector.matchLabels['job-name'] = 'run'; },
      `Job.batch "run" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"${uid}", "job-name":"run"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`);
    assert.ok(uid);
    const ok = await accepted(path, (o) => { o.spec.parallelism = 2; o.spec.activeDeadlineSeconds = 600; o.spec.backoffLimit = 2; });
    assert.deepEqual([ok.spec.parallelism, ok.spec.activeDeadlineSeconds], [2, 600]);

    await create(`/apis/batch/v1/namespaces/${NS}/jobs`, { metadata: { name: 'held' }, spec: { suspend: true, template: podTemplate({ app: 'held' }, 'busybox', { restartPolicy: 'Never' }) } });
    const held = `/apis/batch/v1/namespaces/${NS}/jobs/held`;
    const moved = await accepted(held, (o) => {
      o.spec.template.spec.nodeSelector = { zone: 'b' };
      o.spec.template.spec.tolerations = [{ key: 'gpu', operator: 'Exists' }];
      o.spec.template.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] } } };
      o.spec.template.metadata.labels.queue = 'q1';
    });
    assert.deepEqual(moved.spec.template.spec.nodeSelector, { zone: 'b' });
    await refusedStartingWith(held, (o) => { o.spec.template.spec.containers[0].image = 'alpine'; }, 'Job.batch "held" is invalid: spec.template: Invalid value: core.PodTemplateSpec{');
    // Once the Job has started, even a suspended one keeps where its pods go.
    await accepted(held, (o) => { o.status = { startTime: '2026-01-01T00:00:00Z' }; }, '/status');
    await refusedStartingWith(held, (o) => { o.spec.template.spec.nodeSelector = { zone: 'c' }; }, 'Job.batch "held" is invalid: spec.template: Invalid value: core.PodTemplateSpec{');

    await create(`/apis/batch/v1/namespaces/${NS}/jobs`, { metadata: { name: 'elastic' }, spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, template: podTemplate({ app: 'e' }, 'busybox', { restartPolicy: 'Never' }) } });
    const elastic = `/apis/batch/v1/namespaces/${NS}/jobs/elastic`;
    await refused(elastic, (o) => { o.spec.completions = 4; }, 'Job.batch "elastic" is invalid: spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism');
    const scaled = await accepted(elastic, (o) => { o.spec.completions = 4; o.spec.parallelism = 4; });
    assert.equal(scaled.spec.completions, 4);
  });

  it('Service: allocated cluster IPs and IP families never change; ports and ExternalName switches do', async () => {
    const svc = await create(`/api/v1/namespaces/${NS}/services`, { metadata: { name: 'svc' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    const path = `/api/v1/namespaces/${NS}/services/svc`;
    const ip: string = svc.spec.clusterIP;
    const other = ip.replace(/\d+$/, (n) => String((Number(n) + 7) % 250 + 1));
    await refused(path, (o) => { o.spec.clusterIP = other; }, `Service "svc" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${other}"}: may not change once set`);
    await refused(path, (o) => { o.spec.clusterIP = other; o.spec.clusterIPs = [other]; }, `Service "svc" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${other}"}: may not change once set`);
    await refused(path, (o) => { o.spec.ipFamilies = ['IPv6']; }, 'Service "svc" is invalid: spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set');
    const ok = await accepted(path, (o) => { o.spec.ports = [{ port: 8080, targetPort: 80 }]; delete o.spec.clusterIP; delete o.spec.clusterIPs; });
    assert.equal(ok.spec.clusterIP, ip);

    await create(`/api/v1/namespaces/${NS}/services`, { metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    const ext = await accepted(`/api/v1/namespaces/${NS}/services/ext`, (o) => { o.spec = { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80 }] }; });
    assert.match(ext.spec.clusterIP, /^\d+\.\d+\.\d+\.\d+$/);
  });

  it('PersistentVolumeClaim: spec is fixed except storage requests of bound claims, which may not drop to capacity', async () => {
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    await create(`/api/v1/namespaces/${NS}/persistentvolumeclaims`, claim);
    const path = `/api/v1/namespaces/${NS}/persistentvolumeclaims/data`;
    const prefix = 'PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n';
    const pending = await refusedStartingWith(path, (o) => { o.spec.resources.requests.storage = '2Gi'; }, prefix);
    assert.match(pending.message, /- \tresources\.requests\.storage: "1Gi"\n\+ \tresources\.requests\.storage: "2Gi"/);
    await refusedStartingWith(path, (o) => { o.spec.accessModes = ['ReadWriteMany']; }, prefix);
    await accepted(path, (o) => { o.metadata.labels = { tier: 'db' }; o.spec.resources.requests.storage = '1024Mi'; });
    // A claim created without a class may take one later, once.
    await accepted(path, (o) => { o.spec.storageClassName = 'fast'; });
    await refusedStartingWith(path, (o) => { o.spec.storageClassName = 'slow'; }, prefix);
    await accepted(path, (o) => { o.status = { phase: 'Bound', capacity: { storage: '1Gi' } }; }, '/status');
    const grown = await accepted(path, (o) => { o.spec.resources.requests.storage = '2Gi'; });
    assert.equal(grown.spec.resources.requests.storage, '2Gi');
    await refused(path, (o) => { o.spec.resources.requests.storage = '1Gi'; }, 'PersistentVolumeClaim "data" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity');
    await accepted(path, (o) => { o.spec.resources.requests.storage = '1536Mi'; });
    await refusedStartingWith(path, (o) => { o.spec.accessModes = ['ReadOnlyMany']; }, prefix);
  });

  it('Pod: images, a shorter deadline and added tolerations change; anything else is refused with a diff', async () => {
    await create(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'p' }, spec: { activeDeadlineSeconds: 60, containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    const path = `/api/v1/namespaces/${NS}/pods/p`;
    const status = await refusedStartingWith(path, (o) => { o.spec.containers[0].env = [{ name: 'A', value: '1' }]; }, `Pod "p" is invalid: ${POD_RULE}`);
    assert.match(status.message, /\+ \tcontainers\[0\]\.env: \[\{"name":"A","value":"1"\}\]/);
    assert.deepEqual(status.details.causes.map((c: Obj) => [c.reason, c.field]), [['FieldValueForbidden', 'spec']]);
    await refused(path, (o) => { o.spec.containers.push({ name: 'd', image: 'busybox' }); }, 'Pod "p" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers');
    await refused(path, (o) => { o.spec.activeDeadlineSeconds = 120; }, 'Pod "p" is invalid: spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value');
    const ok = await accepted(path, (o) => {
      o.spec.containers[0].image = 'nginx:1.28';
      o.spec.activeDeadlineSeconds = 30;
      o.spec.tolerations = [...(o.spec.tolerations ?? []), { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }];
      o.metadata.labels = { tier: 'web' };
    });
    assert.equal(ok.spec.containers[0].image, 'nginx:1.28');
    await refused(path, (o) => { o.spec.tolerations = o.spec.tolerations.filter((t: Obj) => t.key !== 'gpu'); }, 'Pod "p" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds');

    await create(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'gated' }, spec: { schedulingGates: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    const gated = `/api/v1/namespaces/${NS}/pods/gated`;
    await refused(gated, (o) => { o.spec.schedulingGates.push({ name: 'c' }); }, "Pod \"gated\" is invalid: spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'c'");
    const ungated = await accepted(gated, (o) => { o.spec.schedulingGates = [{ name: 'b' }]; });
    assert.deepEqual(ungated.spec.schedulingGates, [{ name: 'b' }]);
  });

  it('RoleBinding and ClusterRoleBinding: roleRef cannot change; subjects can', async () => {
    const binding = (name: string) => ({ metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'ann', apiGroup: 'rbac.authorization.k8s.io' }] });
    const edit = 'rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}';
    for (const [base, kind] of [[`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, 'RoleBinding'], ['/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'ClusterRoleBinding']]) {
      await create(base, binding('readers'));
      await refused(`${base}/readers`, (o) => { o.roleRef.name = 'edit'; }, `${kind}.rbac.authorization.k8s.io "readers" is invalid: roleRef: Invalid value: ${edit}: cannot change roleRef`);
      const ok = await accepted(`${base}/readers`, (o) => { o.subjects.push({ kind: 'User', name: 'bob', apiGroup: 'rbac.authorization.k8s.io' }); });
      assert.equal(ok.subjects.length, 2);
    }
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32 apply of a changed Deployment selector prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, api.kubeconfigPath);
    const dir = mkdtempSync(join(tmpdir(), 'tsop-immutability-'));
    const manifest = (app: string) => JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'applied', namespace: NS },
      spec: { selector: { matchLabels: { app } }, template: podTemplate({ app }) },
    });
    const file = join(dir, 'deployment.json');
    writeFileSync(file, manifest('applied'));
    await k.ok(['apply', '-f', file]);
    writeFileSync(file, manifest('moved'));
    const r = await k.run(['apply', '-f', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^The Deployment "applied" is invalid: spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"moved"\}, MatchExpressions:\[\]v1\.LabelSelectorRequirement\(nil\)\}: field is immutable$/m);
    const replicas = await k.run(['scale', 'deployment/applied', '-n', NS, '--replicas=2']);
    assert.equal(replicas.code, 0, replicas.stderr);
  });
});

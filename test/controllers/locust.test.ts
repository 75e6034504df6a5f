/**
 * The LocustTest operator end to end on the local API server: create flow, idempotency, immutable
 * tests (SpecDrifted), status from the master Job, recovery of deleted children, deletion with the
 * finalizer and garbage collection, a missing ConfigMap, pod health, and name admission.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigMaps, Jobs, Namespaces, Pods, Services, type KubeObject } from '../../runtime/index.ts';
import { LocustTests } from '../../controllers/locust/index.ts';
import { eventsFor, locustTest, scripts, startLocustEnv, tryGet, waitFor, type LocustEnv } from './locust-helpers.ts';

let env: LocustEnv;
const ns = 'load';

before(async () => {
  env = await startLocustEnv();
  await env.admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await env.startOperator({ config: { podStartupGraceMs: 0 }, webhooks: true });
});
after(() => env.stop());

type Status = { phase?: string; conditions?: { type: string; status: string; reason: string; message: string }[]; connectedWorkers?: number; expectedWorkers?: number; startTime?: string; completionTime?: string; observedGeneration?: number };
const statusOf = async (name: string, namespace = ns): Promise<Status> => ((await env.admin.get(LocustTests, { namespace, name })).status ?? {}) as Status;
const cond = (s: Status, type: string) => s.conditions?.find((c) => c.type === type);
const reasons = async (name: string, namespace = ns) => (await eventsFor(env.admin, namespace, name)).map((e) => e.reason as string);
const children = async (name: string, namespace = ns) => ({
  service: await tryGet(env.admin, Services, namespace, `${name}-master`),
  master: await tryGet(env.admin, Jobs, namespace, `${name}-master`),
  worker: await tryGet(env.admin, Jobs, namespace, `${name}-worker`),
});
async function createTest(name: string, spec: Record<string, unknown> = {}, namespace = ns): Promise<void> {
  await env.admin.create(ConfigMaps, scripts(`${name}-scripts`, namespace));
  await env.admin.create(LocustTests, locustTest(name, namespace, spec));
  const base = name.replaceAll('.', '-');
  await waitFor(async () => { const c = await children(base, namespace); return Boolean(c.service && c.master && c.worker); }, `children of ${name}`);
}
const setJobStatus = (name: string, status: object) => env.admin.patchStatus(Jobs, { namespace: ns, name }, { status }, { type: 'merge' });
const jobSpec = (j: KubeObject | undefined) => (j?.spec as { parallelism: number; template: { metadata: { labels: Record<string, string> }; spec: { containers: { name: string; args: string[] }[]; volumes?: { name: string; configMap?: { name: string } }[] } } });

test('create: Service and Jobs owned by the test, with the upstream command lines', async () => {
  await createTest('demo');
  const lt = await env.admin.get(LocustTests, { namespace: ns, name: 'demo' });
  const { service, master, worker } = await children('demo');
  for (const child of [service, master, worker]) {
    assert.deepEqual(child!.metadata.ownerReferences, [{ apiVersion: 'locust.io/v2', kind: 'LocustTest', name: 'demo', uid: lt.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
  }
  assert.deepEqual((service!.spec as { ports: { name: string; port: number }[] }).ports.map((p) => [p.name, p.port]), [['port5557', 5557], ['port5558', 5558], ['prometheus-metrics', 9646]]);
  assert.deepEqual((service!.spec as { selector: object }).selector, { 'performance-test-pod-name': 'demo-master' });
  const m = jobSpec(master);
  assert.equal(m.parallelism, 1);
  assert.deepEqual(m.template.spec.containers[0]!.args, ['--locustfile', '/lotest/src/locustfile.py', '--host', 'https://example.com', '--users', '10', '--spawn-rate', '2', '--run-time', '1m',
    '--master', '--master-port=5557', '--expect-workers=3', '--autostart', '--autoquit', '60', '--enable-rebalancing', '--only-summary']);
  assert.deepEqual(m.template.spec.volumes!.map((v) => [v.name, v.configMap?.name]), [['demo-master', 'demo-scripts']]);
  const w = jobSpec(worker);
  assert.equal(w.parallelism, 3);
  assert.deepEqual(w.template.spec.containers[0]!.args, ['--locustfile', '/lotest/src/locustfile.py', '--worker', '--master-port=5557', '--master-host=demo-master']);
  assert.equal(w.template.metadata.labels['performance-test-name'], 'demo');
  assert.equal(w.template.metadata.labels['performance-test-pod-name'], 'demo-worker');
  assert.deepEqual(lt.metadata!.finalizers, ['locust.io/cleanup']);
  await waitFor(async () => cond(await statusOf('demo'), 'Ready')?.reason === 'ResourcesCreated', 'Ready=True');
  const s = await statusOf('demo');
  assert.equal(s.phase, 'Pending');
  assert.equal(s.expectedWorkers, 3);
  assert.equal(cond(s, 'Ready')!.status, 'True');
  assert.equal(cond(s, 'TestCompleted')!.reason, 'TestInProgress');
  await waitFor(async () => (await reasons('demo')).filter((r) => r === 'Created').length === 3, 'three Created events');
});

test('idempotent: later reconciles neither rewrite nor duplicate children', async () => {
  const before = await children('demo');
  const ltBefore = await env.admin.get(LocustTests, { namespace: ns, name: 'demo' });
  // A metadata-only change makes the operator reconcile demo again; reconciles run one at a time
  // in queue order, so once a test created afterwards has its children, demo's reconcile is done.
  await env.admin.patch(LocustTests, { namespace: ns, name: 'demo' }, { metadata: { annotations: { touch: '1' } } }, { type: 'merge' });
  await createTest('after-demo');
  const now = await children('demo');
  assert.equal(now.service!.metadata.resourceVersion, before.service!.metadata.resourceVersion);
  assert.equal(now.master!.metadata.resourceVersion, before.master!.metadata.resourceVersion);
  assert.equal(now.worker!.metadata.resourceVersion, before.worker!.metadata.resourceVersion);
  const ltAfter = await env.admin.get(LocustTests, { namespace: ns, name: 'demo' });
  assert.deepEqual(ltAfter.status, ltBefore.status, 'status unchanged');
  const jobs = (await env.admin.list(Jobs, { namespace: ns })).items.filter((j) => j.metadata.name!.startsWith('demo-'));
  assert.equal(jobs.length, 2);
});

test('immutable: a spec change changes nothing but SpecDrifted and an event', async () => {
  const before = await children('demo');
  await env.admin.patch(LocustTests, { namespace: ns, name: 'demo' }, { spec: { worker: { replicas: 7 }, master: { command: '--changed' } } }, { type: 'merge' });
  await waitFor(async () => cond(await statusOf('demo'), 'SpecDrifted')?.status === 'True', 'SpecDrifted=True');
  const s = await statusOf('demo');
  assert.equal(cond(s, 'SpecDrifted')!.reason, 'SpecChangeIgnored');
  assert.equal(s.observedGeneration, 2);
  assert.equal(s.expectedWorkers, 3);
  await waitFor(async () => (await reasons('demo')).includes('SpecDrifted'), 'SpecDrifted event');
  const now = await children('demo');
  assert.equal(now.worker!.metadata.resourceVersion, before.worker!.metadata.resourceVersion);
  assert.equal(jobSpec(now.worker).parallelism, 3);
  assert.equal(now.master!.metadata.resourceVersion, before.master!.metadata.resourceVersion);
});

test('status: Pending -> Running -> Succeeded from the master Job, with events', async () => {
  // As the Job controller writes them: a start time once pods run, and on completion the
  // completion time and SuccessCriteriaMet ahead of Complete (1.32 refuses a Complete Job without them).
  const started = new Date().toISOString();
  await setJobStatus('demo-master', { active: 1, startTime: started });
  await waitFor(async () => (await statusOf('demo')).phase === 'Running', 'Running');
  assert.ok((await statusOf('demo')).startTime);
  await setJobStatus('demo-worker', { active: 3 });
  await waitFor(async () => cond(await statusOf('demo'), 'WorkersConnected')?.status === 'True', 'WorkersConnected=True');
  assert.equal((await statusOf('demo')).connectedWorkers, 3);
  const t = new Date().toISOString();
  await setJobStatus('demo-master', { active: 0, succeeded: 1, completionTime: t, conditions: [{ type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: t }, { type: 'Complete', status: 'True', lastTransitionTime: t }] });
  await waitFor(async () => (await statusOf('demo')).phase === 'Succeeded', 'Succeeded');
  const s = await statusOf('demo');
  assert.ok(s.completionTime);
  assert.deepEqual([cond(s, 'TestCompleted')!.status, cond(s, 'TestCompleted')!.reason], ['True', 'TestSucceeded']);
  await waitFor(async () => { const r = await reasons('demo'); return r.includes('TestStarted') && r.includes('TestCompleted'); }, 'TestStarted and TestCompleted events');
});

test('terminal tests are not recovered; running ones are', async () => {
  await env.admin.delete(Jobs, { namespace: ns, name: 'demo-worker' });
  await createTest('sentinel');
  assert.equal(await tryGet(env.admin, Jobs, ns, 'demo-worker'), undefined, 'a finished test keeps its children deleted');

  await createTest('victim');
  const old = await tryGet(env.admin, Jobs, ns, 'victim-worker');
  await env.admin.delete(Jobs, { namespace: ns, name: 'victim-worker' });
  await waitFor(async () => { const j = await tryGet(env.admin, Jobs, ns, 'victim-worker'); return Boolean(j && j.metadata.uid !== old!.metadata.uid); }, 'worker Job recreated');
  await env.admin.delete(Services, { namespace: ns, name: 'victim-master' });
  await waitFor(async () => Boolean(await tryGet(env.admin, Services, ns, 'victim-master')), 'Service recreated');
  await waitFor(async () => (await reasons('victim')).includes('ResourceDeleted'), 'ResourceDeleted event');
});

test('failed master Job: phase Failed, TestFailed event', async () => {
  await createTest('doomed');
  const t = new Date().toISOString();
  await setJobStatus('doomed-master', { failed: 1, startTime: t, conditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: t }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: t }] });
  await waitFor(async () => (await statusOf('doomed')).phase === 'Failed', 'Failed');
  const s = await statusOf('doomed');
  assert.equal(cond(s, 'TestCompleted')!.reason, 'TestFailed');
  assert.equal(cond(s, 'Ready')!.reason, 'ResourcesFailed');
  await waitFor(async () => (await reasons('doomed')).includes('TestFailed'), 'TestFailed event');
});

test('delete: finalizer announces it, children are garbage-collected', async () => {
  await env.admin.delete(LocustTests, { namespace: ns, name: 'victim' });
  await waitFor(async () => !(await tryGet(env.admin, LocustTests, ns, 'victim')), 'test gone');
  await waitFor(async () => { const c = await children('victim'); return !c.service && !c.master && !c.worker; }, 'children collected');
  assert.ok((await reasons('victim')).includes('Deleting'));
});

test('missing ConfigMap: a condition and a warning, then the test starts once it exists', async () => {
  await env.admin.create(LocustTests, locustTest('waiting', ns));
  await waitFor(async () => cond(await statusOf('waiting'), 'Ready')?.reason === 'ConfigMapNotFound', 'Ready=False(ConfigMapNotFound)');
  const s = await statusOf('waiting');
  assert.equal(cond(s, 'Ready')!.status, 'False');
  assert.match(cond(s, 'Ready')!.message, /"waiting-scripts" not found/);
  await waitFor(async () => (await reasons('waiting')).includes('ConfigMapNotFound'), 'warning event');
  const warning = (await eventsFor(env.admin, ns, 'waiting')).find((e) => e.reason === 'ConfigMapNotFound')!;
  assert.equal(warning.type, 'Warning');
  assert.equal((await children('waiting')).master, undefined);
  await env.admin.create(ConfigMaps, scripts('waiting-scripts', ns));
  await waitFor(async () => { const c = await children('waiting'); return Boolean(c.service && c.master && c.worker); }, 'children once the ConfigMap exists', 5000);
  await waitFor(async () => cond(await statusOf('waiting'), 'Ready')?.reason === 'ResourcesCreated', 'Ready=True');
});

test('pod health: a pod that cannot start fails the test with PodFailure', async () => {
  await createTest('sick');
  const job = (await tryGet(env.admin, Jobs, ns, 'sick-master'))!;
  await env.admin.create(Pods, {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'sick-master-abcde', namespace: ns, labels: { 'performance-test-name': 'sick' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'sick-master', uid: job.metadata.uid!, controller: true }] },
    spec: { containers: [{ name: 'sick-master', image: 'locustio/locust' }] },
  });
  await env.admin.patchStatus(Pods, { namespace: ns, name: 'sick-master-abcde' }, { status: { phase: 'Pending', containerStatuses: [{ name: 'sick-master', image: 'locustio/locust', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'CreateContainerConfigError', message: 'configmap "sick-scripts" not found' } } }] } }, { type: 'merge' });
  await waitFor(async () => cond(await statusOf('sick'), 'PodsHealthy')?.status === 'False', 'PodsHealthy=False');
  const s = await statusOf('sick');
  assert.equal(cond(s, 'PodsHealthy')!.reason, 'ConfigurationError');
  assert.match(cond(s, 'PodsHealthy')!.message, /ConfigMap not found \(expected: sick-scripts\)/);
  assert.equal(s.phase, 'Failed');
  await waitFor(async () => (await reasons('sick')).includes('PodFailure'), 'PodFailure event');
});

test('names: dotted names map to dashed children; names over 56 characters are rejected', async () => {
  await createTest('team.a');
  const c = await children('team-a');
  assert.ok(c.service && c.master && c.worker);
  await createTest('after-team');
  assert.equal((await reasons('team.a')).includes('ResourceDeleted'), false, 'no spurious recovery');
  await assert.rejects(env.admin.create(LocustTests, locustTest('x'.repeat(57), ns)), (err: Error) => /56 characters/.test(err.message));
  await env.admin.create(ConfigMaps, scripts(`${'y'.repeat(56)}-scripts`, ns));
  await env.admin.create(LocustTests, locustTest('y'.repeat(56), ns));
});

test('v1 compatibility: a deprecated v1 test is converted by the webhook and run with the v2 defaults', async () => {
  await env.admin.create(ConfigMaps, scripts('legacy-scripts', ns));
  const V1 = { ...LocustTests, version: 'v1' };
  await env.admin.create(V1, {
    apiVersion: 'locust.io/v1', kind: 'LocustTest', metadata: { name: 'legacy', namespace: ns },
    spec: {
      image: 'locustio/locust:2.32.0', masterCommandSeed: '--locustfile /lotest/src/locustfile.py', workerCommandSeed: '--locustfile /lotest/src/locustfile.py',
      workerReplicas: 2, configMap: 'legacy-scripts', imagePullSecrets: ['registry'], labels: { master: { team: 'perf' } },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { pool: 'load' } } },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'load', effect: 'NoSchedule' }],
    },
  } as never);
  await waitFor(async () => { const c = await children('legacy'); return Boolean(c.service && c.master && c.worker); }, 'children of the v1 test');
  const { master, worker } = await children('legacy');
  assert.equal(master!.metadata.ownerReferences![0]!.name, 'legacy');
  const m = jobSpec(master) as unknown as { template: { metadata: { labels: Record<string, string> }; spec: { containers: { args: string[] }[]; imagePullSecrets: object[]; tolerations: object[]; affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchExpressions: object[] }[] } } } } } };
  assert.deepEqual(m.template.spec.containers[0]!.args.slice(2), ['--master', '--master-port=5557', '--expect-workers=2', '--autostart', '--autoquit', '60', '--enable-rebalancing', '--only-summary']);
  assert.equal(m.template.metadata.labels.team, 'perf');
  assert.deepEqual(m.template.spec.imagePullSecrets, [{ name: 'registry' }]);
  assert.deepEqual(m.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]!.matchExpressions, [{ key: 'pool', operator: 'In', values: ['load'] }]);
  assert.deepEqual(m.template.spec.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'load', effect: 'NoSchedule' }]);
  assert.equal(jobSpec(worker).parallelism, 2);
  await waitFor(async () => cond(await statusOf('legacy'), 'Ready')?.reason === 'ResourcesCreated', 'status written for the v1 test');
  assert.equal(cond(await statusOf('legacy'), 'SpecDrifted'), undefined, 'the conversion is not a user edit');
  const asV2 = await env.admin.get(LocustTests, { namespace: ns, name: 'legacy' });
  assert.deepEqual(asV2.spec?.master.autoquit, { enabled: true, timeout: 60 });
  assert.equal(asV2.spec?.testFiles?.configMapRef, 'legacy-scripts');
  const asV1 = await env.admin.get(V1, { namespace: ns, name: 'legacy' }) as unknown as { apiVersion: string; spec: Record<string, unknown> };
  assert.equal(asV1.apiVersion, 'locust.io/v1');
  assert.equal(asV1.spec.configMap, 'legacy-scripts');
  assert.equal(asV1.spec.master, undefined);
  await env.admin.delete(V1, { namespace: ns, name: 'legacy' });
  await waitFor(async () => !(await tryGet(env.admin, LocustTests, ns, 'legacy')), 'v1 test deleted through the finalizer');
});

test('same name in two namespaces; a test deleted right after creation leaves nothing behind', async () => {
  await env.admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'load-b' } });
  await createTest('twin');
  await createTest('twin', {}, 'load-b');
  const [a, b] = [await children('twin'), await children('twin', 'load-b')];
  assert.notEqual(a.master!.metadata.uid, b.master!.metadata.uid);
  assert.equal(b.master!.metadata.ownerReferences![0]!.uid, (await env.admin.get(LocustTests, { namespace: 'load-b', name: 'twin' })).metadata!.uid);

  await env.admin.create(ConfigMaps, scripts('blink-scripts', ns));
  await env.admin.create(LocustTests, locustTest('blink', ns));
  await env.admin.delete(LocustTests, { namespace: ns, name: 'blink' });
  await waitFor(async () => !(await tryGet(env.admin, LocustTests, ns, 'blink')), 'blink gone');
  await waitFor(async () => { const c = await children('blink'); return !c.service && !c.master && !c.worker; }, 'no children of blink');
});

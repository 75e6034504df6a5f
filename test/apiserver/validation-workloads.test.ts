/**
 * Workload kinds (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs) are refused
 * with the causes a Kubernetes 1.32 cluster answers: same fields, reasons and messages. Valid
 * objects, including those kubectl's generators build, are still accepted. Everything goes
 * through the real server over HTTPS; the kubectl case runs the pinned kubectl 1.32. The Job
 * and CronJob rules have their own file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';
import { assertCauses, intOrString, jobTemplate, MISMATCH, selector, template, WorkloadServer } from './validation-workloads-helpers.ts';

const NS = 'workloads';
const server = new WorkloadServer(NS);
const { accepted, refused } = server;

describe('workload kinds are validated as Kubernetes 1.32 validates them', () => {
  before(() => server.start());
  after(async () => { await server.api?.stop(); });

  it('valid workloads of every kind are accepted', async () => {
    const app = { app: 'web' };
    await accepted('Deployment', { selector: selector(app), template: template(app) });
    await accepted('Deployment', { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }, { key: 'tier', operator: 'DoesNotExist' }] }, template: template(app), strategy: { type: 'Recreate' } });
    await accepted('Deployment', { selector: selector(app), template: template(app), strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '100%' } }, minReadySeconds: 5, progressDeadlineSeconds: 6 });
    await accepted('ReplicaSet', { selector: selector(app), template: template(app), replicas: 0 });
    await accepted('StatefulSet', { selector: selector(app), template: template(app), serviceName: 'web', podManagementPolicy: 'Parallel', ordinals: { start: 3 } });
    await accepted('StatefulSet', { selector: selector(app), template: template(app), updateStrategy: { type: 'OnDelete' }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } });
    await accepted('DaemonSet', { selector: selector(app), template: template(app) });
    await accepted('DaemonSet', { selector: selector(app), template: template(app), updateStrategy: { rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } } });
    await accepted('Job', { template: jobTemplate() });
    await accepted('Job', { template: jobTemplate(), completionMode: 'Indexed', completions: 3, parallelism: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 1 });
    await accepted('Job', { manualSelector: true, selector: selector(app), template: template(app, { restartPolicy: 'OnFailure' }) });
    const zones = ['Europe/Paris', 'UTC', 'Etc/GMT+5', 'US/Pacific'];
    for (const [i, schedule] of ['*/5 * * * *', '0 3 * * mon-fri', '15 2 1,15 jan-jun ?', '@hourly', '@every 1h30m', '0 0 1 */2 SUN', '*/61 * * * *', '1,,2 * * * TUE'].entries()) {
      await accepted('CronJob', { schedule, timeZone: zones[i % zones.length], jobTemplate: { spec: { template: jobTemplate() } } });
    }
  });

  it('Deployment selectors: required, not empty, well formed, selecting the template', async () => {
    const labels = 'map[string]string{"app":"web"}';
    await refused('Deployment', { template: template({ app: 'web' }) }, [
      'spec.selector: Required value',
      `spec.template.metadata.labels: Invalid value: ${labels}: ${MISMATCH}`,
    ]);
    await refused('ReplicaSet', { selector: selector({ app: 'web' }), template: template(undefined) }, [
      `spec.template.metadata.labels: Invalid value: map[string]string(nil): ${MISMATCH}`,
    ]);
    await refused('Deployment', { selector: {}, template: template({ app: 'web' }) }, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
    const status = await refused('Deployment', { selector: selector({ app: 'api' }), template: template({ app: 'web' }) }, [
      `spec.template.metadata.labels: Invalid value: ${labels}: ${MISMATCH}`,
    ], 'mismatch');
    assert.equal(status.message, `Deployment.apps "mismatch" is invalid: spec.template.metadata.labels: Invalid value: ${labels}: ${MISMATCH}`);
    const expressions = [{ key: 'app', operator: 'In' }, { key: 'tier', operator: 'Exists', values: ['x'] }, { key: 'bad key', operator: 'Near', values: ['-x'] }];
    const printed = 'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}, v1.LabelSelectorRequirement{Key:"tier", Operator:"Exists", Values:[]string{"x"}}, v1.LabelSelectorRequirement{Key:"bad key", Operator:"Near", Values:[]string{"-x"}}}}';
    await refused('Deployment', { selector: { matchExpressions: expressions }, template: template({ app: 'web' }) }, [
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid selector operator',
      `spec.selector.matchExpressions[2].key: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `spec.selector.matchExpressions[2].values[0]: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      `spec.selector: Invalid value: ${printed}: invalid label selector`,
    ]);
  });

  it('Deployment counters, pod restarts and rollout strategy', async () => {
    const app = { app: 'web' };
    await refused('Deployment', {
      selector: selector(app), template: template(app, { restartPolicy: 'OnFailure', activeDeadlineSeconds: 30 }),
      replicas: -1, minReadySeconds: -2, revisionHistoryLimit: -3, progressDeadlineSeconds: -4,
    }, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
      'spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0',
      'spec.revisionHistoryLimit: Invalid value: -3: must be greater than or equal to 0',
      'spec.progressDeadlineSeconds: Invalid value: -4: must be greater than or equal to 0',
      'spec.progressDeadlineSeconds: Invalid value: -4: must be greater than minReadySeconds',
    ]);
    await refused('Deployment', { selector: selector(app), template: template(app), minReadySeconds: 600 }, [
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ]);
    await refused('Deployment', { selector: selector(app), template: template(app), strategy: { type: 'Recreate', rollingUpdate: {} } }, [
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
    await refused('Deployment', { selector: selector(app), template: template(app), strategy: { type: 'BlueGreen' } }, [
      'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    ]);
    await refused('Deployment', { selector: selector(app), template: template(app), strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }, [
      `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: ${intOrString('0%')}: may not be 0 when \`maxSurge\` is 0`,
    ]);
    await refused('Deployment', { selector: selector(app), template: template(app), strategy: { rollingUpdate: { maxSurge: 'lots', maxUnavailable: '150%' } } }, [
      `spec.strategy.rollingUpdate.maxSurge: Invalid value: ${intOrString('lots')}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
      `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: ${intOrString('150%')}: must not be greater than 100%`,
    ]);
    await refused('Deployment', { selector: selector(app), template: template(app), strategy: { rollingUpdate: { maxSurge: -1 } } }, [
      'spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('ReplicaSet keeps Kubernetes\' wording for its empty selector', async () => {
    await refused('ReplicaSet', { selector: { matchLabels: {} }, template: template({ app: 'web' }), replicas: -1 }, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('StatefulSet policies, strategy, ordinals and template metadata', async () => {
    const app = { app: 'db' };
    await refused('StatefulSet', {
      selector: selector(app), template: template({ app: 'db', 'bad key': 'x' }, { restartPolicy: 'Never' }),
      podManagementPolicy: 'Random', updateStrategy: { type: 'Blue' }, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Keep' },
      replicas: -1, ordinals: { start: -1 },
    }, [
      `spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'`,
      `spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Blue", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'`,
      'spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "Keep": supported values: "Retain", "Delete"',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0',
      `spec.template.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    await refused('StatefulSet', { selector: selector(app), template: template(app), updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 2 } } }, [
      "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
    ]);
    await refused('StatefulSet', { selector: selector(app), template: template({ app: 'web' }), updateStrategy: { rollingUpdate: { partition: -1 } } }, [
      'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${MISMATCH}`,
    ]);
    await refused('StatefulSet', { selector: {}, template: template(app) }, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
    ]);
  });

  it('DaemonSet selector and update strategy', async () => {
    const app = { app: 'agent' };
    await refused('DaemonSet', { template: template(app) }, [
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: ${MISMATCH}`,
    ]);
    await refused('DaemonSet', { selector: {}, template: template(app, { restartPolicy: 'OnFailure' }), minReadySeconds: -1, revisionHistoryLimit: -1 }, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
    await refused('DaemonSet', { selector: selector(app), template: template(app), updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } } }, [
      `spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: ${intOrString(1)}: may not be set when maxUnavailable is non-zero`,
    ]);
    await refused('DaemonSet', { selector: selector(app), template: template(app), updateStrategy: { rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } } }, [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ]);
    await refused('DaemonSet', { selector: selector(app), template: template(app), updateStrategy: { type: 'Surge' } }, [
      'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Surge", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
    ]);
  });

  it('updates are validated too, and their errors are reported once', async () => {
    const app = { app: 'up' };
    const created = await accepted('Deployment', { selector: selector(app), template: template(app) }, 'updated');
    const path = `${server.path('Deployment')}/updated`;
    created.spec.replicas = -1;
    created.spec.template.metadata.labels = { app: 'down' };
    const res = await raw(server.api, 'PUT', path, created);
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"down"}: ${MISMATCH}`,
    ]);
    const job = await accepted('Job', { template: jobTemplate(), suspend: true }, 'suspended');
    job.spec.ttlSecondsAfterFinished = -5;
    const jobRes = await raw(server.api, 'PUT', `${server.path('Job')}/suspended`, job);
    assert.equal(jobRes.status, 422, jobRes.text);
    assertCauses(jobRes.json, ['spec.ttlSecondsAfterFinished: Invalid value: -5: must be greater than or equal to 0']);
    const cron = await accepted('CronJob', { schedule: '@daily', jobTemplate: { spec: { template: jobTemplate() } } }, 'nightly');
    cron.spec.schedule = '0 25 * * *';
    const cronRes = await raw(server.api, 'PUT', `${server.path('CronJob')}/nightly`, cron);
    assert.equal(cronRes.status, 422, cronRes.text);
    assertCauses(cronRes.json, ['spec.schedule: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25']);
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32 generators\' workloads are accepted and its errors read as a cluster\'s', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, server.api.kubeconfigPath);
    await k.ok(['create', 'deployment', 'gen-web', '-n', NS, '--image=nginx:1.27', '--replicas=2', '--port=80']);
    await k.ok(['create', 'job', 'gen-job', '-n', NS, '--image=busybox', '--', 'true']);
    await k.ok(['create', 'cronjob', 'gen-cron', '-n', NS, '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']);
    await k.ok(['create', 'job', 'gen-from-cron', '-n', NS, '--from=cronjob/gen-cron']);
    const bad = await k.run(['create', 'cronjob', 'gen-bad', '-n', NS, '--image=busybox', '--schedule=61 * * * *']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /CronJob\.batch "gen-bad" is invalid: spec\.schedule: Invalid value: "61 \* \* \* \*": end of range \(61\) above maximum \(59\): 61$/m);
    const manifest = JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'applied', namespace: NS },
      spec: { selector: selector({ app: 'api' }), template: template({ app: 'web' }), replicas: -1 },
    });
    const applied = await k.run(['apply', '-f', '-'], manifest);
    assert.notEqual(applied.code, 0);
    assert.equal(applied.stderr.trim(), 'The Deployment "applied" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
  });
});

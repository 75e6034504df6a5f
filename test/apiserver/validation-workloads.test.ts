/**
 * Workload kinds (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs) are refused
 * with the causes a Kubernetes 1.32 cluster answers: same fields, reasons and messages. Valid
 * objects, including those kubectl's generators build, are still accepted. Everything goes
 * through the real server over HTTPS; the kubectl cases run the pinned kubectl 1.32.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const NS = 'workloads';
type Obj = Record<string, any>;

/** A pod template that is valid on its own. */
const template = (labels: Record<string, string> | undefined, spec: Obj = {}): Obj =>
  ({ metadata: labels ? { labels } : {}, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec } });
const jobTemplate = (spec: Obj = {}): Obj => template(undefined, { restartPolicy: 'Never', ...spec });
const selector = (labels: Record<string, string>) => ({ matchLabels: labels });
const goSelector = (labels: string) => `v1.LabelSelector{MatchLabels:map[string]string{${labels}}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
const intOrString = (v: number | string) => typeof v === 'string' ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:"${v}"}` : `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`;

const REASONS: [string, string][] = [
  ['Invalid value', 'FieldValueInvalid'], ['Required value', 'FieldValueRequired'], ['Unsupported value', 'FieldValueNotSupported'],
  ['Forbidden', 'FieldValueForbidden'], ['Duplicate value', 'FieldValueDuplicate'], ['Too many', 'FieldValueTooMany'], ['Too long', 'FieldValueTooLong'],
];
const MISMATCH = '`selector` does not match template `labels`';

const PATHS: Record<string, string> = {
  Deployment: `/apis/apps/v1/namespaces/${NS}/deployments`,
  ReplicaSet: `/apis/apps/v1/namespaces/${NS}/replicasets`,
  StatefulSet: `/apis/apps/v1/namespaces/${NS}/statefulsets`,
  DaemonSet: `/apis/apps/v1/namespaces/${NS}/daemonsets`,
  Job: `/apis/batch/v1/namespaces/${NS}/jobs`,
  CronJob: `/apis/batch/v1/namespaces/${NS}/cronjobs`,
};

let counter = 0;

describe('workload kinds are validated as Kubernetes 1.32 validates them', () => {
  let api: RunningApiServer;

  /** Creates `kind` with this spec (and a fresh name unless given); returns the response. */
  const post = (kind: string, spec: Obj, name = `${kind.toLowerCase()}-${++counter}`) =>
    raw(api, 'POST', PATHS[kind]!, { metadata: { name }, spec });
  const accepted = async (kind: string, spec: Obj, name?: string): Promise<Obj> => {
    const res = await post(kind, spec, name);
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  /** The create is refused with exactly these causes, each written `field: message`. */
  const refused = async (kind: string, spec: Obj, expected: string[], name?: string): Promise<Obj> => {
    const res = await post(kind, spec, name);
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, expected);
    return res.json;
  };
  const assertCauses = (status: Obj, expected: string[]) => {
    assert.equal(status.reason, 'Invalid');
    const causes: Obj[] = status.details.causes;
    assert.deepEqual(causes.map((c) => `${c.field}: ${c.message}`), expected);
    for (const c of causes) assert.equal(c.reason, REASONS.find(([prefix]) => c.message.startsWith(prefix))?.[1], c.message);
  };

  before(async () => {
    api = await startApiServer();
    const ns = await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: NS } });
    assert.equal(ns.status, 201, ns.text);
  });
  after(async () => { await api?.stop(); });

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
  it('Job pods end, counters are not negative, completion modes hold their limits', async () => {
    const restart = 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"';
    await refused('Job', { template: template(undefined) }, [restart]);
    await refused('Job', { template: jobTemplate({ restartPolicy: 'Always' }), parallelism: -1, completions: -1, activeDeadlineSeconds: -1, backoffLimit: -1, ttlSecondsAfterFinished: -1 }, [
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Invalid value: -1: must be greater than or equal to 0',
      'spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0',
      restart,
    ]);
    await refused('Job', { template: jobTemplate(), completionMode: 'Indexed', parallelism: 2 }, ['spec.completions: Required value: when completion mode is Indexed']);
    await refused('Job', { template: jobTemplate(), completionMode: 'Ordered' }, ['spec.completionMode: Unsupported value: "Ordered": supported values: "NonIndexed", "Indexed"']);
    await refused('Job', { template: jobTemplate(), backoffLimitPerIndex: 1, maxFailedIndexes: 1 }, [
      'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
      'spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode',
    ]);
    await refused('Job', { template: jobTemplate(), completionMode: 'Indexed', completions: 2, maxFailedIndexes: 3 }, [
      'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
      'spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions',
    ]);
    const long = 'j'.repeat(61);
    await refused('Job', { template: jobTemplate(), completionMode: 'Indexed', completions: 100 }, [
      `metadata.name: Invalid value: "${long}": will not able to create pod with invalid DNS label: ${long}-99`,
    ], long);
  });

  it('Job selectors: generated ones must stay generated, manual ones must select the template', async () => {
    await refused('Job', { manualSelector: true, template: template({ app: 'x' }, { restartPolicy: 'Never' }) }, [
      'spec.selector: Required value',
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: ${MISMATCH}`,
    ]);
    await refused('Job', { manualSelector: true, selector: selector({ app: 'y' }), template: template({ app: 'x' }, { restartPolicy: 'Never' }) }, [
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: ${MISMATCH}`,
    ]);
    const res = await post('Job', { template: template({ 'job-name': 'other' }, { restartPolicy: 'Never' }) }, 'named');
    assert.equal(res.status, 422, res.text);
    const uid = /"controller-uid":"([0-9a-f-]{36})"/.exec(res.json.message)?.[1];
    assert.ok(uid, res.text);
    const labels = `map[string]string{"batch.kubernetes.io/controller-uid":"${uid}", "batch.kubernetes.io/job-name":"named", "controller-uid":"${uid}", "job-name":"other"}`;
    assertCauses(res.json, [`spec.template.metadata.labels[job-name]: Invalid value: ${labels}: must be 'named'`]);
    // A selector of one's own without manualSelector gets the uid added, and no longer selects only this Job's pods.
    const own = await post('Job', { selector: selector({ app: 'x' }), template: template({ app: 'x' }, { restartPolicy: 'Never' }) }, 'own');
    assert.equal(own.status, 422, own.text);
    const ownUid = /"batch.kubernetes.io\/controller-uid":"([0-9a-f-]{36})"/.exec(own.json.message)?.[1];
    assertCauses(own.json, [`spec.selector: Invalid value: ${goSelector(`"app":"x", "batch.kubernetes.io/controller-uid":"${ownUid}"`)}: \`selector\` not auto-generated`]);
  });

  it('Job pod failure and success policies', async () => {
    await refused('Job', {
      template: jobTemplate({ restartPolicy: 'OnFailure' }),
      podFailurePolicy: { rules: [
        { action: 'FailIndex', onExitCodes: { operator: 'In', values: [0, 3, 3, 1], containerName: 'sidecar' } },
        { action: 'Explode', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] },
        { action: 'Ignore' },
      ] },
    }, [
      'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
      'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "sidecar": must be one of the container or initContainer names in the pod template',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 3, 1}: must be ordered',
      'spec.podFailurePolicy.rules[1].action: Unsupported value: "Explode": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      'spec.podFailurePolicy.rules[1].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
      'spec.podFailurePolicy.rules[2]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ]);
    await accepted('Job', { template: jobTemplate(), podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [1, 2] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } });
    await refused('Job', { template: jobTemplate(), completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '0-2,1', succeededCount: 9 }, {}] } }, [
      'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-2,1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1',
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 9: must be less than or equal to 5 (the number of specified completions)',
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 9: must be less than or equal to 0 (the number of indexes in the specified succeededIndexes field)',
      'spec.successPolicy.rules[1]: Required value: at least one of succeededCount or succeededIndexes must be specified',
    ]);
    await accepted('Job', { template: jobTemplate(), completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '0,2-4', succeededCount: 2 }] } });
  });

  it('CronJob schedules parse as the cron library parses them, and carry no zone', async () => {
    const job = { spec: { template: jobTemplate() } };
    await refused('CronJob', { jobTemplate: { spec: { template: template(undefined) } } }, [
      'spec.schedule: Required value',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    const cases: [string, string][] = [
      ['61 * * * *', 'end of range (61) above maximum (59): 61'],
      ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
      ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
      ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
      ['every day', 'expected exactly 5 fields, found 2: [every day]'],
      ['0 0 0 * * *', 'expected exactly 5 fields, found 6: [0 0 0 * * *]'],
      ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
      ['@every 1d', 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'],
    ];
    for (const [schedule, message] of cases) {
      await refused('CronJob', { schedule, jobTemplate: job }, [`spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${message}`]);
    }
    await refused('CronJob', { schedule: 'TZ=UTC 0 * * * *', jobTemplate: job }, [
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    await refused('CronJob', { schedule: 'CRON_TZ=Mars/Base 0 * * * *', jobTemplate: job }, [
      'spec.schedule: Invalid value: "CRON_TZ=Mars/Base 0 * * * *": provided bad location Mars/Base: unknown time zone Mars/Base',
      'spec.schedule: Invalid value: "CRON_TZ=Mars/Base 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });

  it('CronJob zones, policies, limits, name length and Job template', async () => {
    const job = { spec: { template: jobTemplate() } };
    for (const [zone, messages] of [
      ['Europe/Pariss', ['unknown time zone Europe/Pariss']],
      ['europe/paris', ['unknown time zone europe/paris']],
      ['America/New York', ['unknown time zone America/New York']],
      ['Local', ['timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']],
      ['', ['timeZone must be nil or non-empty string']],
    ] as [string, string[]][]) {
      await refused('CronJob', { schedule: '@daily', timeZone: zone, jobTemplate: job }, messages.map((m) => `spec.timeZone: Invalid value: ${JSON.stringify(zone)}: ${m}`));
    }
    await refused('CronJob', {
      schedule: '@daily', concurrencyPolicy: 'Sometimes', startingDeadlineSeconds: -1, successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -1,
      jobTemplate: { spec: { template: jobTemplate(), backoffLimit: -1, manualSelector: true, selector: selector({ app: 'x' }) } },
    }, [
      'spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
      `spec.jobTemplate.spec.selector: Invalid value: ${goSelector('"app":"x"')}: \`selector\` will be auto-generated`,
      'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
      'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
    const long = 'c'.repeat(53);
    await refused('CronJob', { schedule: '@daily', jobTemplate: job }, [`metadata.name: Invalid value: "${long}": must be no more than 52 characters`], long);
    await accepted('CronJob', { schedule: '@daily', jobTemplate: job }, 'c'.repeat(52));
  });

  it('updates are validated too, and their errors are reported once', async () => {
    const app = { app: 'up' };
    const created = await accepted('Deployment', { selector: selector(app), template: template(app) }, 'updated');
    const path = `${PATHS.Deployment}/updated`;
    created.spec.replicas = -1;
    created.spec.template.metadata.labels = { app: 'down' };
    const res = await raw(api, 'PUT', path, created);
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"down"}: ${MISMATCH}`,
    ]);
    const job = await accepted('Job', { template: jobTemplate(), suspend: true }, 'suspended');
    job.spec.ttlSecondsAfterFinished = -5;
    const jobRes = await raw(api, 'PUT', `${PATHS.Job}/suspended`, job);
    assert.equal(jobRes.status, 422, jobRes.text);
    assertCauses(jobRes.json, ['spec.ttlSecondsAfterFinished: Invalid value: -5: must be greater than or equal to 0']);
    const cron = await accepted('CronJob', { schedule: '@daily', jobTemplate: { spec: { template: jobTemplate() } } }, 'nightly');
    cron.spec.schedule = '0 25 * * *';
    const cronRes = await raw(api, 'PUT', `${PATHS.CronJob}/nightly`, cron);
    assert.equal(cronRes.status, 422, cronRes.text);
    assertCauses(cronRes.json, ['spec.schedule: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25']);
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32 generators\' workloads are accepted and its errors read as a cluster\'s', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, api.kubeconfigPath);
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

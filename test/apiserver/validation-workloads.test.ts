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
    for (const schedule of ['*/5 * * * *', '0 3 * * mon-fri', '15 2 1,15 jan-jun ?', '@hourly', '@every 1h30m', '0 0 1 */2 SUN']) {
      await accepted('CronJob', { schedule, timeZone: 'Europe/Paris', jobTemplate: { spec: { template: jobTemplate() } } });
    }
  });

  it('Deployment selectors: required, not empty, well formed, selecting the template', async () => {
    const labels = 'map[string]string{"app":"web"}';
    await refused('Deployment', { template: template({ app: 'web' }) }, [
      'spec.selector: Required value',
      `spec.template.metadata.labels: Invalid value: ${labels}: ${MISMATCH}`,
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
});

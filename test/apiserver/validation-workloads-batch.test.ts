/**
 * Jobs and CronJobs are refused with the causes a Kubernetes 1.32 cluster answers: pod restart
 * policies, counters, completion modes, generated and manual selectors, failure and success
 * policies, cron schedules as the cron library reads them, time zones, history limits and the
 * CronJob name length. Everything goes through the real server over HTTPS.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertCauses, goSelector, jobTemplate, MISMATCH, selector, template, WorkloadServer } from './validation-workloads-helpers.ts';

const server = new WorkloadServer('batch-workloads');
const { post, accepted, refused } = server;

describe('Jobs and CronJobs are validated as Kubernetes 1.32 validates them', () => {
  before(() => server.start());
  after(async () => { await server.api?.stop(); });

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
});

/**
 * Job `/status` writes judged as Kubernetes 1.32 judges them with its default feature gates:
 * counters, uncounted pods, terminal conditions reached through their interim ones and never
 * undone, times that fit them, and the index sets of Indexed Jobs. Real HTTP, and kubectl 1.32
 * for the text it prints.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';
import { coreSuite } from './validation-core-helpers.ts';
import type { Cause, Obj } from './validation-helpers.ts';

const NS = 'status-jobs';
const T0 = '2026-01-01T10:00:00Z';
const T1 = '2026-01-01T10:05:00Z';
const GO_T0 = '2026-01-01 10:00:00 +0000 UTC';
const GO_T1 = '2026-01-01 10:05:00 +0000 UTC';
const met = { type: 'SuccessCriteriaMet', status: 'True' };
const complete = { type: 'Complete', status: 'True' };
const target = { type: 'FailureTarget', status: 'True' };
const failed = { type: 'Failed', status: 'True' };
const conditionsCause = (detail: string): Cause => ['FieldValueInvalid', 'status.conditions', `Invalid value: ${detail}`];

describe('Job status writes', () => {
  const suite = coreSuite(NS);
  const jobs = () => suite.path('jobs', 'batch/v1');
  const createJob = (name: string, spec: Obj = {}) =>
    suite.created('jobs', { metadata: { name }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } }, ...spec } }, 'batch/v1');
  /** Replaces the Job's whole status through `/status`. */
  const putStatus = async (name: string, status: Obj) => {
    const current = (await raw(suite.api, 'GET', `${jobs()}/${name}`)).json;
    return raw(suite.api, 'PUT', `${jobs()}/${name}/status`, { ...current, status });
  };
  const accepted = async (name: string, status: Obj) => {
    const res = await putStatus(name, status);
    assert.equal(res.status, 200, res.text);
    return res.json;
  };
  const refused = async (name: string, status: Obj, causes: Cause[]) => suite.refused(await putStatus(name, status), 'Job.batch', name, causes);

  it('counters are not negative, failed and succeeded never go down, ready pods are active ones', async () => {
    await createJob('counters');
    await accepted('counters', { startTime: T0, active: 2, ready: 1, succeeded: 1, failed: 1 });
    await refused('counters', { startTime: T0, active: -1, succeeded: 0, failed: 0, ready: -1, terminating: -1 }, [
      ['FieldValueInvalid', 'status.active', 'Invalid value: -1: must be greater than or equal to 0'],
      ['FieldValueInvalid', 'status.ready', 'Invalid value: -1: must be greater than or equal to 0'],
      ['FieldValueInvalid', 'status.terminating', 'Invalid value: -1: must be greater than or equal to 0'],
      ['FieldValueInvalid', 'status.failed', 'Invalid value: 0: cannot decrease the failed counter'],
      ['FieldValueInvalid', 'status.succeeded', 'Invalid value: 0: cannot decrease the succeeded counter'],
    ]);
    await refused('counters', { startTime: T0, active: 2, ready: 3, succeeded: 1, failed: 1 }, [
      ['FieldValueInvalid', 'status.ready', 'Invalid value: 3: cannot set more ready pods than active'],
    ]);
  });

  it('uncounted pod UIDs are set and listed once', async () => {
    await createJob('uncounted');
    await refused('uncounted', { startTime: T0, uncountedTerminatedPods: { succeeded: ['a', ''], failed: ['a'] } }, [
      ['FieldValueInvalid', 'status.uncountedTerminatedPods.succeeded[1]', 'Invalid value: "": must not be empty'],
      ['FieldValueDuplicate', 'status.uncountedTerminatedPods.failed[0]', 'Duplicate value: "a"'],
    ]);
    await accepted('uncounted', { startTime: T0, active: 1, uncountedTerminatedPods: { succeeded: ['a'], failed: ['b'] } });
  });

  it('Complete needs SuccessCriteriaMet, times, no active or uncounted pods; it is never undone', async () => {
    await createJob('done');
    await refused('done', { active: 1, terminating: 1, uncountedTerminatedPods: { succeeded: ['a'] }, conditions: [complete] }, [
      ['FieldValueRequired', 'status.completionTime', 'Required value: completionTime is required for Complete jobs'],
      conditionsCause('cannot set Complete=True condition without the SuccessCriteriaMet=true condition'),
      ['FieldValueInvalid', 'status.active', 'Invalid value: 1: active>0 is invalid for finished job'],
      ['FieldValueRequired', 'status.startTime', 'Required value: startTime is required for finished job'],
      ['FieldValueInvalid', 'status.uncountedTerminatedPods', 'Invalid value: batch.UncountedTerminatedPods{Succeeded:[]types.UID{"a"}, Failed:[]types.UID(nil)}: uncountedTerminatedPods needs to be empty for finished job'],
      ['FieldValueInvalid', 'status.terminating', 'Invalid value: 1: terminating>0 is invalid for finished job'],
    ]);
    await refused('done', { startTime: T1, completionTime: T0, succeeded: 1, conditions: [met, complete] }, [
      ['FieldValueInvalid', 'status.completionTime', `Invalid value: ${GO_T0}: completionTime cannot be set before startTime`],
    ]);
    await accepted('done', { startTime: T0, active: 1, ready: 1 });
    await accepted('done', { startTime: T0, succeeded: 1, conditions: [met] });
    const finished = await accepted('done', { startTime: T0, completionTime: T1, succeeded: 1, conditions: [met, complete] });
    assert.equal(finished.status.completionTime, T1);
    await refused('done', { startTime: T0, completionTime: T1, succeeded: 0, conditions: [] }, [
      ['FieldValueInvalid', 'status.completionTime', `Invalid value: ${GO_T1}: cannot set completionTime when there is no Complete=True condition`],
      conditionsCause('cannot disable the terminal Complete=True condition'),
      ['FieldValueInvalid', 'status.succeeded', 'Invalid value: 0: cannot decrease the succeeded counter'],
      conditionsCause('cannot disable the SuccessCriteriaMet=True condition'),
    ]);
    await refused('done', { startTime: T0, completionTime: '2026-01-01T11:00:00Z', succeeded: 1, conditions: [met, complete] }, [
      ['FieldValueInvalid', 'status.completionTime', 'Invalid value: 2026-01-01 11:00:00 +0000 UTC: completionTime cannot be mutated'],
    ]);
  });

  it('Failed needs FailureTarget and excludes Complete and SuccessCriteriaMet', async () => {
    await createJob('lost');
    await refused('lost', { startTime: T0, completionTime: T1, conditions: [met, complete, failed] }, [
      conditionsCause('cannot set Complete=True and Failed=true conditions'),
      conditionsCause('cannot set Failed=True condition without the FailureTarget=true condition'),
      conditionsCause('cannot set SuccessCriteriaMet=True and Failed=true conditions'),
    ]);
    await refused('lost', { startTime: T0, completionTime: T1, conditions: [target, met, complete] }, [
      conditionsCause('cannot set Complete=True and FailureTarget=true conditions'),
      conditionsCause('cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'),
    ]);
    await accepted('lost', { startTime: T0, active: 1, failed: 1, conditions: [target] });
    await accepted('lost', { startTime: T0, failed: 2, conditions: [target, failed] });
    await refused('lost', { startTime: T0, failed: 2, conditions: [target] }, [conditionsCause('cannot disable the terminal Failed=True condition')]);
  });

  it('startTime stays while the Job runs; a suspended Job may drop it', async () => {
    await createJob('started');
    await accepted('started', { startTime: T0, active: 1 });
    await refused('started', { active: 1 }, [['FieldValueRequired', 'status.startTime', 'Required value: startTime cannot be removed for unsuspended job']]);
    await refused('started', { startTime: T1, active: 1 }, [['FieldValueRequired', 'status.startTime', 'Required value: startTime cannot be removed for unsuspended job']]);
    await createJob('paused', { suspend: true });
    await accepted('paused', { startTime: T0 });
    await accepted('paused', {});
    // A suspended Job with zero completions completes without a start time; one with work to do may not.
    await createJob('empty', { suspend: true, completions: 0, parallelism: 0 });
    await accepted('empty', { completionTime: T1, conditions: [met, complete] });
    await refused('paused', { completionTime: T1, conditions: [met, complete] }, [
      ['FieldValueRequired', 'status.startTime', 'Required value: startTime is required for finished job'],
    ]);
  });

  it('Indexed Jobs: index sets parse below completions and do not overlap', async () => {
    await createJob('indexed', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1 });
    await refused('indexed', { startTime: T0, completedIndexes: '0,2-1', failedIndexes: '1,x' }, [
      ['FieldValueInvalid', 'status.completedIndexes', 'Invalid value: "0,2-1": error parsing completedIndexes: non-increasing order, previous: 2, current: 1'],
      ['FieldValueInvalid', 'status.failedIndexes', 'Invalid value: "1,x": error parsing failedIndexes: cannot convert string to integer for index: "x"'],
    ]);
    await refused('indexed', { startTime: T0, completedIndexes: '3', failedIndexes: '0-1-2' }, [
      ['FieldValueInvalid', 'status.completedIndexes', 'Invalid value: "3": error parsing completedIndexes: too large index: "3"'],
      ['FieldValueInvalid', 'status.failedIndexes', 'Invalid value: "0-1-2": error parsing failedIndexes: the fragment "0-1-2" violates the requirement that an index interval can have at most two parts separated by \'-\''],
    ]);
    await refused('indexed', { startTime: T0, completedIndexes: '0-1', failedIndexes: '1' }, [
      ['FieldValueInvalid', 'status.failedIndexes', 'Invalid value: "1": failedIndexes and completedIndexes overlap at index: 1'],
    ]);
    await accepted('indexed', { startTime: T0, succeeded: 2, completedIndexes: '0,2', failedIndexes: '1', failed: 2 });
    // completions == parallelism: the Job may scale down and lose succeeded indexes.
    await accepted('indexed', { startTime: T0, succeeded: 1, completedIndexes: '0', failedIndexes: '1', failed: 2 });
  });

  it('index sets belong to Indexed Jobs, failed indexes to per-index backoff', async () => {
    await createJob('plain');
    await refused('plain', { startTime: T0, completedIndexes: '0', failedIndexes: '0' }, [
      ['FieldValueInvalid', 'status.completedIndexes', 'Invalid value: "0": cannot set non-empty completedIndexes when non-indexed completion mode'],
      ['FieldValueInvalid', 'status.failedIndexes', 'Invalid value: "0": cannot set non-null failedIndexes when backoffLimitPerIndex is null'],
      ['FieldValueInvalid', 'status.failedIndexes', 'Invalid value: "0": failedIndexes and completedIndexes overlap at index: 0'],
    ]);
  });

  it('a Job with a success policy completes only once its criteria are met', async () => {
    await createJob('policy', { completionMode: 'Indexed', completions: 2, parallelism: 2, successPolicy: { rules: [{ succeededCount: 1 }] } });
    await refused('policy', { startTime: T0, completionTime: T1, succeeded: 1, completedIndexes: '0', conditions: [complete] }, [
      conditionsCause('cannot set Complete=True condition without the SuccessCriteriaMet=true condition'),
      conditionsCause('cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True'),
    ]);
    await accepted('policy', { startTime: T0, completionTime: T1, succeeded: 1, completedIndexes: '0', conditions: [met, complete] });
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32: patching a Job\'s status prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    await createJob('patched');
    const k = new Kubectl(kubectl!, suite.api.kubeconfigPath);
    await k.ok(['patch', 'job', 'patched', '-n', NS, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { startTime: T0, active: 1 } })]);
    const r = await k.run(['patch', 'job', 'patched', '-n', NS, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { conditions: [complete], completionTime: T1 } })]);
    assert.notEqual(r.code, 0);
    // With several causes kubectl lists them, one per line.
    assert.equal(r.stderr, [
      'The Job "patched" is invalid: ',
      '* status.conditions: Invalid value: cannot set Complete=True condition without the SuccessCriteriaMet=true condition',
      '* status.active: Invalid value: 1: active>0 is invalid for finished job',
      '',
    ].join('\n'));
    await k.ok(['patch', 'job', 'patched', '-n', NS, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { active: 0, succeeded: 1, conditions: [met, complete], completionTime: T1 } })]);
  });
});

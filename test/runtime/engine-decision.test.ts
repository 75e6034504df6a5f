import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition, KubeObject } from '../../runtime/core/meta.ts';
import { withoutBlocked } from '../../runtime/engine/apply.ts';
import { invalid, notFound, statusError } from '../../runtime/core/errors.ts';
import { setStatusCondition } from '../../runtime/helpers/conditions.ts';
import { decide, categorizeApplyError, categorizeError, EngineError, worstState, type ComponentHealth } from '../../runtime/engine/index.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const ready = (component: string): ComponentHealth => ({ component, state: 'Ready' });
const failing = (component: string, category: EngineError['category']): ComponentHealth => ({ component, state: 'Ready', error: new EngineError(category, `${component} broke`) });

function apply(conds: Condition[], health: ComponentHealth[], now: Date) {
  const d = decide({ health, conditions: conds, generation: 3, now });
  for (const c of d.conditions) setStatusCondition(conds, c, now);
  return d;
}
const cond = (conds: Condition[], type: string) => conds.find((c) => c.type === type);

test('error categories decide apply and retry', () => {
  const cases: [EngineError['category'], boolean, boolean][] = [
    ['Infrastructure', false, true],
    ['Auth', false, false],
    ['InvalidSpec', false, false],
    ['MissingUpstreamDependency', false, false],
    ['MissingDownstreamDependency', true, false],
    ['ResourceExhaustion', true, false],
  ];
  for (const [category, applies, retries] of cases) {
    const d = decide({ health: [ready('Server'), failing('Redis', category)], conditions: [], now: t0 });
    assert.equal(d.apply, applies, `${category} apply`);
    assert.equal(d.retryError !== undefined, retries, `${category} retry`);
  }
});

test('all ready: Ready=True AllComponentsReady with per-component conditions; no lazy conditions', () => {
  const conds: Condition[] = [];
  const d = apply(conds, [ready('Redis'), ready('Server')], t0);
  assert.equal(d.summary, 'Ready');
  assert.deepEqual(conds.map((c) => [c.type, c.status, c.reason]), [['RedisReady', 'True', 'Ready'], ['ServerReady', 'True', 'Ready'], ['Ready', 'True', 'AllComponentsReady']]);
  assert.equal(cond(conds, 'Ready')!.observedGeneration, 3);
});

test('infrastructure errors stay Progressing within the grace period, Degraded after, and recover', () => {
  const conds: Condition[] = [];
  let d = apply(conds, [failing('Redis', 'Infrastructure')], t0);
  assert.equal(d.health[0]!.state, 'Progressing');
  assert.equal(cond(conds, 'DependenciesReachable')!.status, 'False');
  assert.equal(cond(conds, 'RedisReady')!.status, 'Unknown');
  d = apply(conds, [failing('Redis', 'Infrastructure')], at(9));
  assert.equal(d.health[0]!.state, 'Progressing', 'within 10 s');
  d = apply(conds, [failing('Redis', 'Infrastructure')], at(11));
  assert.equal(d.health[0]!.state, 'Degraded', 'after 10 s');
  assert.equal(cond(conds, 'Ready')!.reason, 'ComponentsNotReady');
  d = apply(conds, [ready('Redis')], at(12));
  assert.equal(cond(conds, 'DependenciesReachable')!.status, 'True');
  assert.equal(cond(conds, 'DependenciesReachable')!.reason, 'Reachable');
  assert.equal(d.summary, 'Ready');
});

test('auth and config conditions appear lazily and are never removed', () => {
  const conds: Condition[] = [];
  apply(conds, [failing('Registry', 'Auth')], t0);
  assert.equal(cond(conds, 'AuthValid')!.status, 'False');
  assert.equal(cond(conds, 'ConfigValid'), undefined);
  apply(conds, [failing('Registry', 'InvalidSpec')], at(1));
  assert.equal(cond(conds, 'AuthValid')!.status, 'True');
  assert.equal(cond(conds, 'AuthValid')!.reason, 'AuthenticationValid');
  assert.equal(cond(conds, 'ConfigValid')!.reason, 'InvalidSpec');
  apply(conds, [failing('Registry', 'MissingUpstreamDependency')], at(2));
  assert.equal(cond(conds, 'ConfigValid')!.reason, 'ReferenceNotFound');
  apply(conds, [ready('Registry')], at(3));
  assert.equal(cond(conds, 'ConfigValid')!.status, 'True');
  assert.deepEqual(conds.map((c) => c.type).sort(), ['AuthValid', 'ConfigValid', 'Ready', 'RegistryReady']);
});

test('summary is the worst component state', () => {
  assert.equal(worstState(['Ready', 'Progressing', 'Pending']), 'Pending');
  assert.equal(worstState(['Degraded', 'Failed', 'NotAvailable']), 'Failed');
  assert.equal(worstState([]), 'Ready');
  const d = decide({ health: [ready('A'), { component: 'B', state: 'Progressing' }], conditions: [], now: t0 });
  assert.equal(d.summary, 'Progressing');
  assert.equal(d.conditions.find((c) => c.type === 'Ready')!.reason, 'Progressing');
});

test('categorizeError maps Kubernetes and network errors', () => {
  assert.equal(categorizeError(statusError('NotFound', { message: 'x' })).category, 'MissingUpstreamDependency');
  assert.equal(categorizeError(statusError('Unauthorized', { message: 'x' })).category, 'Auth');
  assert.equal(categorizeError(statusError('Forbidden', { message: 'x' })).category, 'Auth');
  assert.equal(categorizeError(statusError('Forbidden', { message: 'exceeded quota: compute' })).category, 'ResourceExhaustion');
  assert.equal(categorizeError(statusError('Invalid', { message: 'x' })).category, 'InvalidSpec');
  assert.equal(categorizeError(statusError('Conflict', { message: 'x' })).category, 'Infrastructure');
  assert.equal(categorizeError(statusError('InternalError', { message: 'x' })).category, 'Infrastructure');
  assert.equal(categorizeError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).category, 'Infrastructure');
  const own = new EngineError('Auth', 'bad token', { component: 'Registry' });
  assert.equal(categorizeError(own), own);
});

test('categorizeApplyError maps write failures by Status reason', () => {
  const category = (err: unknown) => {
    const f = categorizeApplyError(err);
    return f.kind === 'conflict' ? 'conflict' : `${f.error.category}/${f.error.reason}`;
  };
  assert.equal(category(statusError('Forbidden', { message: 'configmaps is forbidden: User cannot patch' })), 'Auth/AuthError');
  assert.equal(category(statusError('Unauthorized', { message: 'x' })), 'Auth/AuthError');
  assert.equal(category(statusError('Forbidden', {
    message: 'configmaps is forbidden: unable to create new content in namespace t because it is being terminated',
    causes: [{ reason: 'NamespaceTerminating', message: 'namespace t is being terminated', field: 'metadata.namespace' }],
  })), 'MissingUpstreamDependency/NamespaceTerminating');
  assert.equal(category(statusError('Forbidden', { message: 'exceeded quota: compute' })), 'ResourceExhaustion/ResourceExhausted');
  assert.equal(category(invalid('', 'ConfigMap', 'x', [{ field: 'metadata.name', message: 'bad' }])), 'InvalidSpec/InvalidSpec');
  assert.equal(category(statusError('BadRequest', { message: 'x' })), 'InvalidSpec/InvalidSpec');
  assert.equal(category(notFound('', 'namespaces', 'gone')), 'MissingUpstreamDependency/NamespaceNotFound');
  assert.equal(category(notFound('example.com', 'widgets', 'w')), 'Infrastructure/InfrastructureError');
  assert.equal(category(statusError('Conflict', { message: 'modified' })), 'conflict');
  for (const reason of ['TooManyRequests', 'ServerTimeout', 'Timeout', 'InternalError', 'ServiceUnavailable'] as const) {
    assert.equal(category(statusError(reason, { message: 'x' })), 'Infrastructure/InfrastructureError', reason);
  }
  assert.equal(category(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), 'Infrastructure/InfrastructureError');
  const f = categorizeApplyError(statusError('Forbidden', { message: 'x' }), 'Server');
  assert.equal(f.kind === 'error' && f.error.component, 'Server');
});

test('component-scoped errors hold back only their component; parent-scoped ones the whole plan', () => {
  const scoped = (component: string, category: EngineError['category']): ComponentHealth =>
    ({ component, state: 'Pending', error: new EngineError(category, `${component} waits`, { component, scope: 'component' }) });
  let d = decide({ health: [ready('Redis'), scoped('Server', 'MissingUpstreamDependency')], conditions: [], now: t0 });
  assert.equal(d.apply, true);
  assert.deepEqual(d.blockedComponents, ['Server']);
  assert.equal(d.conditions.find((c) => c.type === 'ConfigValid')!.reason, 'ReferenceNotFound', 'conditions are the same as for a parent-scoped error');
  d = decide({ health: [scoped('Server', 'MissingUpstreamDependency'), scoped('Worker', 'InvalidSpec'), failing('Redis', 'MissingDownstreamDependency')], conditions: [], now: t0 });
  assert.deepEqual([d.apply, d.blockedComponents], [true, ['Server', 'Worker']]);
  d = decide({ health: [scoped('Server', 'MissingUpstreamDependency'), failing('Redis', 'MissingUpstreamDependency')], conditions: [], now: t0 });
  assert.deepEqual([d.apply, d.blockedComponents], [false, []], 'one parent-scoped error blocks everything');
  d = decide({ health: [ready('Redis')], conditions: [], now: t0 });
  assert.deepEqual([d.apply, d.blockedComponents], [true, []]);
});

test('withoutBlocked drops the objects of blocked components, or the whole plan when it cannot tell', () => {
  const obj = (name: string, component: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { component } } });
  const plan = { apply: [obj('a', 'Server'), obj('b', 'Redis')], applyWithoutOwnerRef: [obj('c', 'Server')], delete: [obj('d', 'Server'), obj('e', 'Redis')] };
  const names = (os: KubeObject[] | undefined) => (os ?? []).map((o) => o.metadata.name);
  assert.equal(withoutBlocked(plan, []), plan);
  assert.equal(withoutBlocked(plan, ['Server']), undefined, 'no componentOf: nothing can be applied safely');
  const kept = withoutBlocked({ ...plan, componentOf: (o) => o.metadata.labels?.component }, ['Server'])!;
  assert.deepEqual([names(kept.apply), names(kept.applyWithoutOwnerRef), names(kept.delete)], [['b'], [], ['e']]);
});

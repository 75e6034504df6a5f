/**
 * The DR syncer's rules as pure functions: cron schedules, durations, retry and ClusterMapping
 * back-off, resource type names, copy transformations and the per-mode sync decision.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../runtime/index.ts';
import type { NamespaceMapping } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import { formatDuration, nextSyncTime, parseDuration, validateSchedule } from '../../controllers/drsyncer/schedule.ts';
import { clusterMappingBackoff, nextRetry } from '../../controllers/drsyncer/retry.ts';
import { builtinTypes } from '../../controllers/drsyncer/resource-types.ts';
import { contentHash, coveredBy, isIgnored, toDestination } from '../../controllers/drsyncer/transform.ts';
import { decideSync } from '../../controllers/drsyncer/sync-decision.ts';

const t0 = new Date('2025-06-01T10:01:30Z');

test('schedules: default every five minutes, explicit cron, invalid ones fall back to +5 minutes', () => {
  assert.equal(nextSyncTime(undefined, t0).toISOString(), '2025-06-01T10:05:00.000Z');
  assert.equal(nextSyncTime('0 3 * * *', t0).toISOString(), '2025-06-02T03:00:00.000Z');
  assert.equal(nextSyncTime('not a cron', t0).toISOString(), '2025-06-01T10:06:30.000Z');
  assert.equal(validateSchedule('*/5 * * * *'), undefined);
  assert.match(validateSchedule('* * * *') ?? '', /expected 5 fields/);
  assert.match(validateSchedule('99 * * * *') ?? '', /invalid cron/);
});

test('durations in the API pattern', () => {
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('45s'), 45_000);
  assert.equal(parseDuration('5x'), undefined);
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(3_725_000), '1h2m5s');
  assert.equal(formatDuration(600_000), '10m');
});

test('sync retries: initial back-off, multiplied per failure, capped, counted down', () => {
  let prev;
  const seen: [string, number, boolean][] = [];
  for (let i = 0; i < 7; i++) {
    const r = nextRetry(prev, { initialBackoff: '1m', backoffMultiplier: 300, maxBackoff: '10m', maxRetries: 5 }, t0);
    seen.push([r.status.backoffDuration, r.status.retriesRemaining, r.retry]);
    prev = r.status;
  }
  assert.deepEqual(seen, [['1m', 5, true], ['3m', 4, true], ['9m', 3, true], ['10m', 2, true], ['10m', 1, true], ['10m', 0, false], ['10m', 0, false]]);
  const first = nextRetry(undefined, undefined, t0);
  assert.deepEqual(first.status, { backoffDuration: '5s', retriesRemaining: 5, nextRetryTime: '2025-06-01T10:01:35Z' });
});

test('ClusterMapping back-off: none, 1 s doubling with ±20 % jitter, 5 minute cap', () => {
  assert.equal(clusterMappingBackoff(0), 0);
  assert.equal(clusterMappingBackoff(1, () => 0), 800);
  assert.equal(clusterMappingBackoff(1, () => 1), 1200);
  assert.equal(clusterMappingBackoff(4, () => 0.5), 8000);
  assert.equal(clusterMappingBackoff(30, () => 0.5), 300_000);
});

test('resource types: defaults, wildcard, singular and short names in any case, unknown names apart', () => {
  assert.deepEqual(builtinTypes(undefined).resources.map((r) => r.plural), ['configmaps', 'secrets', 'deployments', 'services', 'ingresses', 'persistentvolumeclaims']);
  assert.deepEqual(builtinTypes(['*']).resources.length, 6);
  assert.deepEqual(builtinTypes(['ConfigMap', 'SVC', 'pvc', 'configmaps']).resources.map((r) => r.plural), ['configmaps', 'services', 'persistentvolumeclaims']);
  assert.deepEqual(builtinTypes(['secrets', 'statefulsets']).unknown, ['statefulsets']);
});

function deployment(replicas: number | undefined, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'a', uid: 'u', resourceVersion: '7', generation: 3, labels, ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'y' }], managedFields: [], finalizers: ['f'] }, spec: replicas === undefined ? {} : { replicas }, status: { readyReplicas: 1 } };
}

test('copies: server-owned metadata and status dropped, replicas per scale rules, content hash stable', () => {
  const opts = { destinationNamespace: 'b', mappingKey: 'ns/m', scaleToZero: true };
  const { object, originalReplicas } = toDestination(deployment(3), opts);
  assert.equal(originalReplicas, 3);
  assert.deepEqual(Object.keys(object.metadata).sort(), ['annotations', 'labels', 'name', 'namespace']);
  assert.equal(object.status, undefined);
  assert.equal((object.spec as { replicas: number }).replicas, 0);
  assert.equal((toDestination(deployment(3), { ...opts, scaleToZero: false }).object.spec as { replicas: number }).replicas, 3);
  assert.equal((toDestination(deployment(3, { 'dr-syncer.io/scale-override': '1' }), opts).object.spec as { replicas: number }).replicas, 1);
  assert.equal((toDestination(deployment(3, { 'dr-syncer.io/scale-override': 'lots' }), opts).object.spec as { replicas: number }).replicas, 0, 'unparsable override: scaled to zero');
  assert.equal(toDestination(deployment(undefined), opts).originalReplicas, 1, 'unset replicas default to one');
  const a = toDestination(deployment(3), opts).object;
  const reordered = { spec: a.spec, metadata: a.metadata, kind: a.kind, apiVersion: a.apiVersion } as KubeObject;
  assert.equal(contentHash(a), contentHash(reordered));
  assert.ok(coveredBy(a, { ...a, spec: { ...(a.spec as object), progressDeadlineSeconds: 600 } }), 'server defaults are not drift');
  assert.ok(!coveredBy(a, { ...a, spec: { replicas: 4 } }), 'a changed field is drift');
  assert.ok(isIgnored({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { annotations: { 'dr-syncer.io/ignore': 'true' } } }));
  assert.ok(!isIgnored({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { 'dr-syncer.io/ignore': 'false' } } }));
});

function nm(spec: Partial<NamespaceMapping['spec']>, status: NamespaceMapping['status'] = {}, annotations?: Record<string, string>): NamespaceMapping {
  return { apiVersion: 'dr-syncer.io/v1alpha1', kind: 'NamespaceMapping', metadata: { name: 'm', namespace: 'n', ...(annotations ? { annotations } : {}) }, spec: { sourceNamespace: 'a', ...spec }, status };
}

test('sync decisions per mode', () => {
  const future = '2025-06-01T10:05:00Z';
  const past = '2025-06-01T10:00:00Z';
  assert.deepEqual(decideSync(nm({}), t0), { action: 'sync', trigger: 'initial' });
  assert.deepEqual(decideSync(nm({}, { phase: 'Completed', nextSyncTime: future }), t0), { action: 'wait', requeueAfterMs: 210_000 });
  assert.deepEqual(decideSync(nm({}, { phase: 'Completed', nextSyncTime: past }), t0), { action: 'sync', trigger: 'schedule' });
  assert.deepEqual(decideSync(nm({}, { phase: 'Completed', nextSyncTime: future }, { 'dr-syncer.io/sync-now': '' }), t0), { action: 'sync', trigger: 'annotation' });
  assert.deepEqual(decideSync(nm({}, { phase: 'Failed', nextSyncTime: future, retryStatus: { backoffDuration: '5s', retriesRemaining: 4, nextRetryTime: past } }), t0), { action: 'sync', trigger: 'retry' });
  assert.deepEqual(decideSync(nm({ replicationMode: 'Manual' }), t0), { action: 'markPending' });
  assert.deepEqual(decideSync(nm({ replicationMode: 'Manual' }, { phase: 'Completed' }), t0), { action: 'wait' });
  assert.deepEqual(decideSync(nm({ replicationMode: 'Manual' }, { phase: 'Pending' }, { 'dr-syncer.io/trigger-sync': 'x' }), t0), { action: 'sync', trigger: 'annotation' });
  const continuous = nm({ replicationMode: 'Continuous', continuous: { backgroundSyncInterval: '10m' } }, { phase: 'Completed', lastSyncTime: past });
  assert.deepEqual(decideSync(continuous, t0), { action: 'wait', requeueAfterMs: 510_000 });
  assert.deepEqual(decideSync(continuous, t0, t0), { action: 'sync', trigger: 'watch' });
  assert.deepEqual(decideSync(continuous, new Date('2025-06-01T10:10:00Z')), { action: 'sync', trigger: 'background' });
});

/**
 * The sandbox operator's pure parts without a server: fork construction, route table rendering,
 * heartbeat classification, expiry and retry delays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import type { RouteGroup } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import type { Sandbox } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import { buildFork, deploymentAvailable, forkPorts, overrideEnv } from '../../controllers/sandbox/fork.ts';
import { evaluateHeartbeat, parseRfc3339 } from '../../controllers/sandbox/heartbeat.ts';
import { invalidForkName } from '../../controllers/sandbox/naming.ts';
import { buildRouteTable, inactiveReason, renderRouteTable } from '../../controllers/sandbox/route-table.ts';
import { expiresAt, MAX_RETRY_MS, MIN_RETRY_MS, retryDelay } from '../../controllers/sandbox/timing.ts';

const sb = (over: Partial<Sandbox> = {}): Sandbox => ({
  apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'Sandbox',
  metadata: { name: 's1', namespace: 'dev', uid: 'uid-1', creationTimestamp: '2026-01-01T00:00:00Z', generation: 1 },
  spec: { ttl: 300, services: [{ name: 'api', baseline: { name: 'api' } }] },
  ...over,
});

const baseline: V1Deployment = {
  metadata: { name: 'api', namespace: 'dev' },
  spec: {
    selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'track', operator: 'In', values: ['stable'] }] },
    template: {
      metadata: { labels: { app: 'api', track: 'stable', team: 'a', role: 'web' } },
      spec: { initContainers: [{ name: 'init', image: 'init:1' }], containers: [{ name: 'c', image: 'api:1', ports: [{ containerPort: 80 }, { containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] }] },
    },
  },
};

test('fork: selector and Service-selector labels are dropped, init containers keep their image', () => {
  const service: V1Service = { metadata: { name: 'api' }, spec: { selector: { role: 'web' }, ports: [{ port: 8080 }] } };
  const fork = buildFork(sb({ spec: { ttl: 300, services: [{ name: 'api', baseline: { name: 'api' }, image: 'api:2' }] } }), { name: 'api', baseline: { name: 'api' }, image: 'api:2' }, { deployment: baseline, service }, 'dev/api');
  const tpl = (fork.deployment.spec as { template: { metadata: { labels: Record<string, string> }; spec: { initContainers: { image: string }[]; containers: { image: string }[] } } }).template;
  assert.deepEqual(tpl.metadata.labels, { team: 'a', 'sandbox.tsop.dev/sandbox': 's1', 'sandbox.tsop.dev/service': 'api', 'sandbox.tsop.dev/routing-key': 'uid-1' });
  assert.equal(tpl.spec.initContainers[0]!.image, 'init:1');
  assert.equal(tpl.spec.containers[0]!.image, 'api:2');
  assert.deepEqual((fork.service!.spec as { ports: unknown[] }).ports, [{ port: 8080, protocol: 'TCP' }]);
  assert.equal((baseline.spec!.template.spec!.containers[0]!.image), 'api:1', 'baseline not mutated');
});

test('fork ports from containers are deduplicated by port and protocol', () => {
  assert.deepEqual(forkPorts({ deployment: baseline }), [
    { port: 80, targetPort: 80, protocol: 'TCP' },
    { port: 53, targetPort: 53, protocol: 'UDP' },
  ]);
  assert.equal(buildFork(sb(), { name: 'api', baseline: { name: 'api' } }, { deployment: { spec: { selector: {}, template: { spec: { containers: [{ name: 'c' }] } } } } }, 'dev/api').service, undefined);
});

test('env overrides replace in place (dropping valueFrom) and append the rest', () => {
  assert.deepEqual(overrideEnv([{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'B', value: '1' }], [{ name: 'A', value: 'x' }, { name: 'C', value: 'y' }]),
    [{ name: 'A', value: 'x' }, { name: 'B', value: '1' }, { name: 'C', value: 'y' }]);
  assert.equal(overrideEnv(undefined, []), undefined);
});

test('availability needs the current generation observed and every replica available', () => {
  const d = (gen: number, observed: number, available: number) => ({ metadata: { generation: gen }, spec: { replicas: 2 }, status: { observedGeneration: observed, availableReplicas: available, updatedReplicas: available } });
  assert.equal(deploymentAvailable(d(2, 2, 2)), true);
  assert.equal(deploymentAvailable(d(3, 2, 2)), false);
  assert.equal(deploymentAvailable(d(2, 2, 1)), false);
  assert.equal(deploymentAvailable(undefined), false);
});

test('fork names must be Service names', () => {
  assert.equal(invalidForkName('s1-api'), undefined);
  assert.match(invalidForkName('1-api')!, /not a valid Service name/);
  assert.match(invalidForkName(`s-${'a'.repeat(62)}`)!, /longer than 63/);
});

test('route table: deterministic text whatever the header order; reasons for inactive routes', () => {
  const ready = sb({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', reason: 'ServicesReady', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }], services: [{ name: 'api', ready: true, endpoint: 'e' }] } });
  const rg = (headers: Record<string, string>): RouteGroup => ({ apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'RouteGroup', metadata: { name: 'g', namespace: 'dev' }, spec: { routes: [{ routingKey: 'k', sandbox: 's1', headers }] } });
  const a = renderRouteTable(buildRouteTable(rg({ b: '2', a: '1' }), new Map([['s1', ready]])));
  const b = renderRouteTable(buildRouteTable(rg({ a: '1', b: '2' }), new Map([['s1', ready]])));
  assert.equal(a, b);
  assert.deepEqual(JSON.parse(a).routes[0].targets, [{ service: 'api', baseline: 'dev/api', host: 'e' }]);
  assert.equal(inactiveReason(undefined), 'SandboxNotFound');
  assert.equal(inactiveReason(sb({ status: { phase: 'Pending' } })), 'SandboxNotReady');
  assert.equal(inactiveReason({ ...ready, metadata: { ...ready.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }), 'SandboxTerminating');
  assert.equal(inactiveReason(ready), undefined);
});

test('heartbeats: strict RFC 3339, fresh until timeout, future stamps count as fresh', () => {
  const now = new Date('2026-01-01T00:01:00Z');
  assert.deepEqual(evaluateHeartbeat(undefined, 30, now), { kind: 'absent' });
  assert.equal(evaluateHeartbeat('Thu, 01 Jan 2026 00:00:00 GMT', 30, now).kind, 'invalid');
  assert.equal(evaluateHeartbeat('2026-01-01 00:00:45', 30, now).kind, 'invalid');
  assert.equal(parseRfc3339('2026-02-30T00:00:00Z'), undefined);
  assert.equal(parseRfc3339('2026-01-01T24:00:00Z'), undefined);
  assert.equal(parseRfc3339('2028-02-29t10:00:00.123-05:30')?.toISOString(), '2028-02-29T15:30:00.123Z');
  assert.deepEqual(evaluateHeartbeat('2026-01-01T00:00:45Z', 30, now), { kind: 'fresh', at: new Date('2026-01-01T00:00:45Z'), staleInMs: 15_000 });
  assert.equal(evaluateHeartbeat('2026-01-01T00:00:30Z', 30, now).kind, 'stale');
  assert.equal(evaluateHeartbeat('2026-01-01T01:00:30+01:00', 30, now).kind, 'stale');
  assert.deepEqual(evaluateHeartbeat('2026-01-01T00:02:00.500Z', 30, now), { kind: 'fresh', at: new Date('2026-01-01T00:02:00.500Z'), staleInMs: 90_500 });
});

test('expiry counts from creation; retries wait as long as the problem has lasted, within bounds', () => {
  assert.equal(expiresAt(sb())!.toISOString(), '2026-01-01T00:05:00.000Z');
  assert.equal(expiresAt(sb({ metadata: { name: 'x' } })), undefined);
  const now = new Date('2026-01-01T01:00:00Z');
  assert.equal(retryDelay(undefined, now), MIN_RETRY_MS);
  assert.equal(retryDelay('2026-01-01T00:59:56Z', now), 4000);
  assert.equal(retryDelay('2026-01-01T00:59:52Z', now), 8000);
  assert.equal(retryDelay('2025-12-31T00:00:00Z', now), MAX_RETRY_MS);
});

/**
 * Webhook benchmark: what admission and conversion webhooks add to requests on the local API
 * server. Writes LocustTests sequentially through the client, without webhooks, with the
 * validating webhook, with defaulting and validating webhooks, and through v1 (conversion to the
 * storage version plus a view for v1); reads a v1 view and lists 200 objects in v1. Prints medians
 * and p95, and the mean webhook round trip the API server measured.
 *
 *   node bench/webhooks.ts [--n 300]
 */
import { parseArgs } from 'node:util';
import { admissionCalls, conversionCalls } from '../apiserver/webhooks/index.ts';
import { CustomResourceDefinitions, Namespaces } from '../runtime/index.ts';
import { LocustTests } from '../controllers/locust/index.ts';
import {
  LocustTestsV1, MutatingWebhookConfigurations, ValidatingWebhookConfigurations, startWebhookEnv, v1Test, v2Test,
} from '../test/webhook/harness.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '300' } } });
const n = Number(values.n);

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms`;
}

async function timed(count: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

function callDelta<T extends { count: number; totalMs: number }>(counter: T, before: { count: number; totalMs: number }): string {
  const c = counter.count - before.count;
  return c ? `${c} calls, mean round trip ${((counter.totalMs - before.totalMs) / c).toFixed(2)} ms` : 'no calls';
}

const env = await startWebhookEnv();
const { admin } = env;
await admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
const mutating = await admin.get(MutatingWebhookConfigurations, { name: 'locust-defaults' });
const validating = await admin.get(ValidatingWebhookConfigurations, { name: 'validating-webhook-configuration' });
const crd = await admin.get(CustomResourceDefinitions, { name: 'locusttests.locust.io' });
const conversion = (crd.spec as { conversion: unknown }).conversion;

// Baseline: no webhooks, no conversion.
await admin.delete(MutatingWebhookConfigurations, { name: 'locust-defaults' });
await admin.delete(ValidatingWebhookConfigurations, { name: 'validating-webhook-configuration' });
await admin.patch(CustomResourceDefinitions, { name: 'locusttests.locust.io' }, { spec: { conversion: { strategy: 'None' } } }, { type: 'merge' });
await timed(50, (i) => admin.create(LocustTests, v2Test(`warm-${i}`, 'bench')));
const base = await timed(n, (i) => admin.create(LocustTests, v2Test(`base-${i}`, 'bench')));
console.log(`create v2, no webhooks:              ${stats(base)}`);

let a0 = { ...admissionCalls };
await admin.create(ValidatingWebhookConfigurations, { ...validating, metadata: { name: validating.metadata.name } });
const validated = await timed(n, (i) => admin.create(LocustTests, v2Test(`val-${i}`, 'bench')));
console.log(`create v2, validating webhook:       ${stats(validated)}  (${callDelta(admissionCalls, a0)})`);

a0 = { ...admissionCalls };
await admin.create(MutatingWebhookConfigurations, { ...mutating, metadata: { name: mutating.metadata.name } });
const both = await timed(n, (i) => admin.create(LocustTests, v2Test(`both-${i}`, 'bench')));
console.log(`create v2, defaulting + validating:  ${stats(both)}  (${callDelta(admissionCalls, a0)})`);

await admin.patch(CustomResourceDefinitions, { name: 'locusttests.locust.io' }, { spec: { conversion } }, { type: 'merge' });
await admin.delete(MutatingWebhookConfigurations, { name: 'locust-defaults' });
await admin.delete(ValidatingWebhookConfigurations, { name: 'validating-webhook-configuration' });
let c0 = { ...conversionCalls };
const v2conv = await timed(n, (i) => admin.create(LocustTests, v2Test(`v2c-${i}`, 'bench')));
console.log(`create v2, conversion webhook (view):${stats(v2conv)}  (${callDelta(conversionCalls, c0)})`);
c0 = { ...conversionCalls };
const v1conv = await timed(n, (i) => admin.create(LocustTestsV1, v1Test(`v1c-${i}`, 'bench')));
console.log(`create v1, conversion webhook:       ${stats(v1conv)}  (${callDelta(conversionCalls, c0)})`);
const reads = await timed(n, (i) => admin.get(LocustTestsV1, { namespace: 'bench', name: `v2c-${i}` }));
console.log(`get in v1 (converted view cached):   ${stats(reads)}`);
const readsV2 = await timed(n, (i) => admin.get(LocustTests, { namespace: 'bench', name: `v2c-${i}` }));
console.log(`get in v2 (storage version):         ${stats(readsV2)}`);
await env.stop();

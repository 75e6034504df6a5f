import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findStatusCondition } from 'tsop';
import type { {{kind}} } from '../apis/{{group}}/{{version}}/{{kindLower}}_types.ts';
import { {{kind}}Resource } from '../generated/clients/index.ts';
import { eventually, startTestEnv, type TestEnv } from './env.ts';

let env: TestEnv;
before(async () => {
  env = await startTestEnv();
  env.startManager();
});
after(async () => { await env.stop(); });

test('a {{kind}} becomes Available for its current generation', async () => {
  const created = await env.client.create({{kind}}Resource, {
    apiVersion: '{{fullGroup}}/{{version}}',
    kind: '{{kind}}',
    metadata: { name: 'first'{{testNamespace}} },
    spec: { foo: 'bar' },
  } satisfies {{kind}});
  const key = { name: 'first'{{testNamespace}} };
  await eventually(async () => {
    const got = await env.client.get({{kind}}Resource, key);
    return findStatusCondition(got.status?.conditions, 'Available')?.status === 'True'
      && got.status?.observedGeneration === created.metadata?.generation;
  }, '{{kind}} Available');

  const updated = await env.client.patch({{kind}}Resource, key, { spec: { foo: 'baz' } }, { type: 'merge' });
  assert.ok((updated.metadata?.generation ?? 0) > (created.metadata?.generation ?? 0));
  await eventually(async () => (await env.client.get({{kind}}Resource, key)).status?.observedGeneration === updated.metadata?.generation, 'status for the new generation');
});

test('the API server enforces the {{kind}} schema', async () => {
  await assert.rejects(
    env.client.create({{kind}}Resource, {
      apiVersion: '{{fullGroup}}/{{version}}', kind: '{{kind}}',
      metadata: { name: 'too-long'{{testNamespace}} }, spec: { foo: 'x'.repeat(300) },
    }),
    (err: Error) => /spec\.foo/.test(err.message),
  );
});

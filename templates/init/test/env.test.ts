import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Namespaces } from 'tsop';
import { startTestEnv, type TestEnv } from './env.ts';

let env: TestEnv;
before(async () => { env = await startTestEnv(); });
after(async () => { await env.stop(); });

test('the local API server serves the project and the manager starts', async () => {
  const ns = await env.client.get(Namespaces, { name: 'default' });
  assert.equal(ns.metadata.name, 'default');
  const mgr = env.startManager();
  assert.ok(mgr.client);
});

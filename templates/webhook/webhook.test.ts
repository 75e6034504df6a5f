import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Manager } from 'tsop';
import type { {{kind}} } from '../apis/{{group}}/{{version}}/{{kindLower}}_types.ts';
import { {{kind}}Resource } from '../generated/clients/index.ts';
import { installWebhooks, startTestEnv, type TestEnv } from './env.ts';

// The local API server calls the manager's webhook server, as a cluster would.
let env: TestEnv;
let mgr: Manager;
before(async () => {
  env = await startTestEnv();
  mgr = env.startManager();
  await installWebhooks(env, mgr);
});
after(async () => { await env.stop(); });

const {{kindLower}} = (name: string, spec: {{kind}}['spec']): {{kind}} => ({
  apiVersion: '{{fullGroup}}/{{version}}', kind: '{{kind}}', metadata: { name{{testNamespace}} }, spec,
});

/**
 * Admission webhooks end to end: the local API server calls the manager's webhook server over
 * TLS for LocustTests; defaults are patched in, refusals come back in Kubernetes' words through
 * the client and through kubectl 1.32, and failure policies decide about webhooks that are down.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { ConfigMaps, Namespaces, StatusError, type KubeObject } from '../../runtime/index.ts';
import { LocustTests } from '../../controllers/locust/index.ts';
import { Kubectl, pinnedKubectl } from '../apiserver/kubectl-helpers.ts';
import {
  DEFAULTED_LABEL, LocustTestsV1, ValidatingWebhookConfigurations, deadPort, startWebhookEnv, v1Test, v2Test, type WebhookEnv,
} from './harness.ts';

let env: WebhookEnv;
const ns = 'load';

before(async () => {
  env = await startWebhookEnv();
  await env.admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
});
after(async () => { await env?.stop(); });

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  assert.fail('the request was admitted');
}

test('a defaulting webhook patches the object on create, in the stored and the returned object', async () => {
  const created = await env.admin.create(LocustTests, v2Test('defaulted', ns));
  assert.equal(created.metadata?.labels?.[DEFAULTED_LABEL], 'true');
  assert.deepEqual(created.spec?.master.extraArgs, ['--headless']);
  const read = await env.admin.get(LocustTests, { namespace: ns, name: 'defaulted' });
  assert.deepEqual(read.spec?.master.extraArgs, ['--headless']);
  // The CRD schema still applies to what the webhook produced (defaults included).
  assert.equal(read.spec?.imagePullPolicy, 'IfNotPresent');
});

test('objectSelector: objects the selector excludes are not sent to the webhook', async () => {
  const lt = v2Test('undefaulted', ns);
  lt.metadata!.labels = { 'webhook.tsop.dev/skip-defaults': 'yes' };
  const created = await env.admin.create(LocustTests, lt);
  assert.equal(created.metadata?.labels?.[DEFAULTED_LABEL], undefined);
  assert.equal(created.spec?.master.extraArgs, undefined);
});

test('matchPolicy Equivalent: a v1 create reaches the v2 webhooks through conversion', async () => {
  const created = await env.admin.create(LocustTestsV1, v1Test('legacy-defaulted', ns));
  assert.equal(created.metadata.labels?.[DEFAULTED_LABEL], 'true');
  const v2 = await env.admin.get(LocustTests, { namespace: ns, name: 'legacy-defaulted' });
  assert.equal(v2.metadata?.labels?.[DEFAULTED_LABEL], 'true');
  // The patched object goes back to v1 before storage: what v1 cannot hold is lost, as in Kubernetes.
  assert.equal(v2.spec?.master.extraArgs, undefined);
});

test('a validating webhook refuses with its message, as Kubernetes words it', async () => {
  const bad = v2Test('otel', ns, { observability: { openTelemetry: { enabled: true } } });
  const err = await rejection(env.admin.create(LocustTests, bad));
  assert.equal(err.code, 403);
  assert.equal(err.message, 'admission webhook "vlocusttest-v2.kb.io" denied the request: observability.openTelemetry.endpoint is required when OpenTelemetry is enabled');
  const mounts = v2Test('mounts', ns, { env: { secretMounts: [{ name: 'creds', mountPath: '/lotest/src/creds' }] } });
  assert.match((await rejection(env.admin.create(LocustTests, mounts))).message, /secretMount path "\/lotest\/src\/creds" conflicts with reserved path "\/lotest\/src"/);
  const volumes = v2Test('vols', ns, { volumes: [{ name: 'vols-master', emptyDir: {} }] });
  assert.match((await rejection(env.admin.create(LocustTests, volumes))).message, /volume name "vols-master" conflicts with operator-generated name/);
  assert.equal(await env.admin.list(LocustTests, { namespace: ns }).then((l) => l.items.some((i) => i.metadata?.name === 'otel')), false);
});

test('validation on update: an allowed object cannot be changed into a refused one', async () => {
  const lt = await env.admin.create(LocustTests, v2Test('later', ns));
  lt.spec!.volumes = [{ name: 'locust-lib', emptyDir: {} }];
  const err = await rejection(env.admin.update(LocustTests, lt));
  assert.match(err.message, /^admission webhook "vlocusttest-v2.kb.io" denied the request: volume name "locust-lib" is reserved by the operator$/);
  const unchanged = await env.admin.get(LocustTests, { namespace: ns, name: 'later' });
  assert.equal(unchanged.spec?.volumes, undefined);
});

test('kubectl 1.32 shows the refusal', { skip: !pinnedKubectl('1.32') && 'kubectl.1.32 is not installed' }, async () => {
  const kubectl = new Kubectl(pinnedKubectl('1.32')!, env.api.kubeconfigPath);
  const file = join(kubectl.home, 'otel.yaml');
  writeFileSync(file, stringify(v2Test('kubectl-otel', ns, { observability: { openTelemetry: { enabled: true } } })));
  const res = await kubectl.run(['apply', '-f', file]);
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /Error from server \(Forbidden\): error when creating ".*otel\.yaml": admission webhook "vlocusttest-v2\.kb\.io" denied the request: observability\.openTelemetry\.endpoint is required when OpenTelemetry is enabled/);
  writeFileSync(file, stringify(v2Test('kubectl-otel', ns, { observability: { openTelemetry: { enabled: true, endpoint: 'otel:4317' } } })));
  const ok = await kubectl.run(['apply', '-f', file]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /locusttest\.locust\.io\/kubectl-otel created/);
});

test('dry run: side-effect-free webhooks are called; webhooks declaring side effects cannot be configured', async () => {
  const err = await rejection(env.admin.create(LocustTests, v2Test('dry-otel', ns, { observability: { openTelemetry: { enabled: true } } }), { dryRun: true }));
  assert.match(err.message, /denied the request: observability/);
  const refused = await rejection(env.admin.create(ValidatingWebhookConfigurations, configFor('side-effects', 'Fail', await deadPort(), 'Unknown', 'side-effects.example.com')));
  assert.equal(refused.code, 422);
  assert.equal(refused.message, 'ValidatingWebhookConfiguration.admissionregistration.k8s.io "side-effects" is invalid: webhooks[0].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"');
  // Nothing was configured: a dry run of a guarded object is admitted without any call.
  const dry = await env.admin.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry', namespace: ns, labels: { guarded: 'side-effects.example.com' } } }, { dryRun: true });
  assert.equal(dry.metadata.name, 'dry');
});

function configFor(name: string, failurePolicy: 'Fail' | 'Ignore', port: number, sideEffects = 'None', hook = `${name}.example.com`): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name },
    webhooks: [{
      name: hook, admissionReviewVersions: ['v1'], sideEffects, failurePolicy, timeoutSeconds: 2,
      clientConfig: { url: `https://127.0.0.1:${port}/validate`, caBundle: env.caBundle },
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'], scope: 'Namespaced' }],
      objectSelector: { matchLabels: { guarded: hook } },
    }],
  };
}

test('failurePolicy with the webhook down: Fail refuses the request, Ignore lets it through', async () => {
  const port = await deadPort();
  await env.admin.create(ValidatingWebhookConfigurations, configFor('down-fail', 'Fail', port));
  await env.admin.create(ValidatingWebhookConfigurations, configFor('down-ignore', 'Ignore', port));
  const cm = (name: string, hook: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels: { guarded: hook } } });
  const err = await rejection(env.admin.create(ConfigMaps, cm('refused', 'down-fail.example.com')));
  assert.equal(err.code, 500);
  assert.equal(err.message, `Internal error occurred: failed calling webhook "down-fail.example.com": failed to call webhook: Post "https://127.0.0.1:${port}/validate?timeout=2s": dial tcp 127.0.0.1:${port}: connect: connection refused`);
  const admitted = await env.admin.create(ConfigMaps, cm('admitted', 'down-ignore.example.com'));
  assert.equal(admitted.metadata.name, 'admitted');
  // Unselected objects never reach either webhook.
  await env.admin.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: ns } });
});

test('a webhook whose certificate the caBundle does not vouch for is a failed call', async () => {
  const config = configFor('wrong-ca', 'Fail', env.mgr.webhookServer.port!);
  const w = (config.webhooks as { clientConfig: { caBundle?: string } }[])[0]!;
  delete w.clientConfig.caBundle;
  await env.admin.create(ValidatingWebhookConfigurations, config);
  const err = await rejection(env.admin.create(ConfigMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'untrusted', namespace: ns, labels: { guarded: 'wrong-ca.example.com' } } }));
  assert.match(err.message, /failed calling webhook "wrong-ca\.example\.com": failed to call webhook: Post ".*": tls: failed to verify certificate: x509: certificate signed by unknown authority/);
  await env.admin.delete(ValidatingWebhookConfigurations, { name: 'wrong-ca' });
});

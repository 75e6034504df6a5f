/**
 * `tsop dev` as a user runs it: a child process with its own state directory, kubectl (the pinned
 * 1.32 binary) applying the LocustTest samples, the operator creating the children, and a clean
 * exit on SIGTERM. A second start on the same directory keeps the state.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { killChildren, root, spawnTsop, until, within } from './spawn.ts';

const kubectl = join(dirname(realpathSync('/usr/bin/kubectl')), 'kubectl.1.32');
const dir = mkdtempSync(join(tmpdir(), 'tsop-dev-'));
const kubeconfig = join(dir, 'kubeconfig');
const run = promisify(execFile);

after(() => {
  killChildren();
  rmSync(dir, { recursive: true, force: true });
});

const startDev = () => spawnTsop('dev', '--port', '0', '--dir', dir);
const k = async (...args: string[]) => (await run(kubectl, args, { env: { ...process.env, KUBECONFIG: kubeconfig } })).stdout;

test('tsop dev: kubectl applies the samples, the operator creates the children, SIGTERM exits 0', async () => {
  const dev = startDev();
  await until('the banner', () => (dev.out().includes('export KUBECONFIG=') ? true : undefined), dev.out);
  assert.ok(existsSync(kubeconfig));
  assert.match(dev.out(), /locusttests\.locust\.io/);
  assert.match(readFileSync(kubeconfig, 'utf8'), /server: https:\/\/127\.0\.0\.1:\d+/);

  assert.match(await k('apply', '-f', join(root, 'samples/locust/')), /locusttest\.locust\.io\/demo created/);
  const names = await until('the children', async () => {
    const text = await k('get', 'jobs,services', '-o', 'name');
    return text.includes('job.batch/demo-worker') && text.includes('job.batch/demo-master') && text.includes('service/demo-master') ? text : undefined;
  }, dev.out);
  assert.match(names, /job\.batch\/demo-master/);
  const job = JSON.parse(await k('get', 'job', 'demo-worker', '-o', 'json'));
  assert.equal(job.spec.parallelism, 3);
  assert.equal(job.metadata.ownerReferences[0].kind, 'LocustTest');
  const table = await k('get', 'locusttests');
  assert.match(table, /^NAME\s+PHASE\s+WORKERS\s+CONNECTED\s+AGE/m);
  assert.match(table, /^demo\s+Pending\s+3\s+0\s+/m);

  dev.child.kill('SIGTERM');
  assert.equal(await within(dev.exited, 30_000), 0, dev.out());

  // State survives a restart; the operator picks the existing test up without duplicating anything.
  const again = startDev();
  await until('the second banner', () => (again.out().includes('export KUBECONFIG=') ? true : undefined), again.out);
  assert.match(await k('get', 'locusttest', 'demo', '-o', 'name'), /locusttest\.locust\.io\/demo/);
  assert.equal((await k('get', 'jobs', '-o', 'name')).trim().split('\n').length, 2);
  again.child.kill('SIGINT');
  assert.equal(await within(again.exited, 30_000), 0, again.out());
});

test('tsop dev serves the LocustTest webhooks: kubectl 1.32 writes a v1 test, it reads back as v2; invalid tests are refused', async () => {
  // A restart on kept state: the CRD and the admission configuration follow the new webhook address.
  const dev = startDev();
  await until('the banner', () => (dev.out().includes('export KUBECONFIG=') ? true : undefined), dev.out);
  const served = /webhooks served at (https:\/\/127\.0\.0\.1:\d+): conversion of locusttests\.locust\.io, vlocusttest-v2\.kb\.io/.exec(dev.out());
  assert.ok(served, dev.out());
  const crd = JSON.parse(await k('get', 'crd', 'locusttests.locust.io', '-o', 'json'));
  assert.equal(crd.spec.conversion.strategy, 'Webhook');
  assert.equal(crd.spec.conversion.webhook.clientConfig.url, `${served[1]}/convert`);
  const vwc = JSON.parse(await k('get', 'validatingwebhookconfiguration', 'validating-webhook-configuration', '-o', 'json'));
  assert.deepEqual(vwc.webhooks.map((w: { name: string; clientConfig: { url: string } }) => [w.name, w.clientConfig.url]), [['vlocusttest-v2.kb.io', `${served[1]}/validate-locust-io-v2-locusttest`]]);

  const v1 = join(dir, 'legacy.yaml');
  writeFileSync(v1, [
    'apiVersion: locust.io/v1', 'kind: LocustTest', 'metadata:', '  name: legacy', '  namespace: default', 'spec:',
    '  image: locustio/locust:2.32.0', '  masterCommandSeed: "--locustfile /lotest/src/locustfile.py --users 10"',
    '  workerCommandSeed: "--locustfile /lotest/src/locustfile.py"', '  workerReplicas: 2', '  configMap: demo-locustfile',
    '  labels:', '    worker:', '      team: perf', '',
  ].join('\n'));
  assert.match(await k('apply', '-f', v1), /locusttest\.locust\.io\/legacy created/);
  const v2 = JSON.parse(await k('get', 'locusttests.v2.locust.io', 'legacy', '-o', 'json'));
  assert.equal(v2.apiVersion, 'locust.io/v2');
  assert.equal(v2.spec.master.command, '--locustfile /lotest/src/locustfile.py --users 10');
  assert.equal(v2.spec.master.autostart, true);
  assert.deepEqual(v2.spec.master.autoquit, { enabled: true, timeout: 60 });
  assert.equal(v2.spec.worker.replicas, 2);
  assert.deepEqual(v2.spec.worker.labels, { team: 'perf' });
  assert.equal(v2.spec.testFiles.configMapRef, 'demo-locustfile');
  assert.equal(v2.spec.masterCommandSeed, undefined);
  const back = JSON.parse(await k('get', 'locusttests.v1.locust.io', 'legacy', '-o', 'json'));
  assert.equal(back.spec.masterCommandSeed, '--locustfile /lotest/src/locustfile.py --users 10');
  assert.equal(back.spec.workerReplicas, 2);
  // The operator reconciles the converted test like any v2 one.
  const worker = await until('the converted test\'s worker Job', async () => {
    try {
      return JSON.parse(await k('get', 'job', 'legacy-worker', '-o', 'json'));
    } catch {
      return undefined;
    }
  }, dev.out);
  assert.equal(worker.spec.parallelism, 2);

  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, [
    'apiVersion: locust.io/v2', 'kind: LocustTest', 'metadata:', '  name: bad', '  namespace: default', 'spec:',
    '  image: locustio/locust:2.32.0', '  master:', '    command: "--locustfile /lotest/src/locustfile.py"',
    '  worker:', '    command: "--locustfile /lotest/src/locustfile.py"', '    replicas: 1',
    '  volumes:', '    - name: secret-data', '      emptyDir: {}', '',
  ].join('\n'));
  await assert.rejects(k('apply', '-f', bad), (err: Error & { stderr?: string }) => {
    assert.match(err.stderr ?? '', /admission webhook "vlocusttest-v2\.kb\.io" denied the request: .*volume name "secret-data" uses reserved prefix "secret-"/);
    return true;
  });
  dev.child.kill('SIGTERM');
  assert.equal(await within(dev.exited, 30_000), 0, dev.out());
});

test('tsop dev with operators that have no webhooks removes the admission configuration a previous start left', async () => {
  const dev = spawnTsop('dev', '--port', '0', '--dir', dir, '--operators', 'sandbox');
  await until('the banner', () => (dev.out().includes('export KUBECONFIG=') ? true : undefined), dev.out);
  assert.doesNotMatch(dev.out(), /webhooks served at/);
  await assert.rejects(k('get', 'validatingwebhookconfiguration', 'validating-webhook-configuration'), (err: Error & { stderr?: string }) => {
    assert.match(err.stderr ?? '', /NotFound/);
    return true;
  });
  dev.child.kill('SIGTERM');
  assert.equal(await within(dev.exited, 30_000), 0, dev.out());
});

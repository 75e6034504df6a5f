import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { installCrd, raw } from './helpers.ts';

const cm = (name: string, v = '1') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } });

describe('persistence with --data-dir', () => {
  it('keeps every acknowledged object across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tsop-data-'));
    let api = await startApiServer({ dataDir });
    await installCrd(api, 'widgets-crd.yaml');
    for (let i = 0; i < 20; i++) assert.equal((await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', cm(`c${i}`))).status, 201);
    assert.equal((await raw(api, 'PUT', '/api/v1/namespaces/default/configmaps/c1', cm('c1', '2'))).status, 200);
    assert.equal((await raw(api, 'DELETE', '/api/v1/namespaces/default/configmaps/c2')).status, 200);
    const w = await raw(api, 'POST', '/apis/test.tsop.dev/v1/namespaces/default/widgets', { apiVersion: 'test.tsop.dev/v1', kind: 'Widget', metadata: { name: 'kept' }, spec: { color: 'red' } });
    assert.equal(w.status, 201);
    const listBefore = (await raw(api, 'GET', '/api/v1/namespaces/default/configmaps')).json;
    const oldToken = api.adminToken;
    await api.stop();

    api = await startApiServer({ dataDir });
    try {
      assert.equal(api.adminToken, oldToken, 'credentials survive so old kubeconfigs keep working');
      const list = (await raw(api, 'GET', '/api/v1/namespaces/default/configmaps')).json;
      assert.deepEqual(list.items.map((i: any) => i.metadata.name).sort(), listBefore.items.map((i: any) => i.metadata.name).sort());
      // Ours, and the namespace's root CA ConfigMap.
      assert.equal(list.items.length, 20);
      assert.equal(list.items.find((i: any) => i.metadata.name === 'c1').data.v, '2');
      const widget = await raw(api, 'GET', '/apis/test.tsop.dev/v1/namespaces/default/widgets/kept');
      assert.equal(widget.status, 200, 'the CRD and its resources are served again');
      assert.equal(widget.json.metadata.uid, w.json.metadata.uid);
      const created = await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', cm('after'));
      assert.ok(Number(created.json.metadata.resourceVersion) > Number(listBefore.metadata.resourceVersion), 'resourceVersion keeps increasing');
    } finally {
      await api.stop();
    }
  });

  it('compacts the log into a snapshot and ignores a torn last record', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tsop-data-'));
    let api = await startApiServer({ dataDir, tuning: { compactBytes: 8 * 1024 } });
    let firstRv = 0;
    for (let i = 0; i < 60; i++) {
      const res = await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', cm(`k${i}`, 'x'.repeat(200)));
      assert.equal(res.status, 201);
      firstRv ||= Number(res.json.metadata.resourceVersion);
    }
    for (let i = 0; i < 60; i += 2) assert.equal((await raw(api, 'DELETE', `/api/v1/namespaces/default/configmaps/k${i}`)).status, 200);
    await api.stop();
    assert.ok(existsSync(join(dataDir, 'snapshot.json')), 'a snapshot was written');
    // The log compacts once it outgrows both the limit and twice the snapshot (the namespaces'
    // root CA ConfigMaps make the snapshot count here); what it kept starts after the first create.
    const log = readFileSync(join(dataDir, 'wal.log'), 'utf8');
    assert.ok(log.length <= Math.max(8 * 1024, 2 * statSync(join(dataDir, 'snapshot.json')).size), 'the log was truncated after the snapshot');
    assert.ok(log === '' || (JSON.parse(log.slice(0, log.indexOf('\n'))) as { rv: number }).rv > firstRv, 'the log no longer holds the first writes');
    appendFileSync(join(dataDir, 'wal.log'), '{"rv":99999,"resource":"/configmaps","key":"default/torn","obj');
    api = await startApiServer({ dataDir });
    try {
      const list = (await raw(api, 'GET', '/api/v1/namespaces/default/configmaps')).json;
      assert.deepEqual(list.items.map((i: any) => i.metadata.name).sort(), [...Array.from({ length: 30 }, (_, i) => `k${2 * i + 1}`), 'kube-root-ca.crt'].sort());
      assert.equal((await raw(api, 'POST', '/api/v1/namespaces/default/configmaps', cm('after-torn'))).status, 201);
    } finally {
      await api.stop();
    }
    api = await startApiServer({ dataDir });
    try {
      assert.equal((await raw(api, 'GET', '/api/v1/namespaces/default/configmaps/after-torn')).status, 200, 'writes after a torn tail are kept');
    } finally {
      await api.stop();
    }
  });

  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tsop-data-'));
    const kubeconfigPath = join(dataDir, 'kubeconfig');
    const main = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
    const startChild = async (): Promise<{ child: ChildProcess; api: RunningApiServer }> => {
      const child = spawn(process.execPath, [main, 'apiserver', '--data-dir', dataDir, '--kubeconfig', kubeconfigPath], { stdio: ['ignore', 'pipe', 'inherit'] });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (\S+),/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`apiserver exited ${code}`)));
      });
      const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
      const api = {
        url, kubeconfigPath, kubeconfig: '', adminToken: kc.users[0].user.token,
        caPem: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), stop: async () => {},
      };
      return { child, api };
    };
    const first = await startChild();
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `burst-${w}-${i}`;
        try {
          const r = await raw(first.api, 'POST', '/api/v1/namespaces/default/configmaps', cm(name));
          if (r.status === 201) acknowledged.push(name);
        } catch {
          return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    await new Promise((r) => setTimeout(r, 700));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    assert.ok(acknowledged.length > 20, `a burst happened (${acknowledged.length} writes)`);

    const second = await startChild();
    try {
      const list = await raw(second.api, 'GET', '/api/v1/namespaces/default/configmaps');
      const names = new Set(list.json.items.map((i: any) => i.metadata.name));
      const lost = acknowledged.filter((n) => !names.has(n));
      assert.deepEqual(lost, [], 'every acknowledged create survived');
      console.log(`# ${acknowledged.length} acknowledged writes before SIGKILL, ${names.size} recovered`);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});

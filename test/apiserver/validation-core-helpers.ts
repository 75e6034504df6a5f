/**
 * The suite setup the core-kind validation tests share: one server and namespace per suite, and
 * assertions that a write is accepted or refused with exactly Kubernetes' causes and message.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import type { Cause, Obj } from './validation-helpers.ts';

/** A Service with the given spec. */
export const svc = (name: string, spec: Obj, metadata: Obj = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...metadata }, spec });

/** Starts a server with namespace `ns` for the enclosing suite (call inside `describe`). */
export function coreSuite(ns: string) {
  let api: RunningApiServer | undefined;
  const path = (plural: string, group = '') => (group ? `/apis/${group}/namespaces/${ns}/${plural}` : `/api/v1/namespaces/${ns}/${plural}`);
  const suite = {
    get api(): RunningApiServer { return api!; },
    path,
    async created(plural: string, body: Obj, group = ''): Promise<Obj> {
      const res = await raw(api!, 'POST', path(plural, group), body);
      assert.equal(res.status, 201, res.text);
      return res.json;
    },
    /** The write is refused with exactly these causes, and the message Kubernetes builds from them (each text once). */
    async refused(res: { status: number; text: string; json: Obj }, kind: string, name: string, causes: Cause[]): Promise<Obj> {
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(res.json.details.causes.map((c: Obj) => [c.reason, c.field, c.message]), causes);
      const texts = [...new Set(causes.map(([, f, m]) => `${f}: ${m}`))];
      assert.equal(res.json.message, `${kind} "${name}" is invalid: ${texts.length > 1 ? `[${texts.join(', ')}]` : texts[0]}`);
      return res.json;
    },
    async refusedCreate(plural: string, body: Obj, kind: string, causes: Cause[], group = ''): Promise<Obj> {
      return suite.refused(await raw(api!, 'POST', path(plural, group), body), kind, body.metadata.name, causes);
    },
  };
  before(async () => {
    api = await startApiServer();
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })).status, 201);
  });
  after(async () => { await api?.stop(); });
  return suite;
}

/** Shared pieces of the policy-kind validation tests: Kubernetes' long messages and 422 checks. */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

/** A JSON object as the tests read responses. */
export type Obj = Record<string, any>;
/** One StatusCause as [reason, field, message]. */
export type Cause = [reason: string, field: string, message: string];

/** IsDNS1123Subdomain's pattern message. */
export const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/** IsValidLabelValue's pattern message. */
export const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
/** IsQualifiedName's name-part pattern message. */
export const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** The causes of a Status as [reason, field, message] rows. */
export function causesOf(status: Obj): Cause[] {
  return status.details.causes.map((c: Obj) => [c.reason, c.field, c.message]);
}

/**
 * Starts one server for the enclosing suite (with namespace `ns`) and returns create helpers
 * against it: accepted (201) and refused (422 with exactly these causes, in this order).
 */
export function policySuite(ns: string) {
  let server: RunningApiServer | undefined;
  const api = (): RunningApiServer => server!;
  before(async () => {
    server = await startApiServer();
    const res = await raw(server, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
    assert.equal(res.status, 201, res.text);
  });
  after(async () => { await server?.stop(); });
  return {
    api,
    async accepted(path: string, body: Obj): Promise<Obj> {
      const res = await raw(api(), 'POST', path, body);
      assert.equal(res.status, 201, res.text);
      return res.json;
    },
    async refused(path: string, body: Obj, causes: Cause[]): Promise<Obj> {
      const res = await raw(api(), 'POST', path, body);
      assert.equal(res.status, 422, res.text);
      assert.equal(res.json.reason, 'Invalid');
      assert.deepEqual(causesOf(res.json), causes);
      return res.json;
    },
  };
}

/** Shared pieces of the policy-kind validation tests: one server per suite and creates checked by their causes. */
import assert from 'node:assert/strict';
import { causesOf, createAccepted, createRefused, serverPerSuite, type Cause, type Obj } from './validation-helpers.ts';

export { causesOf, LABEL_VALUE, NAME_PART, SUBDOMAIN, type Cause, type Obj } from './validation-helpers.ts';

/**
 * Starts one server for the enclosing suite (with namespace `ns`) and returns create helpers
 * against it: accepted (201) and refused (422 with exactly these causes, in this order).
 */
export function policySuite(ns: string) {
  const api = serverPerSuite(ns);
  return {
    api,
    accepted: (path: string, body: Obj): Promise<Obj> => createAccepted(api(), path, body),
    async refused(path: string, body: Obj, causes: Cause[]): Promise<Obj> {
      const status = await createRefused(api(), path, body);
      assert.deepEqual(causesOf(status), causes);
      return status;
    },
  };
}

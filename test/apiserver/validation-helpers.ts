/**
 * What every built-in validation test needs: Kubernetes' long format messages, one server per
 * suite with a namespace to write in, creates that must succeed or be refused, and the checks of
 * a 422's causes (as `field: message` lines or as [reason, field, message] rows).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

/** A decoded JSON object as the tests read responses. */
export type Obj = Record<string, any>;
/** One StatusCause as [reason, field, message]. */
export type Cause = [reason: string, field: string, message: string];

/** IsDNS1123Label's pattern message. */
export const DNS_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
/** IsDNS1123Subdomain's pattern message. */
export const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/** IsQualifiedName's name-part pattern message. */
export const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
/** IsValidLabelValue's pattern message. */
export const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
/** IsValidPortNum's message. */
export const PORT_RANGE = 'must be between 1 and 65535, inclusive';

/** The cause reason each error text starts with, as field.Error renders them. */
const REASONS: [string, string][] = [
  ['Invalid value', 'FieldValueInvalid'], ['Required value', 'FieldValueRequired'], ['Unsupported value', 'FieldValueNotSupported'],
  ['Forbidden', 'FieldValueForbidden'], ['Duplicate value', 'FieldValueDuplicate'], ['Not found', 'FieldValueNotFound'],
  ['Too many', 'FieldValueTooMany'], ['Too long', 'FieldValueTooLong'],
];

/** A 422 Invalid Status whose causes read exactly `field: message`, each with the reason its message names. */
export function assertCauses(status: Obj, expected: string[]): void {
  assert.equal(status.reason, 'Invalid');
  const causes: Obj[] = status.details.causes;
  assert.deepEqual(causes.map((c) => `${c.field}: ${c.message}`), expected);
  for (const c of causes) assert.equal(c.reason, REASONS.find(([prefix]) => c.message.startsWith(prefix))?.[1], c.message);
}

/** The causes of a Status as [reason, field, message] rows. */
export function causesOf(status: Obj): Cause[] {
  return status.details.causes.map((c: Obj) => [c.reason, c.field, c.message]);
}

/** Starts a server and creates namespace `ns` in it. */
export async function startWithNamespace(ns: string): Promise<RunningApiServer> {
  const api = await startApiServer();
  const res = await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
  assert.equal(res.status, 201, res.text);
  return api;
}

/**
 * One server (with namespace `ns`) for the enclosing suite, started before its tests and stopped
 * after them; the returned function gives it to the tests.
 */
export function serverPerSuite(ns: string): () => RunningApiServer {
  let server: RunningApiServer | undefined;
  before(async () => { server = await startWithNamespace(ns); });
  after(async () => { await server?.stop(); });
  return () => server!;
}

/** POSTs `body` to `path` and expects it created; returns the stored object. */
export async function createAccepted(api: RunningApiServer, path: string, body: Obj): Promise<Obj> {
  const res = await raw(api, 'POST', path, body);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** POSTs `body` to `path` and expects a 422 Invalid; returns the Status for its causes to be checked. */
export async function createRefused(api: RunningApiServer, path: string, body: Obj): Promise<Obj> {
  const res = await raw(api, 'POST', path, body);
  assert.equal(res.status, 422, res.text);
  assert.equal(res.json.reason, 'Invalid');
  return res.json;
}

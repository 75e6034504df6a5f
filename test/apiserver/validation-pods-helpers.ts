/** Shared pieces of the pod validation tests: Kubernetes' messages and a pod writer asserting causes. */
import assert from 'node:assert/strict';
import type { RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

/** A decoded JSON object. */
export type Obj = Record<string, any>;

const REASONS: [string, string][] = [
  ['Invalid value', 'FieldValueInvalid'], ['Required value', 'FieldValueRequired'], ['Unsupported value', 'FieldValueNotSupported'],
  ['Forbidden', 'FieldValueForbidden'], ['Duplicate value', 'FieldValueDuplicate'], ['Not found', 'FieldValueNotFound'],
];
/** Kubernetes' message for a bad DNS-1123 label. */
export const DNS_LABEL = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
/** Kubernetes' message for a bad DNS-1123 subdomain. */
export const SUBDOMAIN = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
/** Kubernetes' message for a bad name part of a qualified name. */
export const NAME_PART = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
/** Kubernetes' message for a bad label value. */
export const LABEL_VALUE = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;
/** Kubernetes' message for a port number out of range. */
export const PORT_RANGE = 'must be between 1 and 65535, inclusive';

/** A container that is valid on its own, with overrides. */
export const ctr = (extra: Obj = {}): Obj => ({ name: 'c', image: 'nginx:1.27', ...extra });

/** The causes of a 422 Status are exactly these, each written `field: message`, with the reasons their messages imply. */
export function assertCauses(status: Obj, expected: string[]): void {
  assert.equal(status.reason, 'Invalid');
  const causes: Obj[] = status.details.causes;
  assert.deepEqual(causes.map((c) => `${c.field}: ${c.message}`), expected);
  for (const c of causes) assert.equal(c.reason, REASONS.find(([prefix]) => c.message.startsWith(prefix))?.[1], c.message);
}

/** Creates pods in one namespace under fresh names and checks how the server answers. */
export class PodWriter {
  private counter = 0;
  private readonly api: () => RunningApiServer;
  private readonly ns: string;

  constructor(api: () => RunningApiServer, ns: string) {
    this.api = api;
    this.ns = ns;
  }

  /** POSTs a pod with this spec (and metadata beside a fresh name). */
  post(spec: Obj, metadata: Obj = {}) {
    return raw(this.api(), 'POST', `/api/v1/namespaces/${this.ns}/pods`, { metadata: { name: `pod-${++this.counter}`, ...metadata }, spec });
  }

  /** The pod is created; returns it as stored. */
  async accepted(spec: Obj, metadata: Obj = {}): Promise<Obj> {
    const res = await this.post(spec, metadata);
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  /** The create is refused with exactly these causes; returns the Status. */
  async refused(spec: Obj, expected: string[], metadata: Obj = {}): Promise<Obj> {
    const res = await this.post(spec, metadata);
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, expected);
    return res.json;
  }
}

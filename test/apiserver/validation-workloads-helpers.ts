/**
 * Shared pieces of the workload validation tests: pod templates valid on their own, Go's
 * printing of selectors and int-or-strings, and a server wrapper that creates a workload and
 * asserts the exact causes a refusal carries.
 */
import assert from 'node:assert/strict';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';

/** A decoded JSON object. */
export type Obj = Record<string, any>;

/** A pod template that is valid on its own. */
export const template = (labels: Record<string, string> | undefined, spec: Obj = {}): Obj =>
  ({ metadata: labels ? { labels } : {}, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec } });
/** A Job's pod template: no labels of its own, pods that never restart. */
export const jobTemplate = (spec: Obj = {}): Obj => template(undefined, { restartPolicy: 'Never', ...spec });
/** A matchLabels selector. */
export const selector = (labels: Record<string, string>) => ({ matchLabels: labels });
/** A matchLabels selector as Kubernetes prints it, from its `"k":"v"` entries. */
export const goSelector = (labels: string) => `v1.LabelSelector{MatchLabels:map[string]string{${labels}}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
/** An int-or-string as Kubernetes prints it. */
export const intOrString = (v: number | string) => typeof v === 'string' ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:"${v}"}` : `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`;
/** The message of a selector that does not select its template. */
export const MISMATCH = '`selector` does not match template `labels`';

const REASONS: [string, string][] = [
  ['Invalid value', 'FieldValueInvalid'], ['Required value', 'FieldValueRequired'], ['Unsupported value', 'FieldValueNotSupported'],
  ['Forbidden', 'FieldValueForbidden'], ['Duplicate value', 'FieldValueDuplicate'], ['Too many', 'FieldValueTooMany'], ['Too long', 'FieldValueTooLong'],
];

/** A 422 Invalid Status whose causes read exactly `field: message`, each with the reason its message names. */
export function assertCauses(status: Obj, expected: string[]): void {
  assert.equal(status.reason, 'Invalid');
  const causes: Obj[] = status.details.causes;
  assert.deepEqual(causes.map((c) => `${c.field}: ${c.message}`), expected);
  for (const c of causes) assert.equal(c.reason, REASONS.find(([prefix]) => c.message.startsWith(prefix))?.[1], c.message);
}

/** A started server with one namespace, creating workloads of a kind by name. */
export class WorkloadServer {
  api!: RunningApiServer;
  readonly namespace: string;
  private counter = 0;

  constructor(namespace: string) {
    this.namespace = namespace;
  }

  /** Starts the server and creates the namespace. */
  async start(): Promise<void> {
    this.api = await startApiServer();
    const ns = await raw(this.api, 'POST', '/api/v1/namespaces', { metadata: { name: this.namespace } });
    assert.equal(ns.status, 201, ns.text);
  }

  /** The collection path of a workload kind in the namespace. */
  path(kind: string): string {
    const group = kind === 'Job' || kind === 'CronJob' ? 'batch' : 'apps';
    return `/apis/${group}/v1/namespaces/${this.namespace}/${kind.toLowerCase()}s`;
  }

  /** Creates `kind` with this spec (and a fresh name unless given); returns the response. */
  post = (kind: string, spec: Obj, name = `${kind.toLowerCase()}-${++this.counter}`) =>
    raw(this.api, 'POST', this.path(kind), { metadata: { name }, spec });

  /** The create succeeds; returns the stored object. */
  accepted = async (kind: string, spec: Obj, name?: string): Promise<Obj> => {
    const res = await this.post(kind, spec, name);
    assert.equal(res.status, 201, res.text);
    return res.json;
  };

  /** The create is refused with exactly these causes, each written `field: message`. */
  refused = async (kind: string, spec: Obj, expected: string[], name?: string): Promise<Obj> => {
    const res = await this.post(kind, spec, name);
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, expected);
    return res.json;
  };
}

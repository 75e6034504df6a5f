/**
 * Shared pieces of the workload validation tests: pod templates valid on their own, Go's
 * printing of selectors and int-or-strings, and a server wrapper that creates a workload and
 * asserts the exact causes a refusal carries.
 */
import type { RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { assertCauses, createAccepted, createRefused, startWithNamespace, type Obj } from './validation-helpers.ts';

export { assertCauses, type Obj } from './validation-helpers.ts';

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
    this.api = await startWithNamespace(this.namespace);
  }

  /** The collection path of a workload kind in the namespace. */
  path(kind: string): string {
    const group = kind === 'Job' || kind === 'CronJob' ? 'batch' : 'apps';
    return `/apis/${group}/v1/namespaces/${this.namespace}/${kind.toLowerCase()}s`;
  }

  private body = (kind: string, spec: Obj, name = `${kind.toLowerCase()}-${++this.counter}`): Obj => ({ metadata: { name }, spec });

  /** Creates `kind` with this spec (and a fresh name unless given); returns the response. */
  post = (kind: string, spec: Obj, name?: string) => raw(this.api, 'POST', this.path(kind), this.body(kind, spec, name));

  /** The create succeeds; returns the stored object. */
  accepted = (kind: string, spec: Obj, name?: string): Promise<Obj> => createAccepted(this.api, this.path(kind), this.body(kind, spec, name));

  /** The create is refused with exactly these causes, each written `field: message`. */
  refused = async (kind: string, spec: Obj, expected: string[], name?: string): Promise<Obj> => {
    const status = await createRefused(this.api, this.path(kind), this.body(kind, spec, name));
    assertCauses(status, expected);
    return status;
  };
}

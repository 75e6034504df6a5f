/** Shared pieces of the pod validation tests: a container valid on its own and a pod writer asserting causes. */
import type { RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { assertCauses, createAccepted, createRefused, serverPerSuite, type Obj } from './validation-helpers.ts';

export { assertCauses, DNS_LABEL, LABEL_VALUE, NAME_PART, PORT_RANGE, SUBDOMAIN, type Obj } from './validation-helpers.ts';

/** A container that is valid on its own, with overrides. */
export const ctr = (extra: Obj = {}): Obj => ({ name: 'c', image: 'nginx:1.27', ...extra });

/** Creates pods in one namespace under fresh names and checks how the server answers. */
export class PodWriter {
  private counter = 0;
  private readonly api: () => RunningApiServer;
  private readonly ns: string;

  constructor(api: () => RunningApiServer, ns: string) {
    this.api = api;
    this.ns = ns;
  }

  private get path(): string {
    return `/api/v1/namespaces/${this.ns}/pods`;
  }

  private body(spec: Obj, metadata: Obj): Obj {
    return { metadata: { name: `pod-${++this.counter}`, ...metadata }, spec };
  }

  /** POSTs a pod with this spec (and metadata beside a fresh name). */
  post(spec: Obj, metadata: Obj = {}) {
    return raw(this.api(), 'POST', this.path, this.body(spec, metadata));
  }

  /** The pod is created; returns it as stored. */
  accepted(spec: Obj, metadata: Obj = {}): Promise<Obj> {
    return createAccepted(this.api(), this.path, this.body(spec, metadata));
  }

  /** The create is refused with exactly these causes; returns the Status. */
  async refused(spec: Obj, expected: string[], metadata: Obj = {}): Promise<Obj> {
    const status = await createRefused(this.api(), this.path, this.body(spec, metadata));
    assertCauses(status, expected);
    return status;
  }
}

/**
 * One server for the enclosing suite with namespace `ns`, and a pod writer against it. The
 * server is started before the suite's tests: call `api()` inside them.
 */
export function podSuite(ns: string): { api: () => RunningApiServer; pods: PodWriter } {
  const api = serverPerSuite(ns);
  return { api, pods: new PodWriter(api, ns) };
}

/** Shared setup of the state-engine tests: a CRD of a test kind, a counting client, reconcile counts. */
import { waitFor } from '../support/api.ts';
import { CustomResourceDefinitions, defineResource, type ApiClient, type Client } from '../../runtime/client/index.ts';
import type { Resource } from '../../runtime/client/resource.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { Manager } from '../../runtime/manager/index.ts';

/** A namespaced example.com/v1 kind with a status subresource. */
export function exampleKind(kind: string): Resource<KubeObject> {
  return defineResource({ group: 'example.com', version: 'v1', kind, plural: `${kind.toLowerCase()}s`, namespaced: true });
}

/**
 * Installs the CRD of an example kind and waits until it is served. `status` is its status schema
 * (default: anything goes).
 */
export async function installExampleCrd(client: ApiClient, res: Resource<KubeObject>, status: object = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }): Promise<void> {
  await client.create(CustomResourceDefinitions, {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${res.plural}.${res.group}` },
    spec: { group: res.group, scope: 'Namespaced', names: { plural: res.plural, singular: res.kind.toLowerCase(), kind: res.kind, listKind: `${res.kind}List` },
      versions: [{ name: res.version, served: true, storage: true, subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, status } } } }] },
  });
  await waitFor(async () => { try { await client.list(res, { namespace: 'default' }); return true; } catch { return false; } }, `${res.plural} served`);
}

/** A client that counts calls per method (get, apply, updateStatus, ...) on the way to `inner`. */
export function countingClient(inner: Client): { client: Client; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const client = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { client, calls };
}

/** Reconcile counts of one controller by result (success, error, requeue, requeue_after). */
export async function reconcileCounts(mgr: Manager, controller: string): Promise<Record<string, number>> {
  const metric = mgr.metrics.registry.getSingleMetric('controller_runtime_reconcile_total') as unknown as { get(): Promise<{ values: { labels: Record<string, string | number>; value: number }[] }> };
  const out: Record<string, number> = { success: 0, error: 0, requeue: 0, requeue_after: 0 };
  for (const v of (await metric.get()).values) if (v.labels.controller === controller) out[String(v.labels.result)] = v.value;
  return out;
}

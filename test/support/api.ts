/**
 * Test helpers around the local API server: start it with a ready KubeConfig, wait for conditions,
 * and compare an informer's store with the server's state.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { startApiServer } from '../../apiserver/index.ts';
import type { ApiServerOptions, RunningApiServer } from '../../apiserver/index.ts';
import type { ResourceDescriptor } from '../../runtime/core/gvk.ts';
import type { ListOptions, Reader } from '../../runtime/client/types.ts';
import type { ApiObject } from '../../runtime/client/resource.ts';
import { keyOf } from '../../runtime/cache/store.ts';
import type { StoreReader } from '../../runtime/cache/store.ts';

/** A running API server and a KubeConfig for it. */
export interface TestApi {
  api: RunningApiServer;
  kc: KubeConfig;
}

/** Starts the local API server and loads its kubeconfig. */
export async function startTestApi(opts: ApiServerOptions = {}): Promise<TestApi> {
  const api = await startApiServer(opts);
  return { api, kc: kubeConfigFrom(api.kubeconfig) };
}

/** A KubeConfig loaded from kubeconfig YAML text. */
export function kubeConfigFrom(yamlText: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yamlText);
  return kc;
}

/** A condition probe: true when met, false or a string (the last detail) while not. */
export type Probe = () => boolean | string | Promise<boolean | string>;

async function poll(cond: Probe, message: string, timeoutMs: number, intervalMs: number, retryErrors: boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: boolean | string = false;
  while (Date.now() < deadline) {
    try {
      last = await cond();
    } catch (err) {
      if (!retryErrors) throw err;
      last = String(err);
    }
    if (last === true) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting: ${message}${typeof last === 'string' ? ` (${last})` : ''}`);
}

/** Polls `cond` until it holds; rejects with `message` (and the last detail) after `timeoutMs`. An error thrown by `cond` fails at once. */
export function waitFor(cond: Probe, message: string, timeoutMs = 15_000, intervalMs = 25): Promise<void> {
  return poll(cond, message, timeoutMs, intervalMs, false);
}

/** Like {@link waitFor}, but an error thrown by `cond` is retried and reported as the last detail. */
export function eventually(cond: Probe, message: string, timeoutMs = 15_000): Promise<void> {
  return poll(cond, message, timeoutMs, 25, true);
}

/** key -> resourceVersion of a set of objects. */
export function versions(objs: ApiObject[]): Map<string, string> {
  return new Map(objs.map((o) => [keyOf(o), o.metadata?.resourceVersion ?? '']));
}

/** Describes how two key->RV maps differ (empty string when equal). */
export function diffVersions(have: Map<string, string>, want: Map<string, string>): string {
  const out: string[] = [];
  for (const [k, rv] of want) if (have.get(k) !== rv) out.push(`${k}: have ${have.get(k) ?? 'none'} want ${rv}`);
  for (const k of have.keys()) if (!want.has(k)) out.push(`${k}: extra`);
  return out.slice(0, 5).join('; ') + (out.length > 5 ? ` (+${out.length - 5})` : '');
}

/**
 * Waits until a store holds exactly what a fresh list from the server returns (same keys, same
 * resourceVersions).
 */
export async function waitForConvergence(store: StoreReader<ApiObject>, reader: Reader, res: ResourceDescriptor, opts: ListOptions = {}, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => {
    const fresh = await reader.list(res, opts);
    const d = diffVersions(versions(store.list()), versions(fresh.items));
    return d === '' ? true : d;
  }, `store converges to the server's ${res.plural}`, timeoutMs, 50);
}

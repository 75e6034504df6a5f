/**
 * Shared setup of the DR syncer tests: two local API servers over HTTPS, a "source" cluster running
 * the operator (with the dr-syncer.io CRDs installed) and a "dr" cluster it copies to, plus a
 * kubeconfig Secret on the source holding the DR cluster's kubeconfig.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../../apiserver/index.ts';
import { ApiClient, CustomResourceDefinitions, Events, Manager, Namespaces, Secrets, isNotFound, silentLogger, type ApiObject, type Client, type KubeObject, type Resource } from '../../runtime/index.ts';
import { DRSYNCER_CRD_NAMES, registerDrSyncerControllers, type DrSyncer, type DrSyncerOptions } from '../../controllers/drsyncer/index.ts';
import type { NamespaceMapping, NamespaceMappingSpec } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import type { RemoteCluster } from '../../apis/dr-syncer/v1alpha1/remotecluster_types.ts';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
/** Namespace of the operator's own objects (RemoteClusters, kubeconfig Secrets, mappings). */
export const SYSTEM_NS = 'dr-syncer-system';
/** Secret on the source cluster with the DR cluster's kubeconfig. */
export const DR_SECRET = 'dr-kubeconfig';

/** A KubeConfig from kubeconfig YAML text. */
export function kubeConfigOf(text: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc;
}

/** Polls cond until it returns true; fails with the last detail after timeoutMs. */
export async function eventually(cond: () => boolean | string | Promise<boolean | string>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: boolean | string = false;
  while (Date.now() < deadline) {
    try {
      last = await cond();
    } catch (err) {
      last = String(err);
    }
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${typeof last === 'string' ? `: ${last}` : ''}`);
}

/** Reads an object, undefined when absent. */
export async function getOptional<T extends ApiObject>(client: Client, res: Resource<T>, namespace: string | undefined, name: string): Promise<T | undefined> {
  try {
    return await client.get(res, { namespace, name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Events about the named object in namespace. */
export async function eventsAbout(client: Client, namespace: string, name: string): Promise<KubeObject[]> {
  return (await client.list(Events, { namespace })).items.filter((e) => (e.involvedObject as { name?: string }).name === name);
}

/** A condition of an object's status. */
export function conditionOf(obj: { status?: { conditions?: { type: string; status: string; reason: string; message: string }[] } } | undefined, type: string) {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

/** A Secret holding a kubeconfig under key. */
export function kubeconfigSecret(name: string, kubeconfig: string, key = 'kubeconfig'): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: SYSTEM_NS }, type: 'Opaque', data: { [key]: Buffer.from(kubeconfig).toString('base64') } };
}

/** A RemoteCluster reading its kubeconfig from secret. */
export function remoteCluster(name: string, secret: string, spec: Partial<RemoteCluster['spec']> = {}): RemoteCluster {
  return { apiVersion: 'dr-syncer.io/v1alpha1', kind: 'RemoteCluster', metadata: { name, namespace: SYSTEM_NS }, spec: { kubeconfigSecretRef: { name: secret, namespace: SYSTEM_NS }, ...spec } };
}

/** A NamespaceMapping in the system namespace. */
export function namespaceMapping(name: string, spec: NamespaceMappingSpec): NamespaceMapping {
  return { apiVersion: 'dr-syncer.io/v1alpha1', kind: 'NamespaceMapping', metadata: { name, namespace: SYSTEM_NS }, spec };
}

/** A namespace object. */
export function namespace(name: string, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels ? { labels } : {}) } };
}

/** The two clusters, admin clients for both, and the operator on the source. */
export interface DrEnv {
  source: RunningApiServer;
  dr: RunningApiServer;
  /** Admin client of the source cluster. */
  src: ApiClient;
  /** Admin client of the DR cluster. */
  dst: ApiClient;
  srcKc: KubeConfig;
  /** Starts the operator on the source cluster (admin credentials unless kc is given). */
  startOperator(opts?: { kc?: KubeConfig } & DrSyncerOptions): Promise<DrSyncer & { mgr: Manager }>;
  stop(): Promise<void>;
}

/** Starts both clusters, installs the CRDs on the source and stores the DR kubeconfig there. */
export async function startDrEnv(sourceOpts: ApiServerOptions = {}): Promise<DrEnv> {
  const [source, dr] = await Promise.all([startApiServer(sourceOpts), startApiServer()]);
  const srcKc = kubeConfigOf(source.kubeconfig);
  const src = new ApiClient(srcKc);
  const dst = new ApiClient(kubeConfigOf(dr.kubeconfig));
  for (const name of DRSYNCER_CRD_NAMES) {
    const [plural, ...group] = name.split('.');
    await src.create(CustomResourceDefinitions, parse(readFileSync(`${root}generated/crds/${group.join('.')}_${plural}.yaml`, 'utf8')) as KubeObject);
  }
  await eventually(async () => {
    for (const name of DRSYNCER_CRD_NAMES) {
      const live = await src.get(CustomResourceDefinitions, { name });
      if (!((live.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')) return `${name} not established`;
    }
    return true;
  }, 'CRDs established');
  await src.create(Namespaces, namespace(SYSTEM_NS));
  await src.create(Secrets, kubeconfigSecret(DR_SECRET, dr.kubeconfig));
  const running: { stop: AbortController; done: Promise<void> }[] = [];
  return {
    source, dr, src, dst, srcKc,
    async startOperator(o = {}) {
      const mgr = new Manager({ kubeConfig: o.kc ?? srcKc, logger: silentLogger(), gracefulShutdownTimeoutMs: 2000 });
      const op = registerDrSyncerControllers(mgr, o);
      const stop = new AbortController();
      running.push({ stop, done: mgr.start(stop.signal) });
      await mgr.elected();
      return { ...op, mgr };
    },
    async stop() {
      for (const r of running) r.stop.abort();
      await Promise.all(running.map((r) => r.done));
      src.transport.close();
      dst.transport.close();
      await Promise.all([source.stop(), dr.stop()]);
    },
  };
}

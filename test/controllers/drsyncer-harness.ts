/**
 * Shared setup of the DR syncer tests: two local API servers over HTTPS, a "source" cluster running
 * the operator (with the dr-syncer.io CRDs installed) and a "dr" cluster it copies to, plus a
 * kubeconfig Secret on the source holding the DR cluster's kubeconfig.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../../apiserver/index.ts';
import { ApiClient, Namespaces, Secrets, type KubeObject, type Manager } from '../../runtime/index.ts';
import { DRSYNCER_CRD_NAMES, registerDrSyncerControllers, type DrSyncer, type DrSyncerOptions } from '../../controllers/drsyncer/index.ts';
import type { NamespaceMapping, NamespaceMappingSpec } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import type { RemoteCluster } from '../../apis/dr-syncer/v1alpha1/remotecluster_types.ts';
import { kubeConfigFrom, startOperatorEnv } from './operator-harness.ts';

export { conditionOf, eventsFor as eventsAbout, eventually, kubeConfigFrom, root, tryGet as getOptional } from './operator-harness.ts';

/** Namespace of the operator's own objects (RemoteClusters, kubeconfig Secrets, mappings). */
export const SYSTEM_NS = 'dr-syncer-system';
/** Secret on the source cluster with the DR cluster's kubeconfig. */
export const DR_SECRET = 'dr-kubeconfig';

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
  const [env, dr] = await Promise.all([startOperatorEnv({ server: sourceOpts, crds: DRSYNCER_CRD_NAMES }), startApiServer()]);
  const { api: source, admin: src, adminKc: srcKc } = env;
  const dst = new ApiClient(kubeConfigFrom(dr.kubeconfig));
  await src.create(Namespaces, namespace(SYSTEM_NS));
  await src.create(Secrets, kubeconfigSecret(DR_SECRET, dr.kubeconfig));
  return {
    source, dr, src, dst, srcKc,
    async startOperator(o = {}) {
      let op!: DrSyncer;
      const mgr = await env.startManager((m) => { op = registerDrSyncerControllers(m, o); }, { kubeConfig: o.kc ?? srcKc, gracefulShutdownTimeoutMs: 2000 });
      return { ...op, mgr };
    },
    async stop() {
      await env.stop();
      src.transport.close();
      dst.transport.close();
      await dr.stop();
    },
  };
}

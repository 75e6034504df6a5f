/**
 * From a RemoteCluster's kubeconfig Secret to a client: each step fails with its own kind, which
 * the RemoteCluster controller turns into the matching condition reason.
 */
import { createHash } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiClient, Namespaces, Secrets, isNotFound, type Reader } from '../../runtime/index.ts';
import type { KubeconfigSecretRef } from '../../apis/dr-syncer/v1alpha1/remotecluster_types.ts';
import { DEFAULT_KUBECONFIG_KEY } from './kinds.ts';

/** Why a kubeconfig could not be turned into a working client. */
export type KubeconfigFailure =
  | { kind: 'KubeconfigSecretNotFound'; message: string }
  | { kind: 'KubeconfigKeyNotFound'; message: string }
  | { kind: 'InvalidKubeconfig'; message: string };

/** A kubeconfig read from its Secret. */
export interface LoadedKubeconfig {
  kubeConfig: KubeConfig;
  server: string;
  /** sha256 of the kubeconfig text: a changed Secret yields a new fingerprint. */
  fingerprint: string;
}

/** Reads the referenced Secret and parses its kubeconfig. Never throws for missing or bad data. */
export async function loadKubeconfig(reader: Reader, ref: KubeconfigSecretRef): Promise<{ ok: true; value: LoadedKubeconfig } | { ok: false; failure: KubeconfigFailure }> {
  const key = ref.key || DEFAULT_KUBECONFIG_KEY;
  let secret;
  try {
    secret = await reader.get(Secrets, { namespace: ref.namespace, name: ref.name });
  } catch (err) {
    if (isNotFound(err)) return { ok: false, failure: { kind: 'KubeconfigSecretNotFound', message: `kubeconfig secret ${ref.namespace}/${ref.name} not found` } };
    throw err;
  }
  const data = (secret as { data?: Record<string, string> }).data ?? {};
  const encoded = data[key];
  if (encoded === undefined) return { ok: false, failure: { kind: 'KubeconfigKeyNotFound', message: `key "${key}" not found in secret ${ref.namespace}/${ref.name}` } };
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const parsed = parseKubeconfig(text);
  if (!parsed.ok) return { ok: false, failure: { kind: 'InvalidKubeconfig', message: `secret ${ref.namespace}/${ref.name} key "${key}": ${parsed.message}` } };
  return { ok: true, value: { ...parsed.value, fingerprint: createHash('sha256').update(text).digest('hex') } };
}

/** Parses kubeconfig text and checks it names a usable cluster and user. */
export function parseKubeconfig(text: string): { ok: true; value: { kubeConfig: KubeConfig; server: string } } | { ok: false; message: string } {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    return { ok: false, message: `not a kubeconfig: ${(err as Error).message}` };
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) return { ok: false, message: 'kubeconfig has no current context with a cluster' };
  try {
    const url = new URL(cluster.server);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `cluster server "${cluster.server}" is not an http(s) URL` };
  } catch {
    return { ok: false, message: `cluster server "${cluster.server}" is not a URL` };
  }
  if (!kc.getCurrentUser()) return { ok: false, message: 'kubeconfig has no current context with a user' };
  return { ok: true, value: { kubeConfig: kc, server: cluster.server } };
}

/** A client for a remote cluster; requests time out sooner than in-cluster ones. */
export function remoteClient(kc: KubeConfig, fieldManager: string, requestTimeoutMs = 15_000): ApiClient {
  return new ApiClient(kc, { fieldManager, requestTimeoutMs, userAgent: 'dr-syncer' });
}

/** Proves the cluster answers and the credentials work: lists one namespace. */
export async function probeCluster(client: ApiClient): Promise<void> {
  await client.list(Namespaces, { limit: 1 });
}

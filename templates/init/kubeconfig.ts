/**
 * Finds the cluster the way controller-runtime does: --kubeconfig, then $KUBECONFIG, then the
 * in-cluster ServiceAccount (inside a pod), then ~/.kube/config.
 */
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * Prefix of the mounted ServiceAccount files (`/var/run/secrets/kubernetes.io/serviceaccount/…`).
 * Empty in a pod; tests point it at a directory holding a token, CA and namespace of their own.
 */
export const IN_CLUSTER_PREFIX_ENV = 'TSOP_IN_CLUSTER_PATH_PREFIX';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Loads the kubeconfig to use; throws when no cluster is configured. */
export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  const prefix = process.env[IN_CLUSTER_PREFIX_ENV] ?? '';
  if (path) kc.loadFromFile(path);
  else if (process.env.KUBECONFIG) kc.loadFromDefault();
  else if (process.env.KUBERNETES_SERVICE_HOST && existsSync(prefix + SERVICE_ACCOUNT_TOKEN)) kc.loadFromCluster(prefix);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) throw new Error('no cluster configured: pass --kubeconfig, set KUBECONFIG, or run in a pod');
  return kc;
}

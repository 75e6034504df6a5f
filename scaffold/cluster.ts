/** Finding the cluster for `tsop deploy` and `tsop undeploy`, with one-line reasons when there is none. */
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { ScaffoldError } from './errors.ts';

/** Loads --kubeconfig, else $KUBECONFIG or ~/.kube/config; refuses client-node's localhost:8080 fallback. */
export function loadClusterConfig(path?: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) {
    if (!existsSync(path)) throw new ScaffoldError('missing', `kubeconfig ${path} does not exist`);
    try {
      kc.loadFromFile(path);
    } catch (err) {
      throw new ScaffoldError('invalid-input', `kubeconfig ${path} cannot be read: ${(err as Error).message.split('\n')[0]}`);
    }
  } else {
    const env = process.env.KUBECONFIG?.split(':').filter(Boolean) ?? [];
    const missing = env.filter((f) => !existsSync(f));
    if (env.length && missing.length === env.length) throw new ScaffoldError('missing', `KUBECONFIG names ${missing.join(', ')}, which does not exist`);
    kc.loadFromDefault();
  }
  if (context) {
    if (!kc.getContexts().some((c) => c.name === context)) throw new ScaffoldError('invalid-input', `no context ${context} in the kubeconfig`);
    kc.setCurrentContext(context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster || (cluster.name === 'cluster' && cluster.server === 'http://localhost:8080')) {
    throw new ScaffoldError('missing', 'no kubeconfig found: pass --kubeconfig or set KUBECONFIG');
  }
  return kc;
}

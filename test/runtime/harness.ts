/** Shared helpers of the control-plane integration tests: a local API server and polling. */
import { KubeConfig } from '@kubernetes/client-node';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../../apiserver/index.ts';

/** A running API server and a KubeConfig for it. */
export interface ControlTestApi {
  api: RunningApiServer;
  kc: KubeConfig;
}

/** Starts the local API server and loads its kubeconfig. */
export async function startControlTestApi(opts: ApiServerOptions = {}): Promise<ControlTestApi> {
  const api = await startApiServer(opts);
  return { api, kc: kubeConfigOf(api.kubeconfig) };
}

/** A KubeConfig from kubeconfig YAML text. */
export function kubeConfigOf(text: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc;
}

/** Polls cond until true; throws with message after timeoutMs. */
export async function eventually(cond: () => boolean | Promise<boolean>, message: string, timeoutMs = 15_000, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting: ${message}`);
}

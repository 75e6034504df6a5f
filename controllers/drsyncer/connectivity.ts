/**
 * The Connecting step of a ClusterMapping: hand the mapping's public SSH key to the source
 * cluster's agents, then check that every target agent can reach a source agent's SSH endpoint.
 *
 * +kubebuilder:rbac:groups="",resources=pods,verbs=get;list;watch
 */
import { Namespaces, Secrets, isAlreadyExists, isNotFound, type ApiClient, type KubeObject, type Reader } from '../../runtime/index.ts';
import type { ClusterMapping, ConnectionStatus } from '../../apis/dr-syncer/v1alpha1/clustermapping_types.ts';
import type { RemoteCluster } from '../../apis/dr-syncer/v1alpha1/remotecluster_types.ts';
import { probeSsh, runningAgents } from './agents.ts';
import { AGENT_NAMESPACE, AUTHORIZED_KEYS_SECRET, DEFAULT_AGENT_SSH_PORT, MANAGED_BY, MANAGED_BY_LABEL } from './kinds.ts';

/** Longest a single SSH probe may take. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Publishes the public key of `sshKeySecretRef` in the source cluster as Secret
 * dr-syncer/dr-syncer-authorized-keys (key `authorized_keys`), which the source agents mount.
 * A mapping without a key reference relies on keys the agents exchanged themselves.
 */
export async function distributeKeys(local: Reader, cm: ClusterMapping, source: ApiClient): Promise<void> {
  const ref = cm.spec.sshKeySecretRef;
  if (!ref) return;
  const ns = ref.namespace || cm.metadata!.namespace!;
  const keyName = ref.publicKeyKey || 'id_rsa.pub';
  let secret: KubeObject;
  try {
    secret = await local.get(Secrets, { namespace: ns, name: ref.name });
  } catch (err) {
    if (isNotFound(err)) throw new Error(`SSH key secret ${ns}/${ref.name} not found`);
    throw err;
  }
  const encoded = (secret.data as Record<string, string> | undefined)?.[keyName];
  if (!encoded) throw new Error(`public key ${keyName} not found in secret ${ns}/${ref.name}`);
  const publicKey = Buffer.from(encoded, 'base64').toString('utf8').trim();
  await ensureNamespace(source, AGENT_NAMESPACE);
  let current: KubeObject | undefined;
  try {
    current = await source.get(Secrets, { namespace: AGENT_NAMESPACE, name: AUTHORIZED_KEYS_SECRET });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const existing = current ? Buffer.from((current.data as Record<string, string> | undefined)?.authorized_keys ?? '', 'base64').toString('utf8') : '';
  const lines = existing.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.includes(publicKey)) return;
  const data = { authorized_keys: Buffer.from([...lines, publicKey].join('\n') + '\n').toString('base64') };
  if (current) {
    await source.update(Secrets, { ...current, data });
  } else {
    await source.create(Secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: AUTHORIZED_KEYS_SECRET, namespace: AGENT_NAMESPACE, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } }, type: 'Opaque', data });
  }
}

async function ensureNamespace(client: ApiClient, name: string): Promise<void> {
  try {
    await client.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/**
 * Probes, for every running target agent, the SSH endpoint of every running source agent (pod IP,
 * the source cluster's agent SSH port). A target agent counts as connected when one probe succeeds.
 */
export async function verifyConnectivity(cm: ClusterMapping, sourceCluster: RemoteCluster, source: ApiClient, target: ApiClient): Promise<ConnectionStatus> {
  const [sourcePods, targetPods] = await Promise.all([runningAgents(source), runningAgents(target)]);
  const port = sourceCluster.spec.pvcSync?.ssh?.port ?? DEFAULT_AGENT_SSH_PORT;
  const budgetMs = (cm.spec.connectivityTimeoutSeconds ?? 60) * 1000;
  const deadline = Date.now() + budgetMs;
  const nodeOf = (p: KubeObject) => (p.spec as { nodeName?: string } | undefined)?.nodeName || p.metadata.name!;
  const details: NonNullable<ConnectionStatus['connectionDetails']> = [];
  const connected = new Set<string>();
  await Promise.all(targetPods.flatMap((t) => sourcePods.map(async (s) => {
    const ip = (s.status as { podIP?: string } | undefined)?.podIP;
    const remaining = deadline - Date.now();
    const error = !ip ? 'source agent has no pod IP'
      : remaining <= 0 ? 'connectivity timeout exceeded'
        : await probeSsh(ip, port, Math.min(PROBE_TIMEOUT_MS, remaining));
    if (!error) connected.add(t.metadata.name!);
    details.push({ sourceNode: nodeOf(s), targetNode: nodeOf(t), connected: !error, ...(error ? { error } : {}) });
  })));
  details.sort((a, b) => a.targetNode.localeCompare(b.targetNode) || a.sourceNode.localeCompare(b.sourceNode));
  return { totalSourceAgents: sourcePods.length, totalTargetAgents: targetPods.length, connectedAgents: connected.size, connectionDetails: details };
}

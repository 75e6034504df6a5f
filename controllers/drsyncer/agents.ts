/**
 * The PVC sync agents as the controllers see them: pods labelled `app=dr-syncer-agent` in a cluster.
 * Deploying them is the data-replication design's job (docs/drsyncer-pvc-design.md); here they are
 * counted, and their SSH endpoints probed.
 */
import { connect } from 'node:net';
import { Pods, type ApiClient, type KubeObject } from '../../runtime/index.ts';
import { AGENT_LABEL_SELECTOR } from './kinds.ts';

/** Agent pods that are Running. */
export async function runningAgents(client: ApiClient): Promise<KubeObject[]> {
  const pods = await client.list(Pods, { labelSelector: AGENT_LABEL_SELECTOR });
  return pods.items.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
}

/** Agent counts of a cluster and the rollout phase they amount to. */
export async function agentReadiness(client: ApiClient): Promise<{ total: number; ready: number; phase: string }> {
  const pods = (await client.list(Pods, { labelSelector: AGENT_LABEL_SELECTOR })).items;
  const ready = pods.filter(isReady).length;
  const phase = pods.length === 0 ? 'Initializing' : ready === pods.length ? 'Running' : ready === 0 ? 'Failed' : 'Degraded';
  return { total: pods.length, ready, phase };
}

function isReady(pod: KubeObject): boolean {
  const st = pod.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
  return st?.phase === 'Running' && (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Checks that an SSH server answers at host:port: connects and waits for the `SSH-` protocol
 * banner every SSH server sends first (RFC 4253 §4.2). Resolves with an error text, or undefined.
 */
export function probeSsh(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let banner = '';
    const socket = connect({ host, port });
    const done = (err: string | undefined) => { clearTimeout(timer); socket.destroy(); resolve(err); };
    const timer = setTimeout(() => done(`no SSH banner from ${host}:${port} within ${timeoutMs} ms`), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      banner += chunk.toString('latin1');
      const line = banner.indexOf('\n');
      if (line >= 0 || banner.length >= 255) {
        const first = banner.slice(0, line >= 0 ? line : banner.length).trim();
        done(first.startsWith('SSH-') ? undefined : `not an SSH server at ${host}:${port} (banner "${first.slice(0, 40)}")`);
      }
    });
    socket.on('error', (err) => done(`cannot connect to ${host}:${port}: ${err.message}`));
    socket.on('end', () => done(`connection to ${host}:${port} closed before the SSH banner`));
  });
}

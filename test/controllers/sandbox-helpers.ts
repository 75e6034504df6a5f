/**
 * Shared set-up of the sandbox operator tests: a local API server over HTTPS with the generated
 * sandbox.tsop.dev CRDs, a manager running the operator (optionally with a movable clock), and
 * builders for baselines, sandboxes, route groups and local workloads.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ApiServerOptions, RunningApiServer } from '../../apiserver/index.ts';
import { Deployments, Namespaces, Services, type ApiClient, type Manager } from '../../runtime/index.ts';
import type { LocalWorkload } from '../../apis/sandbox/v1alpha1/localworkload_types.ts';
import type { Route, RouteGroup } from '../../apis/sandbox/v1alpha1/routegroup_types.ts';
import type { Sandbox, SandboxService } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import { registerSandboxControllers, sandboxCrds } from '../../controllers/sandbox/index.ts';
import { conditionOf, eventsFor, startOperatorEnv } from './operator-harness.ts';

export { eventsFor, managerRoleKubeConfig, root, tryGet, waitFor } from './operator-harness.ts';

/** A clock the tests move forward; the operator reads it instead of the system clock. */
export class TestClock {
  offsetMs = 0;
  /** The operator's now: real time plus the offset. */
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  /** Moves the clock forward by ms. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Reasons of the events about the named object. */
export async function eventReasons(client: ApiClient, namespace: string, name: string): Promise<string[]> {
  return (await eventsFor(client, namespace, name)).map((e) => e.reason as string);
}

/** The condition of type in an object's status. */
export const condition = conditionOf;

/** A running server with the CRDs, an admin client, and operators started on demand. */
export interface SandboxEnv {
  api: RunningApiServer;
  admin: ApiClient;
  adminKc: KubeConfig;
  /** Starts the operator with kc (admin by default) and clock; resolves once it leads. */
  startOperator(opts?: { kc?: KubeConfig; now?: () => Date }): Promise<Manager>;
  /** Creates a namespace. */
  namespace(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a server and installs the sandbox.tsop.dev CRDs. */
export async function startSandboxEnv(opts: ApiServerOptions = {}): Promise<SandboxEnv> {
  const env = await startOperatorEnv({ server: opts, crds: sandboxCrds });
  const { api, admin, adminKc } = env;
  return {
    api, admin, adminKc,
    startOperator: (o = {}) => env.startManager((m) => { registerSandboxControllers(m, { now: o.now }); }, { kubeConfig: o.kc ?? adminKc, gracefulShutdownTimeoutMs: 2000 }),
    async namespace(name) {
      await admin.create(Namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    },
    stop: () => env.stop(),
  };
}

/** Creates a baseline Deployment (app=name, two containers) and its Service. */
export async function createBaseline(client: ApiClient, namespace: string, name: string, opts: { service?: boolean; image?: string } = {}): Promise<void> {
  await client.create(Deployments, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'backend' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          containers: [
            { name: 'main', image: opts.image ?? `example.com/${name}:1.0`, ports: [{ name: 'http', containerPort: 8080 }], env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'MODE', value: 'baseline' }] },
            { name: 'sidecar', image: 'example.com/proxy:2.1' },
          ],
        },
      },
    },
  });
  if (opts.service === false) return;
  await client.create(Services, {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  });
}

/** Reports a Deployment as fully rolled out and available (there is no deployment controller). */
export async function markAvailable(client: ApiClient, namespace: string, name: string): Promise<void> {
  const d = await client.get(Deployments, { namespace, name });
  const replicas = (d.spec as { replicas?: number }).replicas ?? 1;
  await client.patchStatus(Deployments, { namespace, name }, {
    status: { observedGeneration: d.metadata.generation, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] },
  }, { type: 'merge' });
}

/** A Sandbox manifest. */
export function sandbox(name: string, namespace: string, services: SandboxService[], extra: Partial<Sandbox['spec']> = {}): Sandbox {
  return { apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'Sandbox', metadata: { name, namespace }, spec: { ttl: 3600, services, ...extra } };
}

/** A RouteGroup manifest. */
export function routeGroup(name: string, namespace: string, routes: Route[], header?: string): RouteGroup {
  return { apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'RouteGroup', metadata: { name, namespace }, spec: { routes, ...(header ? { routingKeyHeader: header } : {}) } };
}

/** A LocalWorkload manifest. */
export function localWorkload(name: string, namespace: string, sandboxName: string, service: string, extra: { timeout?: number; annotations?: Record<string, string> } = {}): LocalWorkload {
  return {
    apiVersion: 'sandbox.tsop.dev/v1alpha1', kind: 'LocalWorkload', metadata: { name, namespace, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: { sandboxRef: { name: sandboxName }, service: { name: service, ports: [{ name: 'http', containerPort: 8080, localPort: 3000 }] }, ...(extra.timeout ? { stalenessTimeoutSeconds: extra.timeout } : {}) },
  };
}

/**
 * Names and labels of the objects a LocustTest owns. One place computes them, so creation,
 * lookups during recovery and tests can never disagree (dotted test names included).
 */
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';

/** The two roles of a distributed Locust run. */
export type NodeMode = 'master' | 'worker';

/** Label naming the LocustTest a pod belongs to. */
export const LABEL_TEST_NAME = 'performance-test-name';
/** Label naming the pod's role-specific node (`<test>-master` / `<test>-worker`); the Service selects on it. */
export const LABEL_POD_NAME = 'performance-test-pod-name';
/** Label marking pods as managed by this operator. */
export const LABEL_MANAGED_BY = 'managed-by';
/** Value of LABEL_MANAGED_BY. */
export const MANAGED_BY_VALUE = 'locust-k8s-operator';
/** Conventional app label. */
export const LABEL_APP = 'app';

/** Port the master listens on for workers. */
export const MASTER_PORT = 5557;
/** Second master port (ZeroMQ bind). */
export const MASTER_BIND_PORT = 5558;
/** Locust web UI and REST API. */
export const WEB_UI_PORT = 8089;
/** Port exposed by workers. */
export const WORKER_PORT = 8080;

/** Where the locustfile ConfigMap is mounted unless testFiles.srcMountPath says otherwise. */
export const DEFAULT_SRC_MOUNT_PATH = '/lotest/src';
/** Where the helper-module ConfigMap is mounted unless testFiles.libMountPath says otherwise. */
export const DEFAULT_LIB_MOUNT_PATH = '/opt/locust/lib';
/** Volume name of the helper-module ConfigMap. */
export const LIB_VOLUME_NAME = 'locust-lib';
/** Container name of the metrics exporter sidecar. */
export const METRICS_EXPORTER_CONTAINER = 'locust-metrics-exporter';
/** Service port name of the metrics exporter. */
export const METRICS_PORT_NAME = 'prometheus-metrics';

/** Dots are valid in object names but not in the DNS labels Services and volumes need. */
export function sanitizeName(name: string): string {
  return name.replaceAll('.', '-');
}

/** `<test>-<mode>` with dots turned into dashes: the name of the Service and of each Job. */
export function nodeName(testName: string, mode: NodeMode): string {
  return sanitizeName(`${testName}-${mode}`);
}

/** Volume name of a Secret mounted through env.secretMounts. */
export function secretVolumeName(secretName: string): string {
  return `secret-${secretName}`;
}

/**
 * Pod labels of a role: identity labels plus the user's, which may not override the labels the
 * Service selector and the operator's own bookkeeping rely on.
 */
export function podLabels(lt: LocustTest, mode: NodeMode): Record<string, string> {
  const name = lt.metadata?.name ?? '';
  const labels: Record<string, string> = {
    [LABEL_APP]: name,
    [LABEL_POD_NAME]: nodeName(name, mode),
    [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
    [LABEL_TEST_NAME]: name,
  };
  const user = mode === 'master' ? lt.spec?.master.labels : lt.spec?.worker.labels;
  for (const [k, v] of Object.entries(user ?? {})) {
    if (k === LABEL_POD_NAME || k === LABEL_MANAGED_BY) continue;
    labels[k] = v;
  }
  return labels;
}

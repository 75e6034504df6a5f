/**
 * Reading tests written through the deprecated locust.io/v1 API. Without a conversion webhook the
 * API server stores a v1 object unchanged (conversion strategy None), so it reaches the operator
 * in the flat v1 layout; this maps it onto v2 the way the upstream v1 -> v2 conversion does.
 */
import type { V1Toleration } from '@kubernetes/client-node';
import type { LocustTestSpec as V1Spec } from '../../apis/locust/v1/locusttest_types.ts';
import type { LocustTestSpec } from '../../apis/locust/v2/locusttest_types.ts';

/** True when the spec is in the v1 layout (command seeds instead of master/worker sections). */
export function isV1Spec(spec: unknown): spec is V1Spec {
  const s = spec as Record<string, unknown> | undefined;
  return Boolean(s && !s.master && !s.worker && typeof s.masterCommandSeed === 'string');
}

/** The v2 spec equivalent to a v1 spec: autostart on, autoquit after 60 s, flat fields regrouped. */
export function v2SpecFromV1(v1: V1Spec): LocustTestSpec {
  const spec: LocustTestSpec = {
    image: v1.image,
    master: { command: v1.masterCommandSeed, autostart: true, autoquit: { enabled: true, timeout: 60 } },
    worker: { command: v1.workerCommandSeed, replicas: v1.workerReplicas },
  };
  if (v1.imagePullPolicy) spec.imagePullPolicy = v1.imagePullPolicy;
  if (v1.imagePullSecrets?.length) spec.imagePullSecrets = v1.imagePullSecrets.map((name) => ({ name }));
  if (v1.labels?.master) spec.master.labels = v1.labels.master;
  if (v1.labels?.worker) spec.worker.labels = v1.labels.worker;
  if (v1.annotations?.master) spec.master.annotations = v1.annotations.master;
  if (v1.annotations?.worker) spec.worker.annotations = v1.annotations.worker;
  if (v1.configMap || v1.libConfigMap) {
    spec.testFiles = {};
    if (v1.configMap) spec.testFiles.configMapRef = v1.configMap;
    if (v1.libConfigMap) spec.testFiles.libConfigMapRef = v1.libConfigMap;
  }
  const required = v1.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const hasAffinity = Boolean(required && Object.keys(required).length);
  if (hasAffinity || v1.tolerations?.length) {
    spec.scheduling = {};
    if (hasAffinity) {
      const matchExpressions = Object.entries(required!).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
      spec.scheduling.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } };
    }
    if (v1.tolerations?.length) {
      spec.scheduling.tolerations = v1.tolerations.map((t): V1Toleration => ({ key: t.key, operator: t.operator, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
    }
  }
  return spec;
}

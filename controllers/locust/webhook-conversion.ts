/**
 * The LocustTest conversion webhook: locust.io/v2 is the hub (and the storage version), the
 * deprecated locust.io/v1 converts to and from it. v1 -> v2 regroups the flat fields and turns
 * autostart on and autoquit after 60 s, as v1 tests always ran; v2 -> v1 is lossy, as upstream:
 * resources, extra args, mount paths, node selector, runtime class, env, volumes, security,
 * observability and status have no v1 field.
 */
import type { V1Toleration } from '@kubernetes/client-node';
import type { LocustTest as V1LocustTest, LocustTestSpec as V1Spec, LocustTestToleration } from '../../apis/locust/v1/locusttest_types.ts';
import type { LocustTest, LocustTestSpec } from '../../apis/locust/v2/locusttest_types.ts';
import type { SpokeConversion } from '../../runtime/index.ts';

/** The v2 spec equivalent to a v1 spec. */
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

/** The v1 spec closest to a v2 spec (v2-only settings are dropped). */
export function v1SpecFromV2(v2: LocustTestSpec): V1Spec {
  const spec: V1Spec = {
    image: v2.image,
    masterCommandSeed: v2.master?.command ?? '',
    workerCommandSeed: v2.worker?.command ?? '',
    workerReplicas: v2.worker?.replicas ?? 1,
  };
  if (v2.imagePullPolicy) spec.imagePullPolicy = v2.imagePullPolicy;
  const secrets = (v2.imagePullSecrets ?? []).map((s) => s.name ?? '').filter(Boolean);
  if (secrets.length) spec.imagePullSecrets = secrets;
  const masterLabels = v2.master?.labels, workerLabels = v2.worker?.labels;
  if (nonEmpty(masterLabels) || nonEmpty(workerLabels)) spec.labels = { ...(nonEmpty(masterLabels) ? { master: masterLabels } : {}), ...(nonEmpty(workerLabels) ? { worker: workerLabels } : {}) };
  const masterAnn = v2.master?.annotations, workerAnn = v2.worker?.annotations;
  if (nonEmpty(masterAnn) || nonEmpty(workerAnn)) spec.annotations = { ...(nonEmpty(masterAnn) ? { master: masterAnn } : {}), ...(nonEmpty(workerAnn) ? { worker: workerAnn } : {}) };
  if (v2.testFiles?.configMapRef) spec.configMap = v2.testFiles.configMapRef;
  if (v2.testFiles?.libConfigMapRef) spec.libConfigMap = v2.testFiles.libConfigMapRef;
  // Only `In` requirements with a value have a v1 form (key -> first value).
  const required: Record<string, string> = {};
  for (const term of v2.scheduling?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const e of term.matchExpressions ?? []) if (e.operator === 'In' && e.values?.length) required[e.key] = e.values[0]!;
  }
  if (Object.keys(required).length) spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } };
  const tolerations = v2.scheduling?.tolerations ?? [];
  if (tolerations.length) {
    spec.tolerations = tolerations.map((t) => ({ key: t.key ?? '', operator: t.operator ?? 'Equal', ...(t.value ? { value: t.value } : {}), effect: t.effect ?? '' }) as LocustTestToleration);
  }
  return spec;
}

function nonEmpty(m: Record<string, string> | undefined): m is Record<string, string> {
  return !!m && Object.keys(m).length > 0;
}

/** v1 <-> v2 (hub) conversion functions for the webhook server. */
export const locustV1Conversion: SpokeConversion<V1LocustTest, LocustTest> = {
  toHub: (v1) => ({ apiVersion: 'locust.io/v2', kind: 'LocustTest', metadata: v1.metadata, spec: v2SpecFromV1(v1.spec!) }) as LocustTest,
  fromHub: (v2) => ({ apiVersion: 'locust.io/v1', kind: 'LocustTest', metadata: v2.metadata, spec: v1SpecFromV2(v2.spec!) }) as V1LocustTest,
};

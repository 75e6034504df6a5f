/**
 * What a source object becomes in the destination: server-owned metadata and status dropped,
 * marked as managed by the mapping, Deployments scaled down, Services stripped of allocated
 * addresses and ports, claims detached from their volumes. Pure functions of their input.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../runtime/index.ts';
import type { IngressConfig, PVCConfig } from '../../apis/dr-syncer/v1alpha1/namespacemapping_types.ts';
import {
  CONTENT_HASH_ANNOTATION, IGNORE_LABEL, MANAGED_BY, MANAGED_BY_LABEL, MAPPING_ANNOTATION, ORIGINAL_REPLICAS_ANNOTATION,
  SCALE_OVERRIDE_LABEL, SOURCE_NAMESPACE_KEY,
} from './kinds.ts';

/** Settings of one mapping that shape the copies. */
export interface TransformOptions {
  destinationNamespace: string;
  /** `<namespace>/<name>` of the mapping. */
  mappingKey: string;
  scaleToZero: boolean;
  pvcConfig?: PVCConfig;
  ingressConfig?: IngressConfig;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const PVC_BINDING_ANNOTATIONS = ['pv.kubernetes.io/bind-completed', 'pv.kubernetes.io/bound-by-controller', 'volume.kubernetes.io/selected-node'];
/** Label on a source claim naming the destination StorageClass outright. */
export const STORAGE_CLASS_LABEL = 'dr-syncer.io/storage-class';

/** True when the object is marked `dr-syncer.io/ignore: "true"` (label or annotation). */
export function isIgnored(obj: KubeObject): boolean {
  return obj.metadata.labels?.[IGNORE_LABEL] === 'true' || obj.metadata.annotations?.[IGNORE_LABEL] === 'true';
}

/** Objects that only make sense in the cluster that made them. */
export function isClusterLocal(obj: KubeObject): boolean {
  if (obj.kind === 'ConfigMap' && obj.metadata.name === 'kube-root-ca.crt') return true;
  if (obj.kind === 'Secret' && (obj as { type?: string }).type === 'kubernetes.io/service-account-token') return true;
  return Boolean(obj.metadata.deletionTimestamp);
}

/** The object to write in the destination for a source object. */
export function toDestination(src: KubeObject, opts: TransformOptions): { object: KubeObject; originalReplicas?: number } {
  const obj = JSON.parse(JSON.stringify(src)) as KubeObject;
  const m = obj.metadata;
  for (const k of ['uid', 'resourceVersion', 'selfLink', 'creationTimestamp', 'managedFields', 'ownerReferences', 'generation', 'finalizers', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName'] as const) delete (m as Record<string, unknown>)[k];
  delete obj.status;
  m.namespace = opts.destinationNamespace;
  const annotations = { ...m.annotations };
  delete annotations[LAST_APPLIED];
  let originalReplicas: number | undefined;
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  switch (obj.kind) {
    case 'Deployment': {
      originalReplicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
      annotations[ORIGINAL_REPLICAS_ANNOTATION] = String(originalReplicas);
      const override = m.labels?.[SCALE_OVERRIDE_LABEL];
      const n = override !== undefined && /^\d+$/.test(override) ? Number(override) : undefined;
      if (n !== undefined && n <= 2 ** 31 - 1) spec.replicas = n;
      else if (opts.scaleToZero) spec.replicas = 0;
      break;
    }
    case 'Service':
      delete spec.clusterIP;
      delete spec.clusterIPs;
      delete spec.healthCheckNodePort;
      for (const p of (spec.ports ?? []) as Record<string, unknown>[]) delete p.nodePort;
      break;
    case 'PersistentVolumeClaim':
      transformClaim(spec, m.labels, opts.pvcConfig);
      for (const a of PVC_BINDING_ANNOTATIONS) delete annotations[a];
      break;
    case 'Ingress': {
      const cfg = opts.ingressConfig;
      if (cfg?.preserveTLS === false) delete spec.tls;
      if (cfg?.preserveBackends === false) delete spec.defaultBackend;
      if (cfg?.preserveAnnotations === false) for (const k of Object.keys(annotations)) delete annotations[k];
      break;
    }
  }
  annotations[SOURCE_NAMESPACE_KEY] = src.metadata.namespace ?? '';
  annotations[MAPPING_ANNOTATION] = opts.mappingKey;
  delete annotations[CONTENT_HASH_ANNOTATION];
  m.annotations = annotations;
  m.labels = { ...m.labels, [MANAGED_BY_LABEL]: MANAGED_BY };
  annotations[CONTENT_HASH_ANNOTATION] = contentHash(obj);
  return { object: obj, originalReplicas };
}

function transformClaim(spec: Record<string, unknown>, labels: Record<string, string> | undefined, cfg: PVCConfig | undefined): void {
  if (!cfg?.syncPersistentVolumes) delete spec.volumeName;
  if (!cfg?.preserveVolumeAttributes && !cfg?.syncPersistentVolumes) {
    delete spec.volumeMode;
    delete spec.selector;
    delete spec.dataSource;
    delete spec.dataSourceRef;
  }
  const override = labels?.[STORAGE_CLASS_LABEL];
  if (override) spec.storageClassName = override;
  else {
    const mapped = cfg?.storageClassMappings?.find((s) => s.from === spec.storageClassName);
    if (mapped) spec.storageClassName = mapped.to;
  }
  const modes = spec.accessModes as string[] | undefined;
  if (modes && cfg?.accessModeMappings?.length) {
    spec.accessModes = modes.map((mode) => cfg.accessModeMappings!.find((a) => a.from === mode)?.to ?? mode);
  }
}

/** sha256 over a canonical JSON form of the object (keys sorted), without the hash annotation. */
export function contentHash(obj: KubeObject): string {
  return createHash('sha256').update(canonical(obj)).digest('hex').slice(0, 32);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => k !== CONTENT_HASH_ANNOTATION && (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * True when every field of `want` has the same value in `have` (objects compared key by key,
 * arrays element by element with equal length): fields the server adds or defaults do not count
 * as drift, while labels and annotations must match exactly.
 */
export function coveredBy(want: KubeObject, have: KubeObject): boolean {
  if (!sameMap(want.metadata.labels, have.metadata.labels) || !sameMap(want.metadata.annotations, have.metadata.annotations)) return false;
  const { metadata: _w, ...wantRest } = want;
  const { metadata: _h, ...haveRest } = have;
  return subset(wantRest, haveRest);
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => a![k] === b?.[k]);
}

function subset(want: unknown, have: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(have) && want.length === have.length && want.every((w, i) => subset(w, have[i]));
  if (want && typeof want === 'object') {
    if (!have || typeof have !== 'object' || Array.isArray(have)) return false;
    return Object.entries(want).every(([k, w]) => w === undefined || subset(w, (have as Record<string, unknown>)[k]));
  }
  return want === have;
}

/**
 * Update rules of core kinds, as Kubernetes' core validation applies them: immutable ConfigMaps
 * and Secrets, a Secret's type, a Service's allocated addresses and IP families, a claim's spec
 * (bar storage requests of bound claims), and the few Pod spec fields a running Pod may change.
 */
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { amountOf } from './quota-resource-list.ts';
import { child, forbidden, goQuote, goStringSlice, goValue, immutableField, invalidValue, readableDiff, semanticEqual } from './builtin-immutability.ts';

type Obj = Record<string, unknown>;
const IMMUTABLE_SET = 'field is immutable when `immutable` is set';

function lockedPayload(obj: KubeObject, old: KubeObject, fields: readonly string[]): StatusCause[] {
  if (old.immutable !== true) return [];
  const causes: StatusCause[] = [];
  if (obj.immutable !== true) causes.push(forbidden('immutable', IMMUTABLE_SET));
  for (const f of fields) if (!semanticEqual(obj[f], old[f])) causes.push(forbidden(f, IMMUTABLE_SET));
  return causes;
}

/** ConfigMap: once `immutable: true`, data and binaryData are frozen and the flag stays. */
export function validateConfigMapUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  return old ? lockedPayload(obj, old, ['data', 'binaryData']) : [];
}

/** Secret: its type never changes; once `immutable: true`, data is frozen and the flag stays. */
export function validateSecretUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old) return [];
  // stringData was folded into data before validation runs.
  return [...immutableField('type', old.type, obj.type, goQuote(obj.type)), ...lockedPayload(obj, old, ['data'])];
}

const isExternalName = (spec: Obj): boolean => spec.type === 'ExternalName';
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const isHeadless = (spec: Obj): boolean => { const ips = strings(spec.clusterIPs); return ips.length === 1 && ips[0] === 'None'; };

/** The clusterIPs the update means: a changed clusterIP with untouched clusterIPs replaces them. */
function effectiveClusterIPs(spec: Obj, oldSpec: Obj): string[] {
  const ips = strings(spec.clusterIPs);
  if (spec.clusterIP !== oldSpec.clusterIP && semanticEqual(ips, oldSpec.clusterIPs)) return spec.clusterIP ? [String(spec.clusterIP)] : [];
  return ips;
}

function releasedSecondary(spec: Obj, what: string): StatusCause[] {
  if (spec.ipFamilyPolicy === 'SingleStack') return [];
  return [invalidValue('spec.ipFamilyPolicy', spec.ipFamilyPolicy === undefined ? 'null' : goQuote(spec.ipFamilyPolicy), `must be set to 'SingleStack' when releasing the secondary ${what}`)];
}

function clusterIPChanges(ips: string[], oldIps: string[], spec: Obj): StatusCause[] {
  const printed = goStringSlice(ips.length ? ips : undefined);
  const changed = (i: number): StatusCause => invalidValue(`spec.clusterIPs[${i}]`, printed, 'may not change once set');
  if (ips.length === oldIps.length) return oldIps.flatMap((ip, i) => (ip !== ips[i] ? [changed(i)] : []));
  if (ips.length < oldIps.length) {
    const causes: StatusCause[] = [];
    if (!ips.length) causes.push(invalidValue('spec.clusterIPs[0]', printed, 'primary clusterIP can not be unset'));
    else if (ips[0] !== oldIps[0]) causes.push(changed(0));
    if (ips.length === 1) causes.push(...releasedSecondary(spec, 'clusterIP'));
    return causes;
  }
  return oldIps.length && ips[0] !== oldIps[0] ? [changed(0)] : [];
}

function ipFamilyChanges(families: string[], oldFamilies: string[], ips: string[], spec: Obj): StatusCause[] {
  const printedFamilies = goStringSlice(spec.ipFamilies, 'core.IPFamily');
  // Kubernetes prints the clusterIPs, not the families, when the primary family changes length-wise.
  const printedIps = goStringSlice(spec.clusterIPs);
  if (families.length === oldFamilies.length) {
    return oldFamilies.some((f, i) => f !== families[i]) ? [invalidValue('spec.ipFamilies[0]', printedFamilies, 'may not change once set')] : [];
  }
  const causes: StatusCause[] = [];
  if (families.length < oldFamilies.length) {
    if (!ips.length) causes.push(invalidValue('spec.ipFamilies[0]', printedFamilies, 'primary ipFamily can not be unset'));
    if (families.length && families[0] !== oldFamilies[0]) causes.push(invalidValue('spec.ipFamilies[0]', printedIps, 'may not change once set'));
    if (families.length === 1) causes.push(...releasedSecondary(spec, 'ipFamily'));
  } else if (oldFamilies.length && families.length && families[0] !== oldFamilies[0]) {
    causes.push(invalidValue('spec.ipFamilies[0]', printedIps, 'may not change once set'));
  }
  return causes;
}

/**
 * Service: allocated cluster IPs and IP families may grow (dual-stack upgrade) or drop their
 * secondary (downgrade) but never change, unless the Service is or becomes ExternalName.
 */
export function validateServiceUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old) return [];
  const spec = child(obj, 'spec');
  const oldSpec = child(old, 'spec');
  if (isExternalName(spec) || isExternalName(oldSpec)) return [];
  const ips = effectiveClusterIPs(spec, oldSpec);
  const oldIps = strings(oldSpec.clusterIPs);
  const causes: StatusCause[] = [];
  const headless = isHeadless({ clusterIPs: ips });
  const oldHeadless = isHeadless(oldSpec);
  if (!(headless && oldHeadless)) causes.push(...clusterIPChanges(ips, oldIps, { ...spec, clusterIPs: ips }));
  if (headless === oldHeadless && !headless) causes.push(...ipFamilyChanges(strings(spec.ipFamilies), strings(oldSpec.ipFamilies), ips, spec));
  return causes;
}

const CLAIM_IMMUTABLE = 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

/**
 * PersistentVolumeClaim: the spec is fixed at creation, except a volume name set once, and for
 * bound claims the storage request and volumeAttributesClassName. A request may shrink only
 * while it stays above the recorded capacity (recovery from a failed expansion).
 */
export function validatePersistentVolumeClaimUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old) return [];
  const spec = child(obj, 'spec');
  const oldSpec = child(old, 'spec');
  const bound = child(obj, 'status').phase === 'Bound';
  const comparable: Obj = { ...spec };
  const oldComparable: Obj = { ...oldSpec };
  if (!oldSpec.volumeName) oldComparable.volumeName = spec.volumeName;
  // A claim created without a class may take one later (retroactive default class).
  const classAnnotated = Object.hasOwn(old.metadata.annotations ?? {}, 'volume.beta.kubernetes.io/storage-class');
  if (!classAnnotated && (oldSpec.storageClassName === undefined || oldSpec.storageClassName === null) && spec.storageClassName) oldComparable.storageClassName = spec.storageClassName;
  const requests = child(child(spec, 'resources'), 'requests');
  const oldRequests = child(child(oldSpec, 'resources'), 'requests');
  if (bound) {
    if (spec.resources && typeof spec.resources === 'object') {
      comparable.resources = { ...child(spec, 'resources'), requests: { ...requests, storage: oldRequests.storage } };
      if (oldRequests.storage === undefined) delete (comparable.resources as { requests: Obj }).requests.storage;
    }
    if (spec.volumeAttributesClassName !== undefined) comparable.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  }
  const causes: StatusCause[] = [];
  if (!semanticEqual(comparable, oldComparable)) {
    causes.push(forbidden('spec', `${CLAIM_IMMUTABLE}\n${readableDiff('core.PersistentVolumeClaimSpec', oldComparable, comparable)}`));
  }
  const size = amountOf(requests.storage)?.nanos ?? 0n;
  const oldSize = amountOf(oldRequests.storage)?.nanos ?? 0n;
  const capacity = amountOf(child(child(old, 'status'), 'capacity').storage)?.nanos ?? 0n;
  if (size < oldSize && size <= capacity) causes.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  return causes;
}

const POD_UPDATABLE = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

function withOldImages(containers: unknown, oldContainers: unknown): unknown {
  if (!Array.isArray(containers) || !Array.isArray(oldContainers) || containers.length !== oldContainers.length) return containers;
  return containers.map((c: Obj, i) => ({ ...c, image: (oldContainers[i] as Obj | undefined)?.image }));
}

function podDeadline(spec: Obj, oldSpec: Obj): StatusCause[] {
  const now = spec.activeDeadlineSeconds;
  const before = oldSpec.activeDeadlineSeconds;
  if (now === undefined || now === null) {
    return before === undefined || before === null ? [] : [invalidValue('spec.activeDeadlineSeconds', 'null', 'must not update from a positive integer to nil value')];
  }
  if (typeof before === 'number' && typeof now === 'number' && now > before) {
    return [invalidValue('spec.activeDeadlineSeconds', goValue(now), 'must be less than or equal to previous value')];
  }
  return [];
}

function podSchedulingGates(spec: Obj, oldSpec: Obj): StatusCause[] {
  const before = new Set((Array.isArray(oldSpec.schedulingGates) ? (oldSpec.schedulingGates as Obj[]) : []).map((g) => g.name));
  const added = (Array.isArray(spec.schedulingGates) ? (spec.schedulingGates as Obj[]) : []).find((g) => !before.has(g.name));
  return added ? [forbidden('spec.schedulingGates', `only deletion is allowed, but found new scheduling gate '${String(added.name)}'`)] : [];
}

function podTolerations(spec: Obj, oldSpec: Obj): StatusCause[] {
  const now = Array.isArray(spec.tolerations) ? (spec.tolerations as Obj[]) : [];
  const before = Array.isArray(oldSpec.tolerations) ? (oldSpec.tolerations as Obj[]) : [];
  for (const t of before) {
    const kept = now.some((n) => semanticEqual({ ...n, tolerationSeconds: undefined }, { ...t, tolerationSeconds: undefined }) &&
      (t.tolerationSeconds === undefined || (typeof n.tolerationSeconds === 'number' && n.tolerationSeconds <= (t.tolerationSeconds as number))));
    if (!kept) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

/**
 * Pod: containers may change only their images, the deadline may only shorten, tolerations may
 * only be added, scheduling gates only removed, a negative grace period may become 1; anything else is one Forbidden cause on
 * `spec` followed by a diff of the fields that differ.
 */
export function validatePodUpdate(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (!old) return [];
  const spec = child(obj, 'spec');
  const oldSpec = child(old, 'spec');
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const oldContainers = Array.isArray(oldSpec.containers) ? oldSpec.containers : [];
  if (containers.length !== oldContainers.length) return [forbidden('spec.containers', 'pod updates may not add or remove containers')];
  const causes = [...podDeadline(spec, oldSpec), ...podTolerations(spec, oldSpec), ...podSchedulingGates(spec, oldSpec)];
  const munged: Obj = {
    ...spec,
    containers: withOldImages(spec.containers, oldSpec.containers),
    initContainers: withOldImages(spec.initContainers, oldSpec.initContainers),
    activeDeadlineSeconds: oldSpec.activeDeadlineSeconds,
    tolerations: oldSpec.tolerations,
    schedulingGates: oldSpec.schedulingGates,
  };
  const grace = oldSpec.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace < 0 && spec.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = grace;
  if (!semanticEqual(munged, oldSpec)) {
    causes.push(forbidden('spec', `pod updates may not change fields other than ${POD_UPDATABLE}\n${readableDiff('core.PodSpec', oldSpec, munged)}`));
  }
  return causes;
}

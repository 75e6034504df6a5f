/**
 * Annotations with a meaning for pods (Kubernetes' ValidatePodSpecificAnnotations), checked on
 * Pods and pod templates alike: the mirror-pod marker, the deletion cost, and the legacy seccomp
 * and AppArmor profile annotations.
 */
import { childPath, invalidError, keyPath, type FieldError } from '../field-errors.ts';
import { localDescendingPathErrors, MAX_INT32 } from './pod-formats.ts';
import { objectOf, objectsOf, stringOf, type Obj } from './readers.ts';

const MIRROR = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function seccompProfileErrors(profile: string, path: string): FieldError[] {
  if (['runtime/default', 'docker/default', 'unconfined'].includes(profile)) return [];
  if (profile.startsWith('localhost/')) return localDescendingPathErrors(profile.slice('localhost/'.length), path);
  return [invalidError(path, profile, 'must be a valid seccomp profile')];
}

function containerNames(spec: Obj): Set<string> {
  return new Set(['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) => objectsOf(spec[k]).map((c) => stringOf(c.name))));
}

/** Errors of the pod-specific annotations in `annotations`, reported under `path`. */
export function podAnnotationErrors(annotations: unknown, spec: Obj, path: string): FieldError[] {
  const a = objectOf(annotations) ?? {};
  const errs: FieldError[] = [];
  if (a[MIRROR] !== undefined && !stringOf(spec.nodeName)) errs.push(invalidError(keyPath(path, MIRROR), stringOf(a[MIRROR]), 'must set spec.nodeName if mirror pod annotation is set'));
  const cost = a[DELETION_COST];
  if (cost !== undefined) {
    const text = stringOf(cost);
    // A plus sign or leading zeros are refused before the number is read.
    const n = /^(0|[1-9]\d*|-\d+)$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < -MAX_INT32 - 1 || n > MAX_INT32) errs.push(invalidError(keyPath(path, DELETION_COST), text, 'must be a 32bit integer'));
  }
  // Kubernetes joins these annotation keys to the path as if they were field names.
  if (a[SECCOMP_POD] !== undefined) errs.push(...seccompProfileErrors(stringOf(a[SECCOMP_POD]), childPath(path, SECCOMP_POD)));
  for (const [k, v] of Object.entries(a)) {
    if (k.startsWith(SECCOMP_CONTAINER_PREFIX)) errs.push(...seccompProfileErrors(stringOf(v), childPath(path, k)));
  }
  const names = containerNames(spec);
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith(APPARMOR_PREFIX)) continue;
    const container = k.slice(APPARMOR_PREFIX.length);
    if (!names.has(container)) errs.push(invalidError(keyPath(path, k), container, 'container not found'));
    const profile = stringOf(v);
    if (profile && profile !== 'runtime/default' && profile !== 'unconfined' && !profile.startsWith('localhost/')) {
      errs.push(invalidError(keyPath(path, k), profile, `invalid AppArmor profile name: ${JSON.stringify(profile)}`));
    }
  }
  return errs;
}

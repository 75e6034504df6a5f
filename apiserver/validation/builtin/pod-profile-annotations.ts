/**
 * The legacy seccomp and AppArmor annotations beside the fields that replaced them (Kubernetes'
 * validateSeccompAnnotationsAndFields and validateAppArmorAnnotationsAndFieldsMatchOnCreate):
 * where both are given they must name the same profile. Also the update rule that AppArmor and
 * mirror-pod annotations can be neither added, changed nor removed once a Pod exists.
 */
import { childPath, forbiddenError, indexPath, keyPath, type FieldError } from '../field-errors.ts';
import { objectOf, objectsOf, stringOf, type Obj } from './readers.ts';

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const MIRROR = 'kubernetes.io/config.mirror';
const LOCALHOST = 'localhost/';

/** Containers with their paths, in Kubernetes' visiting order (init, regular, ephemeral). */
function containers(spec: Obj, specPath: string): [Obj, string][] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((list) =>
    objectsOf(spec[list]).map((c, i): [Obj, string] => [c, indexPath(childPath(specPath, list), i)]));
}

/**
 * An annotation and a profile field disagree: the type names another kind of profile, or the
 * localhost file differs. `defaults` are the annotation values RuntimeDefault stands for.
 */
function mismatch(annotation: string, profile: Obj, defaults: string[], path: string, what: string): FieldError[] {
  const type = stringOf(profile.type);
  const typeError = [forbiddenError(childPath(path, 'type'), `${what} type in annotation and field must match`)];
  if (type === 'Unconfined') return annotation === 'unconfined' ? [] : typeError;
  if (type === 'RuntimeDefault') return defaults.includes(annotation) ? [] : typeError;
  if (type === 'Localhost') {
    if (!annotation.startsWith(LOCALHOST)) return typeError;
    const local = profile.localhostProfile;
    if (typeof local !== 'string' || annotation.slice(LOCALHOST.length) !== local) {
      return [forbiddenError(childPath(path, 'localhostProfile'), `${what} profile in annotation and field must match`)];
    }
  }
  return [];
}

/** Seccomp and AppArmor annotations agree with the profile fields they sit beside, under `specPath`. */
export function profileAnnotationErrors(annotations: unknown, spec: Obj, specPath: string): FieldError[] {
  const a = objectOf(annotations) ?? {};
  const errs: FieldError[] = [];
  const podContext = objectOf(spec.securityContext);
  const podSeccomp = objectOf(podContext?.seccompProfile);
  if (podSeccomp && typeof a[SECCOMP_POD] === 'string') {
    errs.push(...mismatch(a[SECCOMP_POD], podSeccomp, ['runtime/default', 'docker/default'], childPath(childPath(specPath, 'securityContext'), 'seccompProfile'), 'seccomp'));
  }
  for (const [c, path] of containers(spec, specPath)) {
    const seccomp = objectOf(objectOf(c.securityContext)?.seccompProfile);
    const annotation = a[SECCOMP_CONTAINER_PREFIX + stringOf(c.name)];
    if (seccomp && typeof annotation === 'string') {
      errs.push(...mismatch(annotation, seccomp, ['runtime/default', 'docker/default'], childPath(childPath(path, 'securityContext'), 'seccompProfile'), 'seccomp'));
    }
  }
  // Windows pods have no AppArmor; Kubernetes skips the comparison for them.
  if (stringOf(objectOf(spec.os)?.name) === 'windows') return errs;
  for (const [c, path] of containers(spec, specPath)) {
    const profile = objectOf(objectOf(c.securityContext)?.appArmorProfile) ?? objectOf(podContext?.appArmorProfile);
    const annotation = a[APPARMOR_PREFIX + stringOf(c.name)];
    if (profile && typeof annotation === 'string') {
      errs.push(...mismatch(annotation, profile, ['runtime/default'], childPath(childPath(path, 'securityContext'), 'appArmorProfile'), 'apparmor'));
    }
  }
  return errs;
}

/** An update may not add, change or remove a Pod's AppArmor or mirror-pod annotations (ValidatePodSpecificAnnotationUpdates). */
export function annotationUpdateErrors(annotations: unknown, oldAnnotations: unknown, path: string): FieldError[] {
  const now = objectOf(annotations) ?? {};
  const before = objectOf(oldAnnotations) ?? {};
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(before)) {
    if (Object.hasOwn(now, k) && now[k] === v) continue;
    if (k.startsWith(APPARMOR_PREFIX)) errs.push(forbiddenError(keyPath(path, k), 'may not remove or update AppArmor annotations'));
    if (k === MIRROR) errs.push(forbiddenError(keyPath(path, k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(now)) {
    if (Object.hasOwn(before, k)) continue;
    if (k.startsWith(APPARMOR_PREFIX)) errs.push(forbiddenError(keyPath(path, k), 'may not add AppArmor annotations'));
    if (k === MIRROR) errs.push(forbiddenError(keyPath(path, k), 'may not add mirror pod annotation'));
  }
  return errs;
}

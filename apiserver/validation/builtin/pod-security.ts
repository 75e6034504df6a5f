/**
 * Security contexts of pods and containers (Kubernetes' validatePodSpecSecurityContext and
 * ValidateSecurityContext): user and group ids in range, seccomp and AppArmor profiles that name
 * their type, and sysctls with valid unique names.
 */
import { childPath, duplicateError, indexPath, invalidError, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { inclusiveRange, localDescendingPathErrors, MAX_INT32 } from './pod-formats.ts';
import { numberOf, objectOf, stringOf, type Obj } from './readers.ts';

function idErrors(value: unknown, path: string): FieldError[] {
  const n = numberOf(value);
  return n !== undefined && (n < 0 || n > MAX_INT32) ? [invalidError(path, n, inclusiveRange(0, MAX_INT32))] : [];
}

const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

function seccompErrors(profile: unknown, path: string): FieldError[] {
  const p = objectOf(profile);
  if (!p) return [];
  const errs: FieldError[] = [];
  const type = stringOf(p.type);
  if (!type) errs.push(requiredError(childPath(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!SECCOMP_TYPES.includes(type)) errs.push(notSupportedError(childPath(path, 'type'), type, SECCOMP_TYPES));
  const local = p.localhostProfile;
  if (type === 'Localhost') {
    if (typeof local !== 'string') errs.push(requiredError(childPath(path, 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errs.push(...localDescendingPathErrors(local, childPath(path, 'localhostProfile')));
  }
  return errs;
}

function appArmorErrors(profile: unknown, path: string): FieldError[] {
  const p = objectOf(profile);
  if (!p) return [];
  const type = stringOf(p.type);
  const local = p.localhostProfile;
  if (type === 'Localhost') {
    if (typeof local !== 'string' || !local.trim()) return [requiredError(childPath(path, 'localhostProfile'), 'must be set when AppArmor type is Localhost')];
    if (local.trim() !== local) return [invalidError(childPath(path, 'localhostProfile'), local, 'must not be padded with whitespace')];
    return [];
  }
  if (type === 'RuntimeDefault' || type === 'Unconfined') {
    return typeof local === 'string' ? [invalidError(childPath(path, 'localhostProfile'), local, 'can only be set when AppArmor type is Localhost')] : [];
  }
  if (!type) return [requiredError(childPath(path, 'type'), 'type is required when appArmorProfile is set')];
  return [notSupportedError(childPath(path, 'type'), type, ['Localhost', 'RuntimeDefault', 'Unconfined'])];
}

/**
 * Errors of a container's `securityContext` at `path`. `procMount` (like the pod's `hostUsers`)
 * belongs to a feature Kubernetes 1.32 leaves off by default and drops before validating, so it
 * is not checked here either.
 */
export function containerSecurityErrors(context: unknown, path: string): FieldError[] {
  const sc = objectOf(context);
  if (!sc) return [];
  const errs = [...idErrors(sc.runAsUser, childPath(path, 'runAsUser')), ...idErrors(sc.runAsGroup, childPath(path, 'runAsGroup'))];
  errs.push(...seccompErrors(sc.seccompProfile, childPath(path, 'seccompProfile')));
  errs.push(...appArmorErrors(sc.appArmorProfile, childPath(path, 'appArmorProfile')));
  return errs;
}

const SYSCTL_PATTERN = '^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$';
const SYSCTL = new RegExp(SYSCTL_PATTERN);

/** The host namespace a sysctl belongs to, when it is one a pod may share with its host. */
function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  const dotted = name.replaceAll('/', '.');
  if (dotted.startsWith('net.')) return 'net';
  if (['kernel.shmmax', 'kernel.shmall', 'kernel.shmmni', 'kernel.shm_rmid_forced', 'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem'].includes(dotted) || dotted.startsWith('fs.mqueue.')) return 'ipc';
  return undefined;
}

function sysctlErrors(spec: Obj, sysctls: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (Array.isArray(sysctls) ? sysctls : []).forEach((s, i) => {
    const name = stringOf(objectOf(s)?.name);
    const namePath = childPath(indexPath(path, i), 'name');
    if (!name) errs.push(requiredError(namePath));
    else if (name.length > 253 || !SYSCTL.test(name)) errs.push(invalidError(namePath, name, `must have at most 253 characters and match regex ${SYSCTL_PATTERN}`));
    else if (seen.has(name)) errs.push(duplicateError(namePath, name));
    const ns = sysctlNamespace(name);
    if (ns === 'net' && spec.hostNetwork === true) errs.push(invalidError(namePath, name, `may not be specified when 'hostNetwork' is true`));
    if (ns === 'ipc' && spec.hostIPC === true) errs.push(invalidError(namePath, name, `may not be specified when 'hostIPC' is true`));
    seen.add(name);
  });
  return errs;
}

/** Errors of the pod's `securityContext` (and the host namespace fields beside it) under `specPath`. */
export function podSecurityErrors(spec: Obj, specPath: string): FieldError[] {
  const sc = objectOf(spec.securityContext);
  const path = childPath(specPath, 'securityContext');
  if (!sc) return [];
  const errs = [...idErrors(sc.fsGroup, childPath(path, 'fsGroup')), ...idErrors(sc.runAsUser, childPath(path, 'runAsUser')), ...idErrors(sc.runAsGroup, childPath(path, 'runAsGroup'))];
  (Array.isArray(sc.supplementalGroups) ? sc.supplementalGroups : []).forEach((g, i) => errs.push(...idErrors(g, indexPath(childPath(path, 'supplementalGroups'), i))));
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalidError(childPath(path, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  errs.push(...sysctlErrors(spec, sc.sysctls, childPath(path, 'sysctls')));
  const fsPolicy = sc.fsGroupChangePolicy;
  if (typeof fsPolicy === 'string' && fsPolicy !== 'Always' && fsPolicy !== 'OnRootMismatch') {
    errs.push(notSupportedError(childPath(path, 'fsGroupChangePolicy'), fsPolicy, ['Always', 'OnRootMismatch']));
  }
  errs.push(...seccompErrors(sc.seccompProfile, childPath(path, 'seccompProfile')));
  errs.push(...appArmorErrors(sc.appArmorProfile, childPath(path, 'appArmorProfile')));
  const groupsPolicy = sc.supplementalGroupsPolicy;
  if (typeof groupsPolicy === 'string' && groupsPolicy !== 'Merge' && groupsPolicy !== 'Strict') {
    errs.push(notSupportedError(childPath(path, 'supplementalGroupsPolicy'), groupsPolicy, ['Merge', 'Strict']));
  }
  return errs;
}

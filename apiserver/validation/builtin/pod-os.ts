/**
 * A pod that names its operating system (`spec.os`, Kubernetes' validateOS, validateLinux and
 * validateWindows) may only use the security settings that system has: Windows options on Linux
 * pods are refused, and Linux-only settings on Windows pods.
 */
import { childPath, forbiddenError, indexPath, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { isSet, objectOf, objectsOf, stringOf, type Obj } from './readers.ts';

const OPERATING_SYSTEMS = ['linux', 'windows'];
const WINDOWS_REFUSES = 'cannot be set for a windows pod';

/** Each container's security context with its path, in Kubernetes' visiting order (init, regular, ephemeral). */
function containerContexts(spec: Obj, specPath: string): [Obj | undefined, string][] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((list) =>
    objectsOf(spec[list]).map((c, i): [Obj | undefined, string] => [objectOf(c.securityContext), childPath(indexPath(childPath(specPath, list), i), 'securityContext')]));
}


function linuxErrors(spec: Obj, specPath: string): FieldError[] {
  const contexts: [Obj | undefined, string][] = [[objectOf(spec.securityContext), childPath(specPath, 'securityContext')], ...containerContexts(spec, specPath)];
  return contexts.flatMap(([sc, path]) => (isSet(sc?.windowsOptions) ? [forbiddenError(childPath(path, 'windowsOptions'), 'windows options cannot be set for a linux pod')] : []));
}

const POD_LINUX_ONLY = ['appArmorProfile', 'seLinuxOptions'];
const POD_LINUX_ONLY_AFTER_HOST = ['seccompProfile', 'fsGroup', 'fsGroupChangePolicy'];
const POD_IDS = ['runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy', 'seLinuxChangePolicy'];
const CONTAINER_LINUX_ONLY = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];

function windowsErrors(spec: Obj, specPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const scPath = childPath(specPath, 'securityContext');
  const sc = objectOf(spec.securityContext);
  if (sc) {
    for (const f of POD_LINUX_ONLY) if (isSet(sc[f])) errs.push(forbiddenError(childPath(scPath, f), WINDOWS_REFUSES));
    // The host namespace fields sit beside the security context in v1 and are reported there.
    if (isSet(spec.hostUsers)) errs.push(forbiddenError(childPath(specPath, 'hostUsers'), WINDOWS_REFUSES));
    if (spec.hostPID === true) errs.push(forbiddenError(childPath(specPath, 'hostPID'), WINDOWS_REFUSES));
    if (spec.hostIPC === true) errs.push(forbiddenError(childPath(specPath, 'hostIPC'), WINDOWS_REFUSES));
    for (const f of POD_LINUX_ONLY_AFTER_HOST) if (isSet(sc[f])) errs.push(forbiddenError(childPath(scPath, f), WINDOWS_REFUSES));
    if (Array.isArray(sc.sysctls) && sc.sysctls.length) errs.push(forbiddenError(childPath(scPath, 'sysctls'), WINDOWS_REFUSES));
    if (isSet(spec.shareProcessNamespace)) errs.push(forbiddenError(childPath(specPath, 'shareProcessNamespace'), WINDOWS_REFUSES));
    for (const f of POD_IDS) if (isSet(sc[f])) errs.push(forbiddenError(childPath(scPath, f), WINDOWS_REFUSES));
  }
  for (const [csc, path] of containerContexts(spec, specPath)) {
    if (csc) for (const f of CONTAINER_LINUX_ONLY) if (isSet(csc[f])) errs.push(forbiddenError(childPath(path, f), WINDOWS_REFUSES));
  }
  return errs;
}

/** Errors of `spec.os` and of the settings the named system does not have, under `specPath`. */
export function osErrors(spec: Obj, specPath: string): FieldError[] {
  const os = objectOf(spec.os);
  if (!os) return [];
  const path = childPath(specPath, 'os');
  const name = stringOf(os.name);
  if (!name) return [requiredError(childPath(path, 'name'), 'cannot be empty')];
  if (!OPERATING_SYSTEMS.includes(name)) return [notSupportedError(path, name, OPERATING_SYSTEMS)];
  return name === 'linux' ? linuxErrors(spec, specPath) : windowsErrors(spec, specPath);
}

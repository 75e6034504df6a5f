/**
 * Where a container puts the pod's volumes (Kubernetes' ValidateVolumeMounts and
 * ValidateVolumeDevices): mounts name a valid volume and a unique path, sub-paths stay inside the
 * volume, and block devices come only from claims. Several of these errors carry the path of the
 * list rather than of the item (`volumeMounts.subPath`), exactly as Kubernetes reports them.
 */
import { childPath, forbiddenError, indexPath, invalidError, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { localDescendingPathErrors, noBackstepErrors } from './pod-formats.ts';
import { objectOf, objectsOf, stringOf, type Obj } from './readers.ts';

const PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];

function propagationErrors(mount: Obj, container: Obj, path: string): FieldError[] {
  const mode = mount.mountPropagation;
  if (typeof mode !== 'string') return [];
  const errs = PROPAGATIONS.includes(mode) ? [] : [notSupportedError(path, mode, PROPAGATIONS)];
  if (mode === 'Bidirectional' && objectOf(container.securityContext)?.privileged !== true) {
    errs.push(forbiddenError(path, 'Bidirectional mount propagation is available only to privileged containers'));
  }
  return errs;
}

function recursiveReadOnlyErrors(mount: Obj, path: string): FieldError[] {
  const mode = mount.recursiveReadOnly;
  if (typeof mode !== 'string' || mode === 'Disabled') return [];
  if (mode !== 'Enabled' && mode !== 'IfPossible') return [notSupportedError(path, mode, ['Disabled', 'Enabled', 'IfPossible'])];
  const errs: FieldError[] = [];
  if (mount.readOnly !== true) errs.push(forbiddenError(path, 'may only be specified when readOnly is true'));
  if (typeof mount.mountPropagation === 'string' && mount.mountPropagation !== 'None') {
    errs.push(forbiddenError(path, 'may only be specified when mountPropagation is None or not specified'));
  }
  return errs;
}

/** Errors of a container's `volumeMounts` at `path`, given the pod's valid volumes. */
export function volumeMountErrors(container: Obj, volumes: Map<string, Obj>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const devices = objectsOf(container.volumeDevices);
  const deviceNames = new Set(devices.map((d) => stringOf(d.name)));
  const devicePaths = new Set(devices.map((d) => stringOf(d.devicePath)));
  const mountPaths = new Set<string>();
  objectsOf(container.volumeMounts).forEach((m, i) => {
    const idx = indexPath(path, i);
    const name = stringOf(m.name);
    const mountPath = stringOf(m.mountPath);
    if (!name) errs.push(requiredError(childPath(idx, 'name')));
    if (!volumes.has(name)) errs.push({ type: 'FieldValueNotFound', field: childPath(idx, 'name'), badValue: name, detail: '' });
    if (!mountPath) errs.push(requiredError(childPath(idx, 'mountPath')));
    if (mountPaths.has(mountPath)) errs.push(invalidError(childPath(idx, 'mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    if (deviceNames.has(name)) errs.push(invalidError(childPath(idx, 'name'), name, 'must not already exist in volumeDevices'));
    if (devicePaths.has(mountPath)) errs.push(invalidError(childPath(idx, 'mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    const subPath = stringOf(m.subPath);
    const subPathExpr = stringOf(m.subPathExpr);
    if (objectOf(volumes.get(name)?.image)) {
      if (subPath) errs.push(invalidError(childPath(idx, 'subPath'), subPath, 'not allowed in image volume sources'));
      if (subPathExpr) errs.push(invalidError(childPath(idx, 'subPathExpr'), subPathExpr, 'not allowed in image volume sources'));
    }
    if (subPath) errs.push(...localDescendingPathErrors(subPath, childPath(path, 'subPath')));
    if (subPathExpr) {
      if (subPath) errs.push(invalidError(childPath(idx, 'subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...localDescendingPathErrors(subPathExpr, childPath(path, 'subPathExpr')));
    }
    errs.push(...propagationErrors(m, container, childPath(path, 'mountPropagation')));
    errs.push(...recursiveReadOnlyErrors(m, childPath(path, 'recursiveReadOnly')));
  });
  return errs;
}

/** Errors of a container's `volumeDevices` at `path`: raw block devices of claims only. */
export function volumeDeviceErrors(container: Obj, volumes: Map<string, Obj>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mounts = objectsOf(container.volumeMounts);
  const mountNames = new Set(mounts.map((m) => stringOf(m.name)));
  const mountPaths = new Set(mounts.map((m) => stringOf(m.mountPath)));
  const names = new Set<string>();
  const paths = new Set<string>();
  objectsOf(container.volumeDevices).forEach((d, i) => {
    const idx = indexPath(path, i);
    const name = stringOf(d.name);
    const devicePath = stringOf(d.devicePath);
    const volume = volumes.get(name);
    if (!name) errs.push(requiredError(childPath(idx, 'name')));
    if (names.has(name)) errs.push(invalidError(childPath(idx, 'name'), name, 'must be unique'));
    if (volume && !objectOf(volume.persistentVolumeClaim) && !objectOf(volume.ephemeral)) {
      errs.push(invalidError(childPath(idx, 'name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    }
    if (!volume) errs.push({ type: 'FieldValueNotFound', field: childPath(idx, 'name'), badValue: name, detail: '' });
    if (!devicePath) errs.push(requiredError(childPath(idx, 'devicePath')));
    if (paths.has(devicePath)) errs.push(invalidError(childPath(idx, 'devicePath'), devicePath, 'must be unique'));
    if (devicePath && noBackstepErrors(devicePath, path).length) errs.push(invalidError(childPath(idx, 'devicePath'), devicePath, `can not contain backsteps ('..')`));
    else paths.add(devicePath);
    if (mountNames.has(name)) errs.push(invalidError(childPath(idx, 'name'), name, 'must not already exist in volumeMounts'));
    if (mountPaths.has(devicePath)) errs.push(invalidError(childPath(idx, 'devicePath'), devicePath, 'must not already exist as a path in volumeMounts'));
    if (name) names.add(name);
  });
  return errs;
}

/**
 * Volumes that project API data into files: configMap, secret, downwardAPI and projected. Their
 * items name keys and relative paths; projected sources must not write the same path twice.
 */
import { childPath, forbiddenError, indexPath, invalidError, requiredError, type FieldError } from '../field-errors.ts';
import { fieldSelectorErrors, resourceSelectorErrors, VOLUME_FIELD_PATHS } from './pod-field-selectors.ts';
import { fileModeErrors, localNonReservedPathErrors } from './pod-formats.ts';
import { numberOf, objectOf, objectsOf, setKeys, stringOf, type Obj } from './readers.ts';

/** A KeyToPath item: a key, a relative path and an optional mode. */
function keyToPathErrors(item: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!stringOf(item.key)) errs.push(requiredError(childPath(path, 'key')));
  if (!stringOf(item.path)) errs.push(requiredError(childPath(path, 'path')));
  errs.push(...localNonReservedPathErrors(stringOf(item.path), childPath(path, 'path')));
  errs.push(...fileModeErrors(item.mode, childPath(path, 'mode')));
  return errs;
}

function itemsErrors(source: Obj, path: string): FieldError[] {
  return objectsOf(source.items).flatMap((item, i) => keyToPathErrors(item, indexPath(childPath(path, 'items'), i)));
}

/** A secret volume names its Secret. */
export function secretVolumeErrors(source: Obj, path: string): FieldError[] {
  const errs = stringOf(source.secretName) ? [] : [requiredError(childPath(path, 'secretName'))];
  return [...errs, ...fileModeErrors(source.defaultMode, childPath(path, 'defaultMode')), ...itemsErrors(source, path)];
}

/** A configMap volume names its ConfigMap. */
export function configMapVolumeErrors(source: Obj, path: string): FieldError[] {
  const errs = stringOf(source.name) ? [] : [requiredError(childPath(path, 'name'))];
  return [...errs, ...fileModeErrors(source.defaultMode, childPath(path, 'defaultMode')), ...itemsErrors(source, path)];
}

/**
 * One downwardAPI file. Kubernetes reports these at the path of the volume source, not of the
 * item (`volumes[0].downwardAPI.path`), and so do we.
 */
function downwardFileErrors(file: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!stringOf(file.path)) errs.push(requiredError(childPath(path, 'path')));
  errs.push(...localNonReservedPathErrors(stringOf(file.path), childPath(path, 'path')));
  const fieldRef = objectOf(file.fieldRef);
  const resourceRef = objectOf(file.resourceFieldRef);
  if (fieldRef) {
    errs.push(...fieldSelectorErrors(fieldRef, VOLUME_FIELD_PATHS, childPath(path, 'fieldRef')));
    if (resourceRef) errs.push(invalidError(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (resourceRef) {
    errs.push(...resourceSelectorErrors(resourceRef, childPath(path, 'resourceFieldRef'), true));
  } else {
    errs.push(requiredError(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  return [...errs, ...fileModeErrors(file.mode, childPath(path, 'mode'))];
}

/** A downwardAPI volume: each file takes a pod field or a container resource. */
export function downwardAPIVolumeErrors(source: Obj, path: string): FieldError[] {
  return [...fileModeErrors(source.defaultMode, childPath(path, 'defaultMode')), ...objectsOf(source.items).flatMap((f) => downwardFileErrors(f, path))];
}

const PROJECTION_KINDS = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'];
const TEN_MINUTES = 600;
const TWO_TO_32 = 2 ** 32;

/** Tracks the file paths projected so far; a repeated one is an error at the projected source. */
function pathTracker(path: string) {
  const seen = new Set<string>();
  return (file: string, value: string): FieldError[] => {
    if (!file) return [];
    if (seen.has(file)) return [invalidError(path, value, 'conflicting duplicate paths')];
    seen.add(file);
    return [];
  };
}

function tokenErrors(token: Obj, sourcePath: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const expiration = numberOf(token.expirationSeconds) ?? 0;
  if (expiration < TEN_MINUTES) errs.push(invalidError(childPath(sourcePath, 'expirationSeconds'), expiration, 'may not specify a duration less than 10 minutes'));
  if (expiration > TWO_TO_32) errs.push(invalidError(childPath(sourcePath, 'expirationSeconds'), expiration, 'may not specify a duration larger than 2^32 seconds'));
  // Kubernetes reports the token's path at the projected volume's level.
  if (!stringOf(token.path)) errs.push(requiredError(childPath(path, 'path')));
  else errs.push(...localNonReservedPathErrors(stringOf(token.path), childPath(path, 'path')));
  return errs;
}

/** A projected volume: each source projects exactly one kind of data, to paths used once. */
export function projectedVolumeErrors(source: Obj, path: string): FieldError[] {
  const errs = fileModeErrors(source.defaultMode, childPath(path, 'defaultMode'));
  const track = pathTracker(path);
  objectsOf(source.sources).forEach((s, i) => {
    const srcPath = indexPath(childPath(path, 'sources'), i);
    for (const kind of ['secret', 'configMap'] as const) {
      const ref = objectOf(s[kind]);
      if (!ref) continue;
      const refPath = childPath(srcPath, kind);
      if (!stringOf(ref.name)) errs.push(requiredError(childPath(refPath, 'name')));
      objectsOf(ref.items).forEach((item, j) => {
        errs.push(...keyToPathErrors(item, indexPath(childPath(refPath, 'items'), j)));
        errs.push(...track(stringOf(item.path), stringOf(ref.name)));
      });
    }
    const downward = objectOf(s.downwardAPI);
    for (const file of objectsOf(downward?.items)) {
      errs.push(...downwardFileErrors(file, childPath(srcPath, 'downwardAPI')));
      errs.push(...track(stringOf(file.path), stringOf(file.path)));
    }
    const token = objectOf(s.serviceAccountToken);
    if (token) errs.push(...tokenErrors(token, childPath(srcPath, 'serviceAccountToken'), path));
    const bundle = objectOf(s.clusterTrustBundle);
    if (bundle) {
      const bundlePath = childPath(srcPath, 'clusterTrustBundle');
      if (!stringOf(bundle.path)) errs.push(requiredError(childPath(bundlePath, 'path')));
      errs.push(...localNonReservedPathErrors(stringOf(bundle.path), childPath(bundlePath, 'path')));
      errs.push(...track(stringOf(bundle.path), stringOf(bundle.path)));
    }
    if (setKeys(s, PROJECTION_KINDS).length > 1) errs.push(forbiddenError(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

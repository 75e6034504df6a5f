/**
 * A pod's volumes (Kubernetes' ValidateVolumes): unique DNS-label names and exactly one source
 * each, with the required fields of the sources pods commonly use. Only volumes without errors
 * can be mounted, as in Kubernetes: a mount of a broken volume also reads `Not found`.
 */
import { childPath, duplicateError, forbiddenError, indexPath, invalidError, invalidErrors, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../names.ts';
import { noBackstepErrors } from './pod-formats.ts';
import { objectOf, objectsOf, stringOf, type Obj } from './readers.ts';
import { amountOf } from '../../objects/quota-resource-list.ts';
import { configMapVolumeErrors, downwardAPIVolumeErrors, projectedVolumeErrors, secretVolumeErrors } from './pod-volume-projections.ts';

type SourceCheck = (source: Obj, path: string) => FieldError[];

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

const required = (...fields: string[]): SourceCheck => (source, path) =>
  fields.filter((f) => !stringOf(source[f])).map((f) => requiredError(childPath(path, f)));

function emptyDirErrors(source: Obj, path: string): FieldError[] {
  const limit = amountOf(source.sizeLimit);
  return limit && limit.nanos < 0n ? [forbiddenError(childPath(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')] : [];
}

function hostPathErrors(source: Obj, path: string): FieldError[] {
  const p = stringOf(source.path);
  if (!p) return [requiredError(childPath(path, 'path'))];
  const errs = noBackstepErrors(p, childPath(path, 'path'));
  if (typeof source.type === 'string' && !HOST_PATH_TYPES.includes(source.type)) errs.push(notSupportedError(childPath(path, 'type'), source.type, HOST_PATH_TYPES));
  return errs;
}

function nfsErrors(source: Obj, path: string): FieldError[] {
  const errs = required('server', 'path')(source, path);
  if (!stringOf(source.path).startsWith('/')) errs.push(invalidError(childPath(path, 'path'), stringOf(source.path), 'must be an absolute path'));
  return errs;
}

function ephemeralErrors(source: Obj, path: string): FieldError[] {
  return objectOf(source.volumeClaimTemplate) ? [] : [requiredError(childPath(path, 'volumeClaimTemplate'))];
}

/**
 * The volume sources in Kubernetes' order: the JSON key, the path segment of the "more than 1
 * volume type" error (Kubernetes spells two of them differently from the JSON key) and the
 * checks of the source's own fields.
 */
const SOURCES: [key: string, conflictName: string, check?: SourceCheck][] = [
  ['emptyDir', 'emptyDir', emptyDirErrors],
  ['hostPath', 'hostPath', hostPathErrors],
  ['gitRepo', 'gitRepo', required('repository')],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore', required('volumeID')],
  ['secret', 'secret', secretVolumeErrors],
  ['nfs', 'nfs', nfsErrors],
  ['iscsi', 'iscsi', required('targetPortal', 'iqn')],
  ['glusterfs', 'glusterfs', required('endpoints', 'path')],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim', required('claimName')],
  ['rbd', 'rbd', required('image')],
  ['cinder', 'cinder', required('volumeID')],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte', required('volume')],
  ['downwardAPI', 'downwarAPI', downwardAPIVolumeErrors],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume', required('driver')],
  ['configMap', 'configMap', configMapVolumeErrors],
  ['azureFile', 'azureFile', required('secretName', 'shareName')],
  ['vsphereVolume', 'vsphereVolume', required('volumePath')],
  ['photonPersistentDisk', 'photonPersistentDisk', required('pdID')],
  ['portworxVolume', 'portworxVolume', required('volumeID')],
  ['azureDisk', 'azureDisk', required('diskName', 'diskURI')],
  ['storageos', 'storageos', required('volumeName')],
  ['projected', 'projected', projectedVolumeErrors],
  ['scaleIO', 'scaleIO', required('gateway', 'system', 'volumeName')],
  ['csi', 'csi', required('driver')],
  ['ephemeral', 'ephemeral', ephemeralErrors],
  ['image', 'image'],
];

/** The source kinds a volume names, in Kubernetes' order. */
export function volumeSourceKinds(volume: Obj): string[] {
  return SOURCES.map(([key]) => key).filter((key) => objectOf(volume[key]));
}

/**
 * Exactly one source, and that source's own fields (validateVolumeSource). A Pod's ephemeral
 * volume also needs a valid name for the claim created for it, `<pod>-<volume>`.
 */
function volumeSourceErrors(volume: Obj, path: string, podName: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const [key, conflictName, check] of SOURCES) {
    const source = objectOf(volume[key]);
    if (!source) continue;
    if (count > 0) {
      errs.push(forbiddenError(childPath(path, conflictName), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    if (check) errs.push(...check(source, childPath(path, key)));
    const name = stringOf(volume.name);
    if (key === 'ephemeral' && podName && name) {
      const claim = `${podName}-${name}`;
      errs.push(...invalidErrors(childPath(path, 'name'), name, dns1123SubdomainErrors(claim).map((m) => `PVC name ${JSON.stringify(claim)}: ${m}`)));
    }
  }
  if (!count) errs.push(requiredError(path, 'must specify a volume type'));
  return errs;
}

/** The result of checking a pod's volumes: the valid ones by name, and the errors. */
export interface VolumeCheck {
  volumes: Map<string, Obj>;
  errors: FieldError[];
}

/** Validates `spec.volumes` at `path`; `podName` is set for a Pod's own spec, not for templates. */
export function validateVolumes(volumes: unknown, path: string, podName = ''): VolumeCheck {
  const valid = new Map<string, Obj>();
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const list = objectsOf(volumes);
  const createdClaims = new Set(podName ? list.filter((v) => objectOf(v.ephemeral)).map((v) => `${podName}-${stringOf(v.name)}`) : []);
  list.forEach((volume, i) => {
    const volPath = indexPath(path, i);
    const namePath = childPath(volPath, 'name');
    const name = stringOf(volume.name);
    const errs = volumeSourceErrors(volume, volPath, podName);
    if (!name) errs.push(requiredError(namePath));
    else errs.push(...invalidErrors(namePath, name, dns1123LabelErrors(name)));
    if (names.has(name)) errs.push(duplicateError(namePath, name));
    if (errs.length) {
      errors.push(...errs);
    } else {
      names.add(name);
      valid.set(name, volume);
    }
    const claimName = stringOf(objectOf(volume.persistentVolumeClaim)?.claimName);
    if (objectOf(volume.persistentVolumeClaim) && createdClaims.has(claimName)) {
      errors.push(invalidError(childPath(childPath(volPath, 'persistentVolumeClaim'), 'claimName'), claimName, 'must not reference a PVC that gets created for an ephemeral volume'));
    }
  });
  return { volumes: valid, errors };
}

/**
 * PersistentVolumeClaim specs as Kubernetes' ValidatePersistentVolumeClaimSpec checks them: access
 * modes, the selector, a positive storage request, the storage class name, the volume mode and the data source
 * references. The spec's immutability after creation is the claim strategy's business.
 */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { amountOf, formatAmount } from '../../objects/quota-resource-list.ts';
import { childPath, forbiddenError, invalidError, invalidErrors, keyPath, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../names.ts';
import { arrayOf, objectOf, stringOf, type Obj } from './readers.ts';
import { keepsInvalidLabelValues, labelSelectorErrors } from './workload-selectors.ts';
import type { BuiltinValidator } from './types.ts';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

function accessModeErrors(spec: Obj): FieldError[] {
  const modes = arrayOf(spec.accessModes).map((m) => stringOf(m));
  const errs = modes.filter((m) => !ACCESS_MODES.includes(m)).map((m) => notSupportedError('spec.accessModes', m, ACCESS_MODES));
  const oncePod = modes.includes('ReadWriteOncePod');
  const others = modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m));
  if (oncePod && others) errs.push(forbiddenError('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function storageRequestErrors(spec: Obj): FieldError[] {
  // Kubernetes keys the storage request on `resources` itself: `spec.resources[storage]`.
  const path = keyPath('spec.resources', 'storage');
  const requests = objectOf(objectOf(spec.resources)?.requests) ?? {};
  if (!Object.hasOwn(requests, 'storage')) return [requiredError(path)];
  const amount = amountOf(requests.storage);
  if (amount && amount.nanos <= 0n) return [invalidError(path, formatAmount(amount), 'must be greater than zero')];
  return [];
}

/** A dataSource or dataSourceRef: name and kind, and a core reference must be to a claim. */
function referenceErrors(ref: Obj, path: string, withNamespace: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!stringOf(ref.name)) errs.push(requiredError(childPath(path, 'name')));
  const kind = stringOf(ref.kind);
  if (!kind) errs.push(requiredError(childPath(path, 'kind')));
  const apiGroup = stringOf(ref.apiGroup);
  if (!apiGroup && kind !== 'PersistentVolumeClaim') {
    errs.push(invalidError(path, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (apiGroup) errs.push(...invalidErrors(childPath(path, 'apiGroup'), apiGroup, dns1123SubdomainErrors(apiGroup)));
  const namespace = stringOf(ref.namespace);
  if (withNamespace && namespace) errs.push(...invalidErrors(childPath(path, 'namespace'), namespace, dns1123LabelErrors(namespace)));
  return errs;
}

function dataSourceErrors(spec: Obj): FieldError[] {
  const source = objectOf(spec.dataSource);
  const ref = objectOf(spec.dataSourceRef);
  const errs: FieldError[] = [];
  if (source) errs.push(...referenceErrors(source, 'spec.dataSource', false));
  if (ref) errs.push(...referenceErrors(ref, 'spec.dataSourceRef', true));
  // Kubernetes prints the offending path itself as the bad value here.
  const printedPath = { goLiteral: 'spec.dataSource' };
  if (ref && stringOf(ref.namespace)) {
    if (source) errs.push(invalidError('spec', printedPath, 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (source && ref) {
    const same = source.apiGroup === ref.apiGroup && stringOf(source.kind) === stringOf(ref.kind) && stringOf(source.name) === stringOf(ref.name);
    if (!same) errs.push(invalidError('spec', printedPath, 'must match dataSourceRef'));
  }
  return errs;
}

/**
 * PersistentVolumeClaim: the spec checks, on create and on every update. A selector stored with
 * values that are not label values may keep them (Kubernetes ratchets that rule).
 */
export const validatePersistentVolumeClaim: BuiltinValidator = (obj: KubeObject, old: KubeObject | undefined) => {
  const spec = objectOf(obj.spec) ?? {};
  const errs: FieldError[] = [];
  if (!arrayOf(spec.accessModes).length) errs.push(requiredError('spec.accessModes', 'at least 1 access mode is required'));
  errs.push(...labelSelectorErrors(spec.selector, 'spec.selector', keepsInvalidLabelValues(objectOf(old?.spec)?.selector)));
  errs.push(...accessModeErrors(spec), ...storageRequestErrors(spec));
  const storageClass = stringOf(spec.storageClassName);
  if (storageClass) errs.push(...invalidErrors('spec.storageClassName', storageClass, dns1123SubdomainErrors(storageClass)));
  const volumeMode = spec.volumeMode;
  if (typeof volumeMode === 'string' && !VOLUME_MODES.includes(volumeMode)) errs.push(notSupportedError('spec.volumeMode', volumeMode, VOLUME_MODES));
  errs.push(...dataSourceErrors(spec));
  return errs;
};

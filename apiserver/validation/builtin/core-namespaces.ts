/**
 * Namespaces have no content rules of their own on create or update (their metadata is checked
 * for every kind); a `/finalize` write lists the finalizers that hold the namespace's deletion,
 * each a qualified name, and a name without a domain must be one Kubernetes defines. A `/status`
 * write keeps the phase in step with the deletion: Active until deleted, Terminating after.
 */
import { indexPath, invalidError, invalidErrors, type FieldError } from '../field-errors.ts';
import { qualifiedNameErrors } from '../names.ts';
import { arrayOf, objAt, objectOf, stringOf } from './readers.ts';
import type { SubresourceValidator } from './types.ts';

/** The finalizer names Kubernetes itself defines (IsStandardFinalizerName). */
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** validateFinalizerName: a qualified name, fully qualified unless it is a standard one. */
function finalizerNameErrors(name: string, path: string): FieldError[] {
  const errs = invalidErrors(path, name, qualifiedNameErrors(name));
  if (!name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
    errs.push(invalidError(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

/** ValidateNamespaceFinalizeUpdate: every entry of spec.finalizers. */
export const validateNamespaceFinalize: SubresourceValidator = (obj) =>
  arrayOf(objectOf(obj.spec)?.finalizers).flatMap((f, i) => finalizerNameErrors(stringOf(f), indexPath('spec.finalizers', i)));

/**
 * ValidateNamespaceStatusUpdate. Decoding defaults an empty phase to Active, so an absent phase is
 * judged as Active. Kubernetes names the field `Phase` in the path, and clients match on it.
 */
export const validateNamespaceStatus: SubresourceValidator = (obj) => {
  const phase = stringOf(objAt(obj, 'status').phase) || 'Active';
  if (!obj.metadata.deletionTimestamp) {
    return phase === 'Active' ? [] : [invalidError('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty")];
  }
  return phase === 'Terminating' ? [] : [invalidError('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
};

/** Status validators of namespaces, by storage key. */
export const NAMESPACE_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  '/namespaces': validateNamespaceStatus,
};

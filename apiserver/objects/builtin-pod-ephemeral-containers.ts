/**
 * The `pods/ephemeralcontainers` subresource, as `kubectl debug` uses it: a write through it
 * changes only `spec.ephemeralContainers` of the stored pod, adds containers without touching the
 * ones already there, and is judged as Kubernetes' ValidatePodEphemeralContainersUpdate judges
 * it (the whole pod again, then the existing ephemeral containers). Reads return the Pod.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { readableDiff, semanticEqual } from './builtin-immutability.ts';
import { forbiddenError, type FieldError } from '../validation/field-errors.ts';
import { validatePod } from '../validation/builtin/pods.ts';
import { objAt, objectsOf, stringOf } from '../validation/builtin/readers.ts';

/** The subresource's name in request paths and discovery. */
export const EPHEMERAL_CONTAINERS = 'ephemeralcontainers';

/** The annotation the kubelet sets on mirror pods of static pods. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * The pod a write through the subresource stores: the stored pod with only its ephemeral
 * containers taken from the request (dropNonEphemeralContainerUpdates), plus the request's
 * resourceVersion for the conflict check.
 */
export function ephemeralContainersCandidate(live: KubeObject, desired: KubeObject): KubeObject {
  const out = structuredClone(live);
  out.metadata.resourceVersion = desired.metadata.resourceVersion;
  const spec = { ...objAt(out, 'spec') };
  const wanted = objAt(desired, 'spec').ephemeralContainers;
  if (wanted === undefined) delete spec.ephemeralContainers;
  else spec.ephemeralContainers = wanted;
  out.spec = spec;
  return out;
}

/**
 * ValidatePodEphemeralContainersUpdate: static pods refuse the subresource outright; otherwise
 * the pod is judged as a whole (metadata, annotations, spec with its ephemeral containers), and
 * each ephemeral container the stored pod has must still be there, unchanged.
 */
export function validateEphemeralContainersUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  if (old.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return [forbiddenError('', 'static pods do not support ephemeral containers')];
  const errs = validatePod(pod, old);
  const path = 'spec.ephemeralContainers';
  const now = new Map(objectsOf(objAt(pod, 'spec').ephemeralContainers).map((c) => [stringOf(c.name), c]));
  for (const before of objectsOf(objAt(old, 'spec').ephemeralContainers)) {
    const name = stringOf(before.name);
    const after = now.get(name);
    if (!after) errs.push(forbiddenError(path, `existing ephemeral containers ${JSON.stringify(name)} may not be removed\n`));
    else if (!semanticEqual(before, after)) {
      errs.push(forbiddenError(path, `existing ephemeral containers ${JSON.stringify(name)} may not be changed\n${readableDiff('core.EphemeralContainer', before, after)}`));
    }
  }
  return errs;
}

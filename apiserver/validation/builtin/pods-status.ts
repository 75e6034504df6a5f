/**
 * Pod status writes as Kubernetes' ValidatePodStatusUpdate judges them (the spec is not judged
 * again there): custom condition types that are qualified names, a nominated node that is a valid
 * node name, a QoS class that never changes, containers that do not come back from a final
 * termination, and pod and host IPs (pods-status-ips.ts).
 */
import { childPath, forbiddenError, indexPath, invalidError, invalidErrors, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../names.ts';
import { hostIPErrors, podIPErrors } from './pods-status-ips.ts';
import { arrayOf, objAt, objectOf, objectsOf, stringOf, type Obj } from './readers.ts';
import type { SubresourceValidator } from './types.ts';

/** The condition types the system owns; any other type is a qualified name. */
const SYSTEM_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized']);

/**
 * validatePodConditions. Kubernetes roots these paths at `metadata` and names the field `Type`
 * (`metadata.conditions[0].Type`); clients match on that text, so it is kept.
 */
function conditionErrors(status: Obj): FieldError[] {
  return objectsOf(status.conditions).flatMap((c, i) => {
    const type = stringOf(c.type);
    return SYSTEM_CONDITIONS.has(type) ? [] : invalidErrors(`metadata.conditions[${i}].Type`, type, qualifiedNameErrors(type));
  });
}

/**
 * The QoS class is computed from the spec at creation and never changes. A write that leaves it
 * out keeps the stored class (Kubernetes copies it over before validating), so only a different
 * non-empty class is refused.
 */
function qosClassErrors(status: Obj, oldStatus: Obj): FieldError[] {
  const now = stringOf(status.qosClass);
  const before = stringOf(oldStatus.qosClass);
  return now && now !== before ? [invalidError('status.qosClass', now, 'field is immutable')] : [];
}

/** `status.nominatedNodeName`, checked when it changes to a non-empty name. */
function nominatedNodeErrors(status: Obj, oldStatus: Obj): FieldError[] {
  const name = stringOf(status.nominatedNodeName);
  if (!name || name === stringOf(oldStatus.nominatedNodeName)) return [];
  return invalidErrors('status.nominatedNodeName', name, dns1123SubdomainErrors(name));
}

/**
 * ValidateContainerStateTransition: unless the pod restarts always, a container that terminated
 * for good (any exit under Never, a zero exit under OnFailure) stays terminated. Restartable init
 * containers (sidecars) may restart whatever the pod's policy. Paths index the stored list.
 */
function stateTransitionErrors(list: string, status: Obj, oldStatus: Obj, spec: Obj): FieldError[] {
  // The kubelet never restarts ephemeral containers: they are judged as under Never.
  const policy = list === 'ephemeralContainerStatuses' ? 'Never' : stringOf(spec.restartPolicy);
  if (policy === 'Always') return [];
  const sidecars = new Set(arrayOf(spec.initContainers).map(objectOf).filter((c) => c?.restartPolicy === 'Always').map((c) => stringOf(c!.name)));
  const current = objectsOf(status[list]);
  const errs: FieldError[] = [];
  arrayOf(oldStatus[list]).forEach((raw, i) => {
    const before = objectOf(raw) ?? {};
    const terminated = objectOf(objAt(before, 'state').terminated);
    if (!terminated) return;
    const exitCode = typeof terminated.exitCode === 'number' ? terminated.exitCode : 0;
    if (exitCode !== 0 && policy === 'OnFailure') return;
    if (list === 'initContainerStatuses' && sidecars.has(stringOf(before.name))) return;
    for (const now of current) {
      if (stringOf(now.name) === stringOf(before.name) && !objectOf(objAt(now, 'state').terminated)) {
        errs.push(forbiddenError(childPath(indexPath(`status.${list}`, i), 'state'), 'may not be transitioned to non-terminated state'));
      }
    }
  });
  return errs;
}

/** ValidatePodStatusUpdate. */
const validatePodStatus: SubresourceValidator = (pod, old) => {
  const status = objAt(pod, 'status');
  const oldStatus = objAt(old, 'status');
  const spec = objAt(old, 'spec');
  return [
    ...conditionErrors(status),
    ...nominatedNodeErrors(status, oldStatus),
    ...qosClassErrors(status, oldStatus),
    ...stateTransitionErrors('containerStatuses', status, oldStatus, spec),
    ...stateTransitionErrors('initContainerStatuses', status, oldStatus, spec),
    ...stateTransitionErrors('ephemeralContainerStatuses', status, oldStatus, spec),
    ...podIPErrors(status),
    ...hostIPErrors(status),
  ];
};

/** Status validators of the pod kinds, by storage key. */
export const POD_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  '/pods': validatePodStatus,
};

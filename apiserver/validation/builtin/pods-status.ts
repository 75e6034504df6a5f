/**
 * Pod status writes as Kubernetes' ValidatePodStatusUpdate judges them (the spec is not judged
 * again there): a nominated node that is a valid node name, containers that do not come back
 * from a final termination, and pod IPs that are addresses, at most one of each family.
 */
import { childPath, forbiddenError, indexPath, invalidError, invalidErrors, type FieldError } from '../field-errors.ts';
import { dns1123SubdomainErrors } from '../names.ts';
import { ipErrors, parseIp } from './addresses.ts';
import { arrayOf, objAt, objectOf, objectsOf, stringOf, type Obj } from './readers.ts';
import type { SubresourceValidator } from './types.ts';

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
  const policy = stringOf(spec.restartPolicy);
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

/** `%#v` of the pod's IP list, the bad value of the family rule. */
function goPodIPs(ips: string[]): { goLiteral: string } {
  return { goLiteral: `[]core.PodIP{${ips.map((ip) => `core.PodIP{IP:${JSON.stringify(ip)}}`).join(', ')}}` };
}

/** validatePodIPs: each entry an IP address; several only as one IPv4 and one IPv6 address. */
function podIPErrors(status: Obj): FieldError[] {
  const ips = arrayOf(status.podIPs).map((e) => stringOf(objectOf(e)?.ip));
  const errs = ips.flatMap((ip, i) => ipErrors(indexPath('status.podIPs', i), ip));
  if (ips.length > 1 && !errs.length) {
    const families = new Set(ips.map((ip) => parseIp(ip)!.length));
    if (families.size < 2 || ips.length > 2) errs.push(invalidError('status.podIPs', goPodIPs(ips), 'may specify no more than one IP for each IP family'));
  }
  return errs;
}

/** ValidatePodStatusUpdate. */
const validatePodStatus: SubresourceValidator = (pod, old) => {
  const status = objAt(pod, 'status');
  const oldStatus = objAt(old, 'status');
  const spec = objAt(old, 'spec');
  return [
    ...nominatedNodeErrors(status, oldStatus),
    ...stateTransitionErrors('containerStatuses', status, oldStatus, spec),
    ...stateTransitionErrors('initContainerStatuses', status, oldStatus, spec),
    ...podIPErrors(status),
  ];
};

/** Status validators of the pod kinds, by storage key. */
export const POD_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  '/pods': validatePodStatus,
};

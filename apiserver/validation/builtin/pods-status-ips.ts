/**
 * The addresses a pod status reports, as Kubernetes 1.32 judges them: the pod's and the host's IP
 * lists hold valid addresses, no address twice, at most one of each family, and the host list
 * starts with `hostIP`. Kubernetes judges the lists after decoding, where the singular field wins:
 * a `podIP` (or `hostIP`) that differs from the list's first entry replaces the whole list, and a
 * list left empty is filled from it. The rules below read the lists that decoding yields.
 */
import { duplicateError, indexPath, internalError, invalidError, type FieldError } from '../field-errors.ts';
import { ipErrors, parseIp } from './addresses.ts';
import { arrayOf, objectOf, stringOf, type Obj } from './readers.ts';

/** The Go type each list's entries decode to, as `%#v` names it. */
type EntryType = 'core.PodIP' | 'core.HostIP';

/** `%#v` of one entry. */
const goEntry = (type: EntryType, ip: string) => `${type}{IP:${JSON.stringify(ip)}}`;

/** `%#v` of a whole list, the bad value of the family rule. */
function goList(type: EntryType, ips: string[]): { goLiteral: string } {
  return { goLiteral: `[]${type}{${ips.map((ip) => goEntry(type, ip)).join(', ')}}` };
}

/**
 * The list as Kubernetes' v1 decoding leaves it: the singular field is authoritative when set and
 * different from the first entry (old clients only know it), and fills an empty list.
 */
export function decodedIpList(status: Obj, single: string, list: string): string[] {
  const ips = arrayOf(status[list]).map((e) => stringOf(objectOf(e)?.ip));
  const one = stringOf(status[single]);
  if (one && (ips.length === 0 || ips[0] !== one)) return [one];
  return ips;
}

/**
 * Several addresses only as one IPv4 and one IPv6 address (netutils.IsDualStackIPStrings). An
 * address that does not parse fails the family check too, after an internal error naming it.
 */
function familyErrors(path: string, type: EntryType, ips: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const bad = ips.findIndex((ip) => !parseIp(ip));
  if (bad >= 0) errs.push(internalError(path, `failed to check for dual stack with error:invalid IP[${bad}]: ${ips[bad]}`));
  const dualStack = bad < 0 && ips.length === 2 && parseIp(ips[0]!)!.length !== parseIp(ips[1]!)!.length;
  if (!dualStack) errs.push(invalidError(path, goList(type, ips), 'may specify no more than one IP for each IP family'));
  return errs;
}

/** No address twice; each repeat is a Duplicate at its own index. */
function duplicateErrors(path: string, type: EntryType, ips: string[]): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  ips.forEach((ip, i) => {
    if (seen.has(ip)) errs.push(duplicateError(indexPath(path, i), { goLiteral: goEntry(type, ip) }));
    seen.add(ip);
  });
  return errs;
}

/** validatePodIPs: valid addresses, then the family rule and repeats when there are several. */
export function podIPErrors(status: Obj): FieldError[] {
  const path = 'status.podIPs';
  const ips = decodedIpList(status, 'podIP', 'podIPs');
  const errs = ips.flatMap((ip, i) => ipErrors(indexPath(path, i), ip));
  if (ips.length > 1) errs.push(...familyErrors(path, 'core.PodIP', ips), ...duplicateErrors(path, 'core.PodIP', ips));
  return errs;
}

/**
 * validateHostIPs: the first entry is `hostIP` (only a list sent without `hostIP` can break this
 * after decoding), valid addresses, then repeats and the family rule when there are several.
 */
export function hostIPErrors(status: Obj): FieldError[] {
  const path = 'status.hostIPs';
  const ips = decodedIpList(status, 'hostIP', 'hostIPs');
  if (!ips.length) return [];
  const errs: FieldError[] = [];
  if (stringOf(status.hostIP) !== ips[0]) errs.push(invalidError(`${indexPath(path, 0)}.ip`, ips[0], 'must be equal to `hostIP`'));
  errs.push(...ips.flatMap((ip, i) => ipErrors(indexPath(path, i), ip)));
  if (ips.length > 1) errs.push(...duplicateErrors(path, 'core.HostIP', ips), ...familyErrors(path, 'core.HostIP', ips));
  return errs;
}

/**
 * Endpoints subsets as Kubernetes validates them: each subset has addresses (ready or not), each
 * address a usable IP (not unspecified, loopback or link-local), an optional DNS-label hostname and
 * node name, and each port a number, a protocol and a name when there are several.
 */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { childPath, indexPath, invalidErrors, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../names.ts';
import { ipErrors, nonSpecialIpErrors } from './addresses.ts';
import { portNumberErrors } from './formats.ts';
import { arrayOf, objectOf, stringOf, type Obj } from './readers.ts';
import { appProtocolErrors, portNameFieldErrors, protocolErrors } from './core-service-ports.ts';
import type { BuiltinValidator } from './types.ts';

function addressErrors(address: Obj, path: string): FieldError[] {
  const ip = stringOf(address.ip);
  const ipPath = childPath(path, 'ip');
  const errs = ipErrors(ipPath, ip);
  const hostname = stringOf(address.hostname);
  if (hostname) errs.push(...invalidErrors(childPath(path, 'hostname'), hostname, dns1123LabelErrors(hostname)));
  if (typeof address.nodeName === 'string') {
    const node = address.nodeName;
    errs.push(...invalidErrors(childPath(path, 'nodeName'), node, dns1123SubdomainErrors(node)));
  }
  // An unparsable IP is reported twice, once by each check, as Kubernetes does.
  errs.push(...nonSpecialIpErrors(ipPath, ip));
  return errs;
}

function portErrors(port: Obj, several: boolean, path: string): FieldError[] {
  const errs = portNameFieldErrors(stringOf(port.name), several, childPath(path, 'name'));
  const number = typeof port.port === 'number' ? port.port : 0;
  errs.push(...invalidErrors(childPath(path, 'port'), number, portNumberErrors(number)));
  // Kubernetes defaults a missing protocol to TCP when it decodes Endpoints; this server does not.
  if (port.protocol !== undefined) errs.push(...protocolErrors(port.protocol, childPath(path, 'protocol')));
  errs.push(...appProtocolErrors(port.appProtocol, childPath(path, 'appProtocol')));
  return errs;
}

function subsetErrors(subset: Obj, path: string): FieldError[] {
  const addresses = arrayOf(subset.addresses);
  const notReady = arrayOf(subset.notReadyAddresses);
  const ports = arrayOf(subset.ports);
  const errs: FieldError[] = [];
  if (!addresses.length && !notReady.length) errs.push(requiredError(path, 'must specify `addresses` or `notReadyAddresses`'));
  addresses.forEach((a, i) => errs.push(...addressErrors(objectOf(a) ?? {}, indexPath(childPath(path, 'addresses'), i))));
  notReady.forEach((a, i) => errs.push(...addressErrors(objectOf(a) ?? {}, indexPath(childPath(path, 'notReadyAddresses'), i))));
  ports.forEach((p, i) => errs.push(...portErrors(objectOf(p) ?? {}, ports.length > 1, indexPath(childPath(path, 'ports'), i))));
  return errs;
}

/** Endpoints: every subset, on create and update alike. */
export const validateEndpoints: BuiltinValidator = (obj: KubeObject) =>
  arrayOf(obj.subsets).flatMap((s, i) => subsetErrors(objectOf(s) ?? {}, indexPath('subsets', i)));

/**
 * A Service's port list as Kubernetes validates it: names (required once there are several, DNS
 * labels, unique), port numbers, protocols, target ports (a number or an IANA service name),
 * application protocols, no port repeated for one protocol, and node ports only where the type
 * uses them, each once per protocol.
 */
import { childPath, duplicateError, forbiddenError, indexPath, invalidErrors, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123LabelErrors, qualifiedNameErrors } from '../names.ts';
import { portNameErrors, portNumberErrors } from './formats.ts';
import { objectsOf, stringOf, type Obj } from './readers.ts';

/** The protocols a Service or Endpoints port may use, in the order Kubernetes lists them. */
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** A number or a name, as an IntOrString target port is checked (ValidatePortNumOrName). */
export function portNumOrNameErrors(value: unknown, path: string): FieldError[] {
  if (typeof value === 'number') return invalidErrors(path, value, portNumberErrors(value));
  if (typeof value === 'string') return invalidErrors(path, value, portNameErrors(value));
  return [];
}

/** A port's protocol: present and one Kubernetes knows. */
export function protocolErrors(protocol: unknown, path: string): FieldError[] {
  const p = stringOf(protocol);
  if (!p) return [requiredError(path)];
  return PORT_PROTOCOLS.includes(p) ? [] : [notSupportedError(path, p, PORT_PROTOCOLS)];
}

/** A port name: required when the list has several, then a DNS label. */
export function portNameFieldErrors(name: string, required: boolean, path: string): FieldError[] {
  if (!name) return required ? [requiredError(path)] : [];
  return invalidErrors(path, name, dns1123LabelErrors(name));
}

/** An appProtocol, when set, is a qualified name (`http`, `kubernetes.io/h2c`). */
export function appProtocolErrors(appProtocol: unknown, path: string): FieldError[] {
  if (typeof appProtocol !== 'string') return [];
  return invalidErrors(path, appProtocol, qualifiedNameErrors(appProtocol));
}

function onePort(port: Obj, several: boolean, names: Set<string>, path: string): FieldError[] {
  const name = stringOf(port.name);
  const errs = portNameFieldErrors(name, several, childPath(path, 'name'));
  if (name) {
    if (names.has(name)) errs.push(duplicateError(childPath(path, 'name'), name));
    names.add(name);
  }
  const number = typeof port.port === 'number' ? port.port : 0;
  errs.push(...invalidErrors(childPath(path, 'port'), number, portNumberErrors(number)));
  errs.push(...protocolErrors(port.protocol, childPath(path, 'protocol')));
  errs.push(...portNumOrNameErrors(port.targetPort, childPath(path, 'targetPort')));
  errs.push(...appProtocolErrors(port.appProtocol, childPath(path, 'appProtocol')));
  return errs;
}

/** Each port on its own, in list order. */
export function servicePortErrors(ports: Obj[]): FieldError[] {
  const names = new Set<string>();
  return ports.flatMap((p, i) => onePort(p, ports.length > 1, names, indexPath('spec.ports', i)));
}

/** The port of a ClusterIP service cannot ask for a node port. */
export function clusterIpNodePortErrors(ports: Obj[]): FieldError[] {
  return ports.flatMap((p, i) => (typeof p.nodePort === 'number' && p.nodePort !== 0
    ? [forbiddenError(childPath(indexPath('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'")]
    : []));
}

/**
 * The same node port twice for one protocol. The Service strategy refuses this first for the
 * types that use node ports; a ClusterIP service, which may not have any, meets it here.
 */
export function duplicateNodePortErrors(ports: Obj[]): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  ports.forEach((p, i) => {
    if (typeof p.nodePort !== 'number' || p.nodePort === 0) return;
    const key = `${stringOf(p.protocol)}/${p.nodePort}`;
    if (seen.has(key)) errs.push(duplicateError(childPath(indexPath('spec.ports', i), 'nodePort'), p.nodePort));
    seen.add(key);
  });
  return errs;
}

/** The same port number twice for one protocol; the bad value prints as the Go key struct. */
export function duplicatePortErrors(ports: Obj[]): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  ports.forEach((p, i) => {
    const protocol = stringOf(p.protocol);
    const number = typeof p.port === 'number' ? p.port : 0;
    const key = `${protocol}/${number}`;
    if (seen.has(key)) {
      const printed = `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${number}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
      errs.push(duplicateError(indexPath('spec.ports', i), { goLiteral: printed }));
    }
    seen.add(key);
  });
  return errs;
}

/** The ports of a spec that are JSON objects. */
export function portsOf(spec: Obj): Obj[] {
  return objectsOf(spec.ports);
}

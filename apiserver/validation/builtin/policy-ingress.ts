/**
 * Ingress content rules (Kubernetes' networking validation): a default backend or rules, hosts
 * that are DNS names (wildcards allowed, IPs not), HTTP paths with a supported path type and an
 * absolute path, backends naming either a resource or a Service port by name or number, TLS hosts
 * and secret names, the class given once (field or legacy annotation, not both), and status
 * addresses that are IPs and host names where they say so.
 */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { type FieldError, childPath, indexPath, invalidError, notSupportedError, requiredError } from '../field-errors.ts';
import { dns1123SubdomainErrors } from '../names.ts';
import type { BuiltinValidator } from './types.ts';
import { portNameErrors, portNumberErrors } from './core-formats.ts';
import { parseIP } from './policy-addresses.ts';
import { dns1035LabelErrors, listOf, objectOf, pathSegmentNameErrors, stringOf, wildcardSubdomainErrors } from './policy-formats.ts';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

interface IngressOptions { allowInvalidSecretName: boolean; allowInvalidWildcardHostRule: boolean }

function resourceRefErrors(ref: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof ref.apiGroup === 'string') for (const msg of dns1123SubdomainErrors(ref.apiGroup)) errs.push(invalidError(childPath(path, 'apiGroup'), ref.apiGroup, msg));
  for (const field of ['kind', 'name'] as const) {
    const value = stringOf(ref[field]);
    if (!value) errs.push(requiredError(childPath(path, field), `${field} is required`));
    else for (const msg of pathSegmentNameErrors(value)) errs.push(invalidError(childPath(path, field), value, msg));
  }
  return errs;
}

function backendErrors(raw: unknown, path: string): FieldError[] {
  const backend = objectOf(raw) ?? {};
  const resource = objectOf(backend.resource);
  const service = objectOf(backend.service);
  if (resource && service) return [invalidError(path, '', 'cannot set both resource and service backends')];
  if (resource) return resourceRefErrors(resource, childPath(path, 'resource'));
  if (!service) return [invalidError(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = stringOf(service.name);
  if (!name) errs.push(requiredError(childPath(path, 'service.name')));
  else for (const msg of dns1035LabelErrors(name)) errs.push(invalidError(childPath(path, 'service.name'), name, msg));
  const port = objectOf(service.port) ?? {};
  const portName = stringOf(port.name);
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName && portNumber) errs.push(invalidError(path, '', 'cannot set both port name & port number'));
  else if (portName) for (const msg of portNameErrors(portName)) errs.push(invalidError(childPath(path, 'service.port.name'), portName, msg));
  else if (portNumber) for (const msg of portNumberErrors(portNumber)) errs.push(invalidError(childPath(path, 'service.port.number'), portNumber, msg));
  else errs.push(requiredError(path, 'port name or number is required'));
  return errs;
}

function httpPathErrors(raw: unknown, path: string): FieldError[] {
  const p = objectOf(raw) ?? {};
  if (p.pathType === undefined || p.pathType === null) return [requiredError(childPath(path, 'pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value = stringOf(p.path);
  const at = childPath(path, 'path');
  const pathType = stringOf(p.pathType);
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalidError(at, value, 'must be an absolute path'));
    for (const seq of BAD_SEQUENCES) if (value.includes(seq)) errs.push(invalidError(at, value, `must not contain '${seq}'`));
    for (const suffix of BAD_SUFFIXES) if (value.endsWith(suffix)) errs.push(invalidError(at, value, `cannot end with '${suffix}'`));
  } else if (pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) errs.push(invalidError(at, value, 'must be an absolute path'));
  } else {
    errs.push(notSupportedError(childPath(path, 'pathType'), pathType, PATH_TYPES));
  }
  return [...errs, ...backendErrors(p.backend, childPath(path, 'backend'))];
}

function ruleValueErrors(rule: Record<string, unknown>, path: string): FieldError[] {
  const http = objectOf(rule.http);
  if (!http) return [];
  const paths = listOf(http.paths);
  const errs: FieldError[] = paths.length ? [] : [requiredError(childPath(path, 'http.paths'))];
  paths.forEach((p, i) => errs.push(...httpPathErrors(p, indexPath(childPath(path, 'http.paths'), i))));
  return errs;
}

function hostErrors(host: string, path: string): FieldError[] {
  const check = host.includes('*') ? wildcardSubdomainErrors : dns1123SubdomainErrors;
  return check(host).map((msg) => invalidError(path, host, msg));
}

function rulesErrors(rules: unknown[], opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((raw, i) => {
    const rule = objectOf(raw) ?? {};
    const at = indexPath('spec.rules', i);
    const host = stringOf(rule.host);
    if (host) {
      if (parseIP(host)) errs.push(invalidError(childPath(at, 'host'), host, 'must be a DNS name, not an IP address'));
      errs.push(...hostErrors(host, childPath(at, 'host')));
    }
    // Kubernetes lets an update keep invalid rules under wildcard hosts if the stored object had them.
    if (!host.includes('*') || !opts.allowInvalidWildcardHostRule) errs.push(...ruleValueErrors(rule, at));
  });
  return errs;
}

function tlsErrors(tls: unknown[], opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((raw, i) => {
    const entry = objectOf(raw) ?? {};
    const at = indexPath('spec.tls', i);
    listOf(entry.hosts).forEach((h, j) => errs.push(...hostErrors(stringOf(h), indexPath(childPath(at, 'hosts'), j))));
    const secret = stringOf(entry.secretName);
    if (secret && !opts.allowInvalidSecretName) for (const msg of dns1123SubdomainErrors(secret)) errs.push(invalidError(childPath(at, 'secretName'), secret, msg));
  });
  return errs;
}

function specErrors(spec: Record<string, unknown>, opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  const rules = listOf(spec.rules);
  if (!rules.length && !objectOf(spec.defaultBackend)) {
    errs.push(invalidError('spec', { goLiteral: Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)' }, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (objectOf(spec.defaultBackend)) errs.push(...backendErrors(spec.defaultBackend, 'spec.defaultBackend'));
  errs.push(...rulesErrors(rules, opts), ...tlsErrors(listOf(spec.tls), opts));
  if (typeof spec.ingressClassName === 'string') {
    for (const msg of dns1123SubdomainErrors(spec.ingressClassName)) errs.push(invalidError('spec.ingressClassName', spec.ingressClassName, msg));
  }
  return errs;
}

/** The ratchets of an update: what the stored Ingress already got away with may stay. */
function optionsFor(old: KubeObject | undefined): IngressOptions {
  if (!old) return { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false };
  const spec = objectOf(old.spec) ?? {};
  const strict = { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false };
  return {
    allowInvalidSecretName: tlsErrors(listOf(spec.tls), strict).some((e) => e.field.endsWith('.secretName')),
    allowInvalidWildcardHostRule: listOf(spec.rules).some((r) => {
      const rule = objectOf(r) ?? {};
      return stringOf(rule.host).includes('*') && ruleValueErrors(rule, '').length > 0;
    }),
  };
}

/** ValidateIngressLoadBalancerStatus: what an ingress controller reports as its addresses. */
function statusErrors(status: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  listOf(objectOf(status.loadBalancer)?.ingress).forEach((raw, i) => {
    const entry = objectOf(raw) ?? {};
    const at = indexPath('status.loadBalancer.ingress', i);
    const ip = stringOf(entry.ip);
    if (ip && !parseIP(ip)) errs.push(invalidError(childPath(at, 'ip'), ip, 'must be a valid IP address'));
    const hostname = stringOf(entry.hostname);
    if (hostname) {
      for (const msg of dns1123SubdomainErrors(hostname)) errs.push(invalidError(childPath(at, 'hostname'), hostname, msg));
      if (parseIP(hostname)) errs.push(invalidError(childPath(at, 'hostname'), hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

const validateIngress: BuiltinValidator = (obj, old) => {
  const spec = objectOf(obj.spec) ?? {};
  // Create resets the status and a spec update keeps the stored one: this judges status writes.
  const errs = [...specErrors(spec, optionsFor(old)), ...statusErrors(objectOf(obj.status) ?? {})];
  const annotation = obj.metadata.annotations?.[CLASS_ANNOTATION];
  if (!old && annotation !== undefined && typeof spec.ingressClassName === 'string') {
    errs.push(invalidError(`annotations.${CLASS_ANNOTATION}`, annotation, 'can not be set when the class field is also set'));
  }
  return errs;
};

/** Validators of the Ingress kind, by storage key. */
export const INGRESS_VALIDATORS: Record<string, BuiltinValidator> = {
  'networking.k8s.io/ingresses': validateIngress,
};

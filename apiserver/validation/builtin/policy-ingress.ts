/**
 * Ingress content rules (Kubernetes' networking validation): a default backend or rules, hosts
 * that are DNS names (wildcards allowed, IPs not), HTTP paths with a supported path type and an
 * absolute path, backends naming either a resource or a Service port by name or number, TLS hosts
 * and secret names, the class given once (field or legacy annotation, not both), and status
 * addresses that are IPs and host names where they say so.
 */
import type { KubeObject } from '../../../runtime/core/meta.ts';
import { type FieldError, childPath, indexPath, invalidError, invalidErrors, notSupportedError, requiredError } from '../field-errors.ts';
import { dns1035LabelErrors, dns1123SubdomainErrors, pathSegmentNameErrors, wildcardSubdomainErrors } from '../names.ts';
import { loadBalancerIngressErrors, parseIp } from './addresses.ts';
import { portNameErrors, portNumberErrors } from './formats.ts';
import { arrayOf, isSet, objectOf, stringOf } from './readers.ts';
import type { BuiltinValidator, SubresourceValidator } from './types.ts';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

interface IngressOptions { allowInvalidSecretName: boolean; allowInvalidWildcardHostRule: boolean }

function resourceRefErrors(ref: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof ref.apiGroup === 'string') errs.push(...invalidErrors(childPath(path, 'apiGroup'), ref.apiGroup, dns1123SubdomainErrors(ref.apiGroup)));
  for (const field of ['kind', 'name'] as const) {
    const value = stringOf(ref[field]);
    if (!value) errs.push(requiredError(childPath(path, field), `${field} is required`));
    else errs.push(...invalidErrors(childPath(path, field), value, pathSegmentNameErrors(value)));
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
  else errs.push(...invalidErrors(childPath(path, 'service.name'), name, dns1035LabelErrors(name)));
  const port = objectOf(service.port) ?? {};
  const portName = stringOf(port.name);
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName && portNumber) errs.push(invalidError(path, '', 'cannot set both port name & port number'));
  else if (portName) errs.push(...invalidErrors(childPath(path, 'service.port.name'), portName, portNameErrors(portName)));
  else if (portNumber) errs.push(...invalidErrors(childPath(path, 'service.port.number'), portNumber, portNumberErrors(portNumber)));
  else errs.push(requiredError(path, 'port name or number is required'));
  return errs;
}

function httpPathErrors(raw: unknown, path: string): FieldError[] {
  const p = objectOf(raw) ?? {};
  if (!isSet(p.pathType)) return [requiredError(childPath(path, 'pathType'), 'pathType must be specified')];
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
  const paths = arrayOf(http.paths);
  const errs: FieldError[] = paths.length ? [] : [requiredError(childPath(path, 'http.paths'))];
  paths.forEach((p, i) => errs.push(...httpPathErrors(p, indexPath(childPath(path, 'http.paths'), i))));
  return errs;
}

function hostErrors(host: string, path: string): FieldError[] {
  const check = host.includes('*') ? wildcardSubdomainErrors : dns1123SubdomainErrors;
  return invalidErrors(path, host, check(host));
}

function rulesErrors(rules: unknown[], opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((raw, i) => {
    const rule = objectOf(raw) ?? {};
    const at = indexPath('spec.rules', i);
    const host = stringOf(rule.host);
    if (host) {
      if (parseIp(host)) errs.push(invalidError(childPath(at, 'host'), host, 'must be a DNS name, not an IP address'));
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
    arrayOf(entry.hosts).forEach((h, j) => errs.push(...hostErrors(stringOf(h), indexPath(childPath(at, 'hosts'), j))));
    const secret = stringOf(entry.secretName);
    if (secret && !opts.allowInvalidSecretName) errs.push(...invalidErrors(childPath(at, 'secretName'), secret, dns1123SubdomainErrors(secret)));
  });
  return errs;
}

function specErrors(spec: Record<string, unknown>, opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  const rules = arrayOf(spec.rules);
  if (!rules.length && !objectOf(spec.defaultBackend)) {
    errs.push(invalidError('spec', { goLiteral: Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)' }, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (objectOf(spec.defaultBackend)) errs.push(...backendErrors(spec.defaultBackend, 'spec.defaultBackend'));
  errs.push(...rulesErrors(rules, opts), ...tlsErrors(arrayOf(spec.tls), opts));
  if (typeof spec.ingressClassName === 'string') {
    errs.push(...invalidErrors('spec.ingressClassName', spec.ingressClassName, dns1123SubdomainErrors(spec.ingressClassName)));
  }
  return errs;
}

/** The ratchets of an update: what the stored Ingress already got away with may stay. */
function optionsFor(old: KubeObject | undefined): IngressOptions {
  if (!old) return { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false };
  const spec = objectOf(old.spec) ?? {};
  const strict = { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false };
  return {
    allowInvalidSecretName: tlsErrors(arrayOf(spec.tls), strict).some((e) => e.field.endsWith('.secretName')),
    allowInvalidWildcardHostRule: arrayOf(spec.rules).some((r) => {
      const rule = objectOf(r) ?? {};
      return stringOf(rule.host).includes('*') && ruleValueErrors(rule, '').length > 0;
    }),
  };
}

const validateIngress: BuiltinValidator = (obj, old) => {
  const spec = objectOf(obj.spec) ?? {};
  const errs = specErrors(spec, optionsFor(old));
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

/** ValidateIngressStatusUpdate: the addresses an ingress controller reports. */
export const INGRESS_STATUS_VALIDATORS: Record<string, SubresourceValidator> = {
  'networking.k8s.io/ingresses': (obj) => loadBalancerIngressErrors(objectOf(objectOf(obj.status)?.loadBalancer)?.ingress, 'status.loadBalancer.ingress'),
};

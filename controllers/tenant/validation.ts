/**
 * Spec checks the CRD schema cannot express. A problem makes the component it concerns Failed with
 * an InvalidSpec error, so nothing is applied until the spec is fixed (and nothing is retried).
 */
import type { EnvVar, NetworkPolicyRule, ResourceRequirements, Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { childNames } from './kinds.ts';
import { parseQuantity, quantityExceeds } from './quantity.ts';

/** Problems per component; empty lists mean the component's spec is usable. */
export interface SpecProblems {
  Namespace: string[];
  Redis: string[];
  Server: string[];
  NetworkPolicies: string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const REDIS_DIRECTIVE = /^[a-z][a-z0-9-]*$/;
/** Directives the operator owns: changing them would disconnect the Service or lose the volume. */
const RESERVED_REDIS_DIRECTIVES = new Set(['port', 'dir', 'include', 'daemonize']);
const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

function checkReplicas(field: string, value: number | undefined, out: string[]): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) out.push(`${field} must be a non-negative integer, got ${value}`);
}

function checkImage(field: string, value: string | undefined, out: string[]): void {
  if (value !== undefined && value !== '' && /\s/.test(value)) out.push(`${field} must not contain whitespace: "${value}"`);
}

function checkResources(field: string, res: ResourceRequirements | undefined, out: string[]): void {
  for (const kind of ['cpu', 'memory', 'storage'] as const) {
    const limit = res?.[kind];
    if (!limit) continue;
    for (const which of ['request', 'limit'] as const) {
      const text = limit[which];
      if (text !== undefined && text !== '' && parseQuantity(text) === undefined) out.push(`${field}.${kind}.${which}: "${text}" is not a valid quantity`);
    }
    if (limit.request && limit.limit && quantityExceeds(limit.request, limit.limit)) {
      out.push(`${field}.${kind}: request ${limit.request} exceeds limit ${limit.limit}`);
    }
  }
}

function checkEnv(env: EnvVar[] | undefined, out: string[]): void {
  for (const [i, e] of (env ?? []).entries()) {
    const field = `spec.server.env[${i}]`;
    if (!ENV_NAME.test(e.name ?? '')) out.push(`${field}.name: "${e.name}" is not a valid environment variable name`);
    if (e.value !== undefined && e.valueFrom) out.push(`${field}: value and valueFrom are mutually exclusive`);
    if (e.valueFrom) {
      const refs = [e.valueFrom.configMapKeyRef, e.valueFrom.secretKeyRef].filter(Boolean).length;
      if (refs !== 1) out.push(`${field}.valueFrom: exactly one of configMapKeyRef and secretKeyRef is required`);
    }
  }
}

function checkRules(field: string, rules: NetworkPolicyRule[] | undefined, out: string[]): void {
  for (const [i, r] of (rules ?? []).entries()) {
    for (const [j, p] of (r.ports ?? []).entries()) {
      if (p.protocol !== undefined && !PROTOCOLS.has(p.protocol)) out.push(`${field}[${i}].ports[${j}].protocol: "${p.protocol}" is not one of TCP, UDP, SCTP`);
      if (p.port !== undefined && (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)) out.push(`${field}[${i}].ports[${j}].port: ${p.port} is not between 1 and 65535`);
    }
  }
}

/** Checks a tenant's name and spec. */
export function validateTenant(t: Tenant): SpecProblems {
  const p: SpecProblems = { Namespace: [], Redis: [], Server: [], NetworkPolicies: [] };
  const name = t.metadata?.name ?? '';
  const ns = childNames(name).namespace;
  if (!DNS_LABEL.test(ns) || ns.length > 63) p.Namespace.push(`tenant name "${name}" does not give a valid namespace name "${ns}" (lower-case letters, digits and '-', at most 56 characters)`);

  const redis = t.spec?.redis;
  checkReplicas('spec.redis.replicas', redis?.replicas, p.Redis);
  checkImage('spec.redis.image', redis?.image, p.Redis);
  checkResources('spec.redis.resources', redis?.resources, p.Redis);
  if (redis?.storage && parseQuantity(redis.storage) === undefined) p.Redis.push(`spec.redis.storage: "${redis.storage}" is not a valid quantity`);
  for (const [k, v] of Object.entries(redis?.config ?? {})) {
    if (!REDIS_DIRECTIVE.test(k)) p.Redis.push(`spec.redis.config: "${k}" is not a redis.conf directive`);
    else if (RESERVED_REDIS_DIRECTIVES.has(k)) p.Redis.push(`spec.redis.config: "${k}" is managed by the operator`);
    if (/[\r\n]/.test(String(v))) p.Redis.push(`spec.redis.config.${k}: value must be a single line`);
  }

  const server = t.spec?.server;
  checkReplicas('spec.server.replicas', server?.replicas, p.Server);
  checkImage('spec.server.image', server?.image, p.Server);
  checkResources('spec.server.resources', server?.resources, p.Server);
  checkEnv(server?.env, p.Server);

  const np = t.spec?.networkPolicy;
  for (const n of np?.allowedNamespaces ?? []) if (!DNS_LABEL.test(n) || n.length > 63) p.NetworkPolicies.push(`spec.networkPolicy.allowedNamespaces: "${n}" is not a namespace name`);
  checkRules('spec.networkPolicy.ingressRules', np?.ingressRules, p.NetworkPolicies);
  checkRules('spec.networkPolicy.egressRules', np?.egressRules, p.NetworkPolicies);
  return p;
}

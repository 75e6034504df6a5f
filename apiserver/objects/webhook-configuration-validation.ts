/**
 * Validation of Validating/MutatingWebhookConfigurations as the API server does it on create and
 * update: fully qualified, unique webhook names; rules; the enumerations (failurePolicy,
 * matchPolicy, sideEffects, reinvocationPolicy); timeoutSeconds between 1 and 30; exactly one of
 * url (https) or service; admissionReviewVersions; and at most 64 matchConditions with unique
 * qualified names and expressions that compile.
 *
 * sideEffects is required and, as only v1 is served, limited to None and NoneOnDryRun; Unknown
 * and Some stay writable on updates (given the stored object) of a configuration that already had
 * a webhook with side effects or none declared, so that configurations stored before the rule can
 * still be edited.
 */
import { parse } from '@bufbuild/cel';
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../validation/names.ts';

type Obj = Record<string, unknown>;

const MAX_MATCH_CONDITIONS = 64;
const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const NO_SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const SIDE_EFFECTS = [...NO_SIDE_EFFECTS, 'Some', 'Unknown'];
const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];

const required = (field: string, detail = ''): StatusCause => ({ reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' });
const invalid = (field: string, value: unknown, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` });
const duplicate = (field: string, value: unknown): StatusCause => ({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${JSON.stringify(value)}` });
const notSupported = (field: string, value: unknown, allowed: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
});

function enumeration(causes: StatusCause[], field: string, value: unknown, allowed: string[]): void {
  if (value !== undefined && value !== null && !allowed.includes(String(value))) causes.push(notSupported(field, value, allowed));
}

function fullyQualifiedName(causes: StatusCause[], field: string, name: unknown): void {
  if (typeof name !== 'string' || !name) { causes.push(required(field)); return; }
  const errs = dns1123SubdomainErrors(name);
  if (errs.length) causes.push(invalid(field, name, errs.join(',')));
  else if (name.split('.').length < 3) causes.push(invalid(field, name, 'should be a domain with at least three segments separated by dots'));
}

function rules(causes: StatusCause[], path: string, list: unknown): void {
  (Array.isArray(list) ? list : []).forEach((raw, i) => {
    const r = (raw ?? {}) as Obj;
    const at = `${path}[${i}]`;
    const ops = (r.operations as string[] | undefined) ?? [];
    if (!ops.length) causes.push(required(`${at}.operations`));
    ops.forEach((op, j) => enumeration(causes, `${at}.operations[${j}]`, op, OPERATIONS));
    if (!((r.apiVersions as string[] | undefined) ?? []).length) causes.push(required(`${at}.apiVersions`));
    if (!((r.resources as string[] | undefined) ?? []).length) causes.push(required(`${at}.resources`));
    enumeration(causes, `${at}.scope`, r.scope, SCOPES);
  });
}

function clientConfig(causes: StatusCause[], path: string, cc: Obj | undefined): void {
  const url = cc?.url;
  const service = cc?.service as Obj | undefined;
  if ((url === undefined) === (service === undefined)) { causes.push(required(path, 'exactly one of url or service is required')); return; }
  if (typeof url === 'string') {
    let parsed: URL | undefined;
    try { parsed = new URL(url); } catch { causes.push(invalid(`${path}.url`, url, 'host must be specified')); return; }
    if (parsed.protocol !== 'https:') causes.push(invalid(`${path}.url`, parsed.protocol.slice(0, -1), "'https' is the only allowed URL scheme"));
    return;
  }
  if (!service?.name) causes.push(required(`${path}.service.name`, 'service name is required'));
  if (!service?.namespace) causes.push(required(`${path}.service.namespace`, 'service namespace is required'));
}

function reviewVersions(causes: StatusCause[], path: string, versions: unknown): void {
  const list = Array.isArray(versions) ? (versions as string[]) : [];
  if (!list.length) { causes.push(required(path, `must specify one of ${REVIEW_VERSIONS.join(', ')}`)); return; }
  const seen = new Set<string>();
  list.forEach((v, i) => { if (seen.has(v)) causes.push(invalid(`${path}[${i}]`, v, 'duplicate version')); seen.add(v); });
  if (!list.some((v) => REVIEW_VERSIONS.includes(v))) causes.push(invalid(path, list, `must include at least one of ${REVIEW_VERSIONS.join(', ')}`));
}

function matchConditions(causes: StatusCause[], path: string, list: unknown): void {
  const conditions = Array.isArray(list) ? (list as Obj[]) : [];
  if (conditions.length > MAX_MATCH_CONDITIONS) {
    causes.push({ reason: 'FieldValueTooMany', field: path, message: `Too many: ${conditions.length}: must have at most ${MAX_MATCH_CONDITIONS} items` });
  }
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const at = `${path}[${i}]`;
    const expression = typeof c?.expression === 'string' ? c.expression.trim() : '';
    if (!expression) causes.push(required(`${at}.expression`));
    else {
      try { parse(expression); } catch (err) { causes.push(invalid(`${at}.expression`, expression, `compilation failed: ERROR: ${(err as Error).message}`)); }
    }
    const name = typeof c?.name === 'string' ? c.name : '';
    if (!name) causes.push(required(`${at}.name`));
    else for (const e of qualifiedNameErrors(name)) causes.push(invalid(`${at}.name`, name, e));
    if (name && names.has(name)) causes.push(duplicate(`${at}.name`, name));
    if (name) names.add(name);
  });
}

function sideEffects(causes: StatusCause[], field: string, value: unknown, allowed: string[]): void {
  if (value === undefined || value === null) causes.push(required(field, `must specify one of ${allowed.join(', ')}`));
  else enumeration(causes, field, value, allowed);
}

/** Whether every webhook of a stored configuration declares that it has no side effects. */
function freeOfSideEffects(old: KubeObject): boolean {
  return ((old.webhooks as Obj[] | undefined) ?? []).every((w) => NO_SIDE_EFFECTS.includes(w?.sideEffects as string));
}

/**
 * Causes for a webhook configuration (either kind); `old` is the stored object on updates, whose
 * webhooks decide whether side effects may still be declared.
 */
export function validateWebhookConfiguration(obj: KubeObject, old?: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const mutating = obj.kind === 'MutatingWebhookConfiguration';
  const allowedSideEffects = !old || freeOfSideEffects(old) ? NO_SIDE_EFFECTS : SIDE_EFFECTS;
  const names = new Set<string>();
  ((obj.webhooks as Obj[] | undefined) ?? []).forEach((w, i) => {
    const at = `webhooks[${i}]`;
    fullyQualifiedName(causes, `${at}.name`, w.name);
    rules(causes, `${at}.rules`, w.rules);
    enumeration(causes, `${at}.failurePolicy`, w.failurePolicy, FAILURE_POLICIES);
    enumeration(causes, `${at}.matchPolicy`, w.matchPolicy, MATCH_POLICIES);
    sideEffects(causes, `${at}.sideEffects`, w.sideEffects, allowedSideEffects);
    if (mutating) enumeration(causes, `${at}.reinvocationPolicy`, w.reinvocationPolicy, REINVOCATION_POLICIES);
    const timeout = w.timeoutSeconds;
    if (timeout !== undefined && timeout !== null && (typeof timeout !== 'number' || timeout > 30 || timeout < 1)) {
      causes.push(invalid(`${at}.timeoutSeconds`, timeout, 'the timeout value must be between 1 and 30 seconds'));
    }
    clientConfig(causes, `${at}.clientConfig`, w.clientConfig as Obj | undefined);
    matchConditions(causes, `${at}.matchConditions`, w.matchConditions);
    reviewVersions(causes, `${at}.admissionReviewVersions`, w.admissionReviewVersions);
    if (typeof w.name === 'string' && w.name) {
      if (names.has(w.name)) causes.push(duplicate(`${at}.name`, w.name));
      names.add(w.name);
    }
  });
  return causes;
}

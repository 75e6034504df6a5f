/**
 * Which webhooks a request reaches: rules (operations, groups, versions, resources with
 * subresources, scope), then the namespace and object label selectors. Under matchPolicy
 * Equivalent a rule for another served version of the same resource matches too; the request is
 * then sent in that version.
 */
import { notFound } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { UserInfo } from '../extensions.ts';
import { labelSelectorRequirements, matchesLabels } from '../../runtime/core/selectors.ts';
import type { ApiContext } from '../objects/context.ts';
import { NAMESPACE_RESOURCE } from '../resources/registry.ts';
import type { ResourceType } from '../resources/types.ts';
import { objectKey } from '../storage/types.ts';
import type { RuleWithOperations, Webhook } from './configurations.ts';

/**
 * A subresource whose webhooks see another kind than the resource's (autoscaling/v1 Scale for
 * `/scale`): how objects turn into it, and how a webhook's patched copy maps back.
 */
export interface ReviewView {
  kind: { group: string; version: string; kind: string };
  toReview(obj: KubeObject): KubeObject;
  fromReview(reviewed: KubeObject, obj: KubeObject): KubeObject;
}

/** What admission knows about a request. */
export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  rt: ResourceType;
  subresource?: string;
  namespace?: string;
  name?: string;
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun: boolean;
  /** The authenticated user of the request; absent for the server's own writes. */
  user?: UserInfo;
  /** Fields of the request's Create/Update/DeleteOptions beyond kind and dryRun (fieldManager, propagationPolicy, ...). */
  options?: Record<string, unknown>;
  /** The kind webhooks see when it is not the resource's own. */
  view?: ReviewView;
}

const ADMISSION_CONFIGURATION_KINDS = new Set([
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
]);

/** Admission configurations never go to webhooks, so a broken webhook cannot lock itself in. */
export function exemptFromWebhooks(rt: ResourceType): boolean {
  return rt.group === 'admissionregistration.k8s.io' && ADMISSION_CONFIGURATION_KINDS.has(rt.kind);
}

function has(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

function resourceMatches(entries: string[] | undefined, resource: string, sub: string | undefined): boolean {
  for (const e of entries ?? []) {
    if (e === '*/*') return true;
    const slash = e.indexOf('/');
    if (slash < 0) {
      if (!sub && (e === '*' || e === resource)) return true;
      continue;
    }
    const r = e.slice(0, slash);
    const s = e.slice(slash + 1);
    if (sub && (r === '*' || r === resource) && (s === '*' || s === sub)) return true;
  }
  return false;
}

function ruleMatches(rule: RuleWithOperations, a: AdmissionAttributes, version: string): boolean {
  if (!has(rule.operations, a.operation)) return false;
  if (!has(rule.apiGroups, a.rt.group)) return false;
  if (!has(rule.apiVersions, version)) return false;
  if (!resourceMatches(rule.resources, a.rt.plural, a.subresource)) return false;
  const scope = rule.scope ?? '*';
  return scope === '*' || (scope === 'Namespaced') === a.rt.namespaced;
}

/** Other served versions of the resource, for Equivalent matching (CRD versions share storage). */
function equivalentVersions(ctx: ApiContext, rt: ResourceType): ResourceType[] {
  return ctx.catalog.all().filter((o) => o.storageKey === rt.storageKey && o.version !== rt.version);
}

/**
 * The resource type a webhook's rules match the request in: the request's own, an equivalent
 * version's (matchPolicy Equivalent), or undefined when it does not match.
 */
export function matchingType(ctx: ApiContext, w: Webhook, a: AdmissionAttributes): ResourceType | undefined {
  if (w.rules.some((r) => ruleMatches(r, a, a.rt.version))) return a.rt;
  if (w.matchPolicy !== 'Equivalent') return undefined;
  for (const other of equivalentVersions(ctx, a.rt)) {
    if (w.rules.some((r) => ruleMatches(r, { ...a, rt: other }, other.version))) return other;
  }
  return undefined;
}

function namespaceLabels(ctx: ApiContext, a: AdmissionAttributes): Record<string, string> | undefined {
  if (a.rt.storageKey === NAMESPACE_RESOURCE.storageKey) return (a.object ?? a.oldObject)?.metadata.labels ?? {};
  if (!a.rt.namespaced) return undefined;
  const ns = ctx.store.get(NAMESPACE_RESOURCE.storageKey, objectKey('', a.namespace ?? ''));
  // Kubernetes answers 404 for the namespace when a selector needs labels it cannot read.
  if (!ns) throw notFound('', 'namespaces', a.namespace ?? '');
  return ns.metadata.labels ?? {};
}

/** True when the namespace and object selectors of w select the request (cluster-scoped objects pass any namespaceSelector). */
export function selectorsMatch(ctx: ApiContext, w: Webhook, a: AdmissionAttributes): boolean {
  const nsReqs = labelSelectorRequirements(w.namespaceSelector);
  if (nsReqs.length) {
    const labels = namespaceLabels(ctx, a);
    if (labels && !matchesLabels(nsReqs, labels)) return false;
  }
  const objReqs = labelSelectorRequirements(w.objectSelector);
  if (!objReqs.length) return true;
  return [a.object, a.oldObject].some((o) => o && matchesLabels(objReqs, o.metadata.labels));
}

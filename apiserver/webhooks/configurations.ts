/**
 * The admissionregistration.k8s.io/v1 webhook configurations as the server reads them, with the
 * API's defaults filled in (failurePolicy Fail, matchPolicy Equivalent, timeoutSeconds 10, empty
 * selectors, scope `*`), in the order Kubernetes calls them: configurations by name, then
 * webhooks in listed order.
 */
import type { LabelSelector } from '../../runtime/core/selectors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ApiContext } from '../objects/context.ts';

/** Storage key of MutatingWebhookConfigurations. */
export const MUTATING_KEY = 'admissionregistration.k8s.io/mutatingwebhookconfigurations';
/** Storage key of ValidatingWebhookConfigurations. */
export const VALIDATING_KEY = 'admissionregistration.k8s.io/validatingwebhookconfigurations';

/** Where a webhook is reached (a URL, or a Service mapped to a local address). */
export interface ClientConfig {
  url?: string;
  service?: { namespace: string; name: string; path?: string; port?: number };
  /** Base64 of the PEM CA bundle that signed the webhook's certificate. */
  caBundle?: string;
}

/** One rule of a webhook. */
export interface RuleWithOperations {
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  scope?: 'Cluster' | 'Namespaced' | '*';
}

/** A CEL expression that must hold for the webhook to be called (admissionregistration.k8s.io/v1 MatchCondition). */
export interface MatchCondition {
  name: string;
  expression: string;
}

/** One webhook of a configuration, defaults applied. */
export interface Webhook {
  /** Name of the configuration holding it (for error messages and ordering). */
  configuration: string;
  /** Identity of the webhook within one admission (configuration, position, name): reinvocation tracks it. */
  uid: string;
  name: string;
  mutating: boolean;
  clientConfig: ClientConfig;
  rules: RuleWithOperations[];
  failurePolicy: 'Fail' | 'Ignore';
  matchPolicy: 'Exact' | 'Equivalent';
  namespaceSelector: LabelSelector;
  objectSelector: LabelSelector;
  sideEffects: string;
  timeoutSeconds: number;
  admissionReviewVersions: string[];
  reinvocationPolicy: 'Never' | 'IfNeeded';
  matchConditions: MatchCondition[];
}

type RawWebhook = Partial<Omit<Webhook, 'configuration' | 'mutating' | 'uid'>>;

function withDefaults(configuration: string, index: number, mutating: boolean, w: RawWebhook): Webhook {
  return {
    configuration, mutating,
    uid: `${configuration}/${index}/${w.name ?? ''}`,
    name: w.name ?? '',
    clientConfig: w.clientConfig ?? {},
    rules: w.rules ?? [],
    failurePolicy: w.failurePolicy ?? 'Fail',
    matchPolicy: w.matchPolicy ?? 'Equivalent',
    namespaceSelector: w.namespaceSelector ?? {},
    objectSelector: w.objectSelector ?? {},
    sideEffects: w.sideEffects ?? 'Unknown',
    timeoutSeconds: Math.min(Math.max(w.timeoutSeconds ?? 10, 1), 30),
    admissionReviewVersions: w.admissionReviewVersions ?? ['v1'],
    reinvocationPolicy: w.reinvocationPolicy ?? 'Never',
    matchConditions: w.matchConditions ?? [],
  };
}

function webhooksOf(ctx: ApiContext, key: string, mutating: boolean): Webhook[] {
  const configs: KubeObject[] = ctx.store.list(key);
  const out: Webhook[] = [];
  for (const c of configs) {
    const hooks = (c.webhooks as RawWebhook[] | undefined) ?? [];
    hooks.forEach((w, i) => out.push(withDefaults(c.metadata.name ?? '', i, mutating, w)));
  }
  return out;
}

/** Every mutating webhook, in calling order. */
export function mutatingWebhooks(ctx: ApiContext): Webhook[] {
  return webhooksOf(ctx, MUTATING_KEY, true);
}

/** Every validating webhook. */
export function validatingWebhooks(ctx: ApiContext): Webhook[] {
  return webhooksOf(ctx, VALIDATING_KEY, false);
}

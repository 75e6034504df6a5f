/**
 * Webhook manifests: `+kubebuilder:webhook:…` markers in TypeScript comments become the
 * MutatingWebhookConfiguration and ValidatingWebhookConfiguration that controller-gen writes to
 * config/webhook/manifests.yaml, with its conversions, defaults and checks.
 */
import { resolve } from 'node:path';
import { findCommentMarkers, listTypeScriptFiles, type FoundMarker } from '../rbac/commentMarkers.ts';
import { parseMarkerArgs, type MarkerArgSpec } from '../rbac/markerArgs.ts';
import { renderYamlDocuments } from '../yaml/index.ts';
import { mergePatch } from './mergePatch.ts';

/** A webhook marker set that controller-gen would refuse. */
export class WebhookMarkerError extends Error {
  readonly kind = 'WebhookMarkerError';
}

/** Options of {@link generateWebhooks}. */
export interface WebhookOptions {
  /** Text written before the first document (a licence header). */
  header?: string;
}

const STRINGS = { list: 'string' } as const;

const WEBHOOK_ARGS: MarkerArgSpec = {
  mutating: { type: 'bool' },
  failurePolicy: { type: 'string' },
  matchPolicy: { type: 'string', optional: true },
  sideEffects: { type: 'string', optional: true },
  timeoutSeconds: { type: 'int', optional: true },
  groups: { type: STRINGS },
  resources: { type: STRINGS },
  verbs: { type: STRINGS },
  versions: { type: STRINGS },
  name: { type: 'string' },
  serviceName: { type: 'string', optional: true },
  serviceNamespace: { type: 'string', optional: true },
  path: { type: 'string', optional: true },
  servicePort: { type: 'int', optional: true },
  webhookVersions: { type: STRINGS, optional: true },
  admissionReviewVersions: { type: STRINGS },
  reinvocationPolicy: { type: 'string', optional: true },
  url: { type: 'string', optional: true },
  patch: { type: 'string', optional: true },
};

const CONFIGURATION_ARGS: MarkerArgSpec = { mutating: { type: 'bool' }, name: { type: 'string', optional: true } };

type Args = Record<string, string | string[] | boolean | number>;

/**
 * Reads the `.ts` files under `dirs` (recursively; a file under two of them counts once) and
 * returns manifests.yaml, or undefined when no webhook marker is present.
 */
export async function generateWebhooks(dirs: string | readonly string[], opts: WebhookOptions = {}): Promise<string | undefined> {
  const files = [...new Set((await Promise.all((typeof dirs === 'string' ? [dirs] : dirs).map((d) => listTypeScriptFiles(resolve(d))))).flat())];
  const webhooks = (await findCommentMarkers(files, 'kubebuilder:webhook')).map((m) => parse(m, 'kubebuilder:webhook', WEBHOOK_ARGS));
  const configurations = (await findCommentMarkers(files, 'kubebuilder:webhookconfiguration')).map((m) => parse(m, 'kubebuilder:webhookconfiguration', CONFIGURATION_ARGS));
  return renderWebhookManifests(webhooks, configurations, opts);
}

/** Builds manifests.yaml from parsed marker arguments (undefined when there are no webhooks). */
export function renderWebhookManifests(webhooks: Args[], configurations: Args[] = [], opts: WebhookOptions = {}): string | undefined {
  const names = { mutating: 'mutating-webhook-configuration', validating: 'validating-webhook-configuration' };
  const seen = new Set<string>();
  for (const c of configurations) {
    const which = c.mutating ? 'mutating' : 'validating';
    if (seen.has(which)) throw new WebhookMarkerError(`duplicate ${which} kubebuilder:webhookconfiguration with name ${String(c.name ?? '')}`);
    seen.add(which);
    names[which] = String(c.name ?? '');
  }
  const mutating: Record<string, unknown>[] = [];
  const validating: Record<string, unknown>[] = [];
  for (const w of webhooks) {
    for (const v of (w.webhookVersions as string[] | undefined) ?? ['v1']) {
      if (v !== 'v1') throw new WebhookMarkerError(`unsupported webhook version: ${v}`);
    }
    (w.mutating ? mutating : validating).push(toWebhook(w));
  }
  const docs: object[] = [];
  for (const [kind, list, name] of [['MutatingWebhookConfiguration', mutating, names.mutating], ['ValidatingWebhookConfiguration', validating, names.validating]] as const) {
    if (list.length === 0) continue;
    // Stable: equally named webhooks keep their source order, as in controller-gen.
    const sorted = [...list].sort((a, b) => Buffer.compare(Buffer.from(String(a.name)), Buffer.from(String(b.name))));
    for (const hook of sorted) check(hook);
    docs.push({ apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name }, webhooks: sorted });
  }
  return docs.length ? renderYamlDocuments(docs, opts.header ?? '') : undefined;
}

function parse(found: FoundMarker, name: string, spec: MarkerArgSpec): Args {
  return parseMarkerArgs(found.text, name, spec, `${found.file}:${found.line}`);
}

function toWebhook(w: Args): Record<string, unknown> {
  const hook: Record<string, unknown> = {
    name: w.name,
    rules: [{
      apiGroups: (w.groups as string[]).map((g) => (g === 'core' ? '' : g)),
      apiVersions: w.versions,
      operations: (w.verbs as string[]).map(operation),
      resources: w.resources,
    }],
    failurePolicy: caseInsensitive(String(w.failurePolicy), ['Ignore', 'Fail']) ?? w.failurePolicy,
    clientConfig: clientConfig(w),
    admissionReviewVersions: w.admissionReviewVersions,
  };
  if (w.matchPolicy !== undefined && w.matchPolicy !== '') {
    const policy = caseInsensitive(String(w.matchPolicy), ['Exact', 'Equivalent']);
    if (!policy) throw new WebhookMarkerError(`unknown value ${JSON.stringify(w.matchPolicy)} for matchPolicy`);
    hook.matchPolicy = policy;
  }
  const sideEffects = caseInsensitive(String(w.sideEffects ?? ''), ['None', 'NoneOnDryRun', 'Some']);
  if (sideEffects) hook.sideEffects = sideEffects;
  if (w.timeoutSeconds) hook.timeoutSeconds = w.timeoutSeconds;
  if (w.mutating) {
    const reinvocation = caseInsensitive(String(w.reinvocationPolicy ?? ''), ['Never', 'IfNeeded']);
    if (reinvocation) hook.reinvocationPolicy = reinvocation;
  }
  const patch = String(w.patch ?? '').trim();
  if (!patch) return hook;
  let parsed: unknown;
  try {
    parsed = JSON.parse(patch);
  } catch (err) {
    throw new WebhookMarkerError(`webhook ${String(w.name)}: patch is not JSON: ${(err as Error).message}`);
  }
  return mergePatch(hook, parsed) as Record<string, unknown>;
}

function clientConfig(w: Args): Record<string, unknown> {
  const path = String(w.path ?? '');
  const url = String(w.url ?? '');
  if ((path && url) || (!path && !url)) throw new WebhookMarkerError('`url` or `path` markers are required and mutually exclusive');
  if (url) return { url };
  const service: Record<string, unknown> = {
    name: w.serviceName || 'webhook-service',
    namespace: w.serviceNamespace || 'system',
    path,
  };
  if (w.servicePort !== undefined) service.port = w.servicePort;
  return { service };
}

function check(hook: Record<string, unknown>): void {
  if (hook.sideEffects === undefined) throw new WebhookMarkerError('SideEffects is required for creating v1 {Mutating,Validating}WebhookConfiguration');
  if (hook.sideEffects === 'Some' || hook.sideEffects === 'Unknown') throw new WebhookMarkerError('SideEffects should not be set to `Some` or `Unknown` for v1 {Mutating,Validating}WebhookConfiguration');
  const timeout = hook.timeoutSeconds as number | undefined;
  if (timeout !== undefined && (timeout < 1 || timeout > 30)) throw new WebhookMarkerError('TimeoutSeconds must be between 1 and 30 seconds');
  if (!(hook.admissionReviewVersions as unknown[] | undefined)?.length) throw new WebhookMarkerError('AdmissionReviewVersions is mandatory for v1 {Mutating,Validating}WebhookConfiguration');
}

function operation(verb: string): string {
  return caseInsensitive(verb, ['CREATE', 'UPDATE', 'DELETE', 'CONNECT', '*']) ?? verb;
}

function caseInsensitive(value: string, options: string[]): string | undefined {
  return options.find((o) => o.toLowerCase() === value.toLowerCase());
}

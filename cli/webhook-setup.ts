/**
 * Serving the operators' webhooks from `tsop dev` and `tsop run` and pointing the cluster at them:
 * a serving certificate the API server can trust, the manager's webhook server options, each
 * converting CRD's `spec.conversion`, and the admission configurations of the generated
 * `webhook/manifests.yaml` with their Service references replaced by the server's URL (in a
 * cluster the deploy bundle keeps the Service; outside it only a URL reaches this process).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import {
  CustomResourceDefinitions, defineResource, isNotFound, type ApiClient, type KubeObject, type Resource, type WebhookServerOptions,
} from '../runtime/index.ts';
import { createServingCertificates } from '../runtime/core/x509/cert.ts';
import { CONVERT_PATH } from '../runtime/webhook/paths.ts';

/** admissionregistration.k8s.io/v1 ValidatingWebhookConfigurations. */
export const ValidatingWebhookConfigurations: Resource = defineResource({
  group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false,
});
/** admissionregistration.k8s.io/v1 MutatingWebhookConfigurations. */
export const MutatingWebhookConfigurations: Resource = defineResource({
  group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false,
});

/** Where the webhook server listens, the address the API server dials, and the CA it must trust. */
export interface WebhookEndpoint {
  /** Host name or IP address the API server dials. */
  host: string;
  port: number;
  /** PEM CA bundle that verifies the serving certificate. */
  caPem: string;
  /** Options for the manager's webhook server. */
  server: WebhookServerOptions;
}

/** Where an endpoint's serving certificate comes from. */
export interface EndpointOptions {
  host: string;
  port: number;
  /** Interface to listen on (default all). */
  bindHost?: string;
  /** A directory holding tls.crt and tls.key (and ca.crt when a CA signed them); minted when absent. */
  certDir?: string;
  /** Where a minted certificate is written (the runtime's webhook server reads its certificate from a directory); required without certDir. */
  mintDir?: string;
}

/** The URL of path on the endpoint. */
export function endpointUrl(ep: Pick<WebhookEndpoint, 'host' | 'port'>, path = ''): string {
  const host = isIP(ep.host) === 6 ? `[${ep.host}]` : ep.host;
  return `https://${host}:${ep.port}${path}`;
}

/**
 * Decides the serving certificate before the server starts, so the cluster can be configured
 * before any controller runs: a given certificate directory is used as is; otherwise a CA and a
 * certificate valid for host (and localhost) are minted into mintDir.
 */
export function prepareEndpoint(opts: EndpointOptions): WebhookEndpoint {
  let certDir = opts.certDir ? resolve(opts.certDir) : undefined;
  let caPem: string;
  if (certDir) {
    const ca = join(certDir, 'ca.crt');
    caPem = readFileSync(existsSync(ca) ? ca : join(certDir, 'tls.crt'), 'utf8');
  } else {
    if (!opts.mintDir) throw new Error('the webhook server needs a certificate directory or a directory to mint a certificate into');
    const names = isIP(opts.host) === 4 ? { ipAddresses: [opts.host] } : isIP(opts.host) ? {} : { dnsNames: [opts.host] };
    const certs = createServingCertificates(undefined, { caName: 'tsop-webhook-ca', serverName: 'tsop-webhook', ...names });
    certDir = resolve(opts.mintDir);
    mkdirSync(certDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(certDir, 'ca.crt'), certs.ca.certPem);
    writeFileSync(join(certDir, 'tls.crt'), certs.server.certPem);
    writeFileSync(join(certDir, 'tls.key'), certs.server.keyPem, { mode: 0o600 });
    chmodSync(join(certDir, 'tls.key'), 0o600);
    caPem = certs.ca.certPem;
  }
  return { host: opts.host, port: opts.port, caPem, server: { port: opts.port, host: opts.bindHost, certDir } };
}

/** The manifests file: the flag, else ./generated/webhook/manifests.yaml, else the one shipped beside this CLI. */
export function manifestsFile(flag: string | undefined): string {
  if (flag) return resolve(flag);
  const local = resolve('generated/webhook/manifests.yaml');
  if (existsSync(local)) return local;
  return fileURLToPath(new URL('../generated/webhook/manifests.yaml', import.meta.url));
}

/** The admission configurations of a manifests file; none when the file does not exist. */
export function readAdmissionConfigurations(file: string): KubeObject[] {
  if (!existsSync(file)) return [];
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o?.kind === 'ValidatingWebhookConfiguration' || o?.kind === 'MutatingWebhookConfiguration');
}

interface AdmissionWebhook {
  name: string;
  clientConfig?: { service?: { path?: string }; url?: string; caBundle?: string };
  rules?: { apiGroups?: string[]; resources?: string[] }[];
}

/** True when every resource a webhook's rules name belongs to one of the CRDs. */
function targetsOnly(w: AdmissionWebhook, crdNames: ReadonlySet<string>): boolean {
  const targets = (w.rules ?? []).flatMap((r) => (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).map((res) => `${res.split('/')[0]}.${g}`)));
  return targets.length > 0 && targets.every((t) => crdNames.has(t));
}

/**
 * The configurations' webhooks for the given CRDs only (webhooks of operators that do not run
 * would refuse every request), each calling the endpoint by URL with its CA.
 */
export function pointAtEndpoint(configs: readonly KubeObject[], ep: WebhookEndpoint, crdNames: readonly string[]): KubeObject[] {
  const wanted = new Set(crdNames);
  const caBundle = Buffer.from(ep.caPem).toString('base64');
  const out: KubeObject[] = [];
  for (const config of configs) {
    const webhooks = ((config as { webhooks?: AdmissionWebhook[] }).webhooks ?? []).filter((w) => targetsOnly(w, wanted)).map((w) => ({
      ...w, clientConfig: { url: endpointUrl(ep, w.clientConfig?.service?.path ?? new URL(w.clientConfig?.url ?? 'https://x/').pathname), caBundle },
    }));
    if (webhooks.length) out.push({ apiVersion: config.apiVersion, kind: config.kind, metadata: { name: config.metadata.name }, webhooks } as KubeObject);
  }
  return out;
}

/** The CRD `spec.conversion` that sends conversions to the endpoint's `/convert`. */
export function conversionTo(ep: WebhookEndpoint): object {
  return {
    strategy: 'Webhook',
    webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: endpointUrl(ep, CONVERT_PATH), caBundle: Buffer.from(ep.caPem).toString('base64') } },
  };
}

/** What configureWebhooks changed. */
export interface ConfiguredWebhooks {
  /** CRDs now converting through the endpoint. */
  conversions: string[];
  /** Admission configurations applied (by kind and name), to remove on exit. */
  configurations: KubeObject[];
}

/** Points the converting CRDs and the admission configurations at the endpoint. */
export async function configureWebhooks(
  client: ApiClient, ep: WebhookEndpoint, what: { conversionCrds: readonly string[]; configurations: readonly KubeObject[]; fieldManager: string },
): Promise<ConfiguredWebhooks> {
  const conversion = conversionTo(ep);
  for (const name of what.conversionCrds) {
    await client.patch(CustomResourceDefinitions, { name }, { spec: { conversion } }, { type: 'merge', fieldManager: what.fieldManager });
  }
  for (const config of what.configurations) {
    await client.apply(resourceOf(config), config, { fieldManager: what.fieldManager, force: true });
  }
  return { conversions: [...what.conversionCrds], configurations: [...what.configurations] };
}

/** Deletes admission configurations that would otherwise call a server that is gone. */
export async function removeAdmissionConfigurations(client: ApiClient, configs: readonly KubeObject[]): Promise<void> {
  for (const config of configs) {
    try {
      await client.delete(resourceOf(config), { name: config.metadata.name! });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

function resourceOf(config: KubeObject): Resource {
  return config.kind === 'MutatingWebhookConfiguration' ? MutatingWebhookConfigurations : ValidatingWebhookConfigurations;
}

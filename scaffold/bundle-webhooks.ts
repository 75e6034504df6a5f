/**
 * The webhook part of the deploy bundle, present when the project has webhooks: the Service in
 * front of the manager's webhook port, a cert-manager Issuer and Certificate for its serving
 * certificate (cert-manager injects the CA into the configurations and CRDs through the
 * `inject-ca-from` annotation), the webhook configurations, and `spec.conversion` of the CRDs
 * whose kinds have a conversion webhook.
 */
import { join } from 'node:path';
import type { KubeObject } from '../runtime/core/meta.ts';
import type { BundleNames } from './bundle.ts';
import { readYamlObjects } from './bundle.ts';
import type { ProjectFile } from './project.ts';

/** Port the manager's webhook server listens on in the pod (controller-runtime's default). */
export const WEBHOOK_PORT = 9443;
/** Where the serving certificate Secret is mounted (controller-runtime's default directory). */
export const WEBHOOK_CERT_DIR = '/tmp/k8s-webhook-server/serving-certs';

type Deployment = KubeObject & { spec: { template: { spec: { containers: Record<string, unknown[] | unknown>[]; volumes?: unknown[] } } } };

/** Adds the webhook objects to the bundle (in place); returns them, empty when there are no webhooks. */
export function addWebhooks(dir: string, p: ProjectFile, n: BundleNames, crds: KubeObject[], deployment: KubeObject, labels: Record<string, string>): KubeObject[] {
  const configurations = readYamlObjects(join(dir, 'generated', 'webhook'));
  const converted = p.resources.filter((r) => r.webhooks?.conversion);
  if (!configurations.length && !converted.length) return [];
  const service = `${p.projectName}-webhook-service`;
  const certificate = `${p.projectName}-serving-cert`;
  const secret = `${p.projectName}-webhook-server-cert`;
  const issuer = `${p.projectName}-selfsigned-issuer`;
  const injectCa = { 'cert-manager.io/inject-ca-from': `${n.namespace}/${certificate}` };
  const meta = (name: string) => ({ name, namespace: n.namespace, labels });
  for (const conf of configurations) conf.metadata = { ...conf.metadata, labels, annotations: { ...conf.metadata.annotations, ...injectCa } };
  for (const crd of crds) {
    const spec = crd.spec as { group: string; names: { kind: string } };
    if (!converted.some((r) => `${r.group}.${r.domain}` === spec.group && r.kind === spec.names.kind)) continue;
    crd.metadata.annotations = { ...crd.metadata.annotations, ...injectCa };
    (crd.spec as Record<string, unknown>).conversion = {
      strategy: 'Webhook',
      webhook: {
        clientConfig: { service: { name: service, namespace: n.namespace, path: '/convert' } },
        conversionReviewVersions: ['v1'],
      },
    };
  }
  const pod = (deployment as Deployment).spec.template.spec;
  const container = pod.containers[0]!;
  container.args = [...(container.args as string[]), `--webhook-port=${WEBHOOK_PORT}`, `--webhook-cert-dir=${WEBHOOK_CERT_DIR}`];
  container.ports = [...(container.ports as unknown[]), { name: 'webhook', containerPort: WEBHOOK_PORT, protocol: 'TCP' }];
  container.volumeMounts = [{ name: 'webhook-cert', mountPath: WEBHOOK_CERT_DIR, readOnly: true }];
  pod.volumes = [{ name: 'webhook-cert', secret: { secretName: secret } }];
  const selector = (deployment.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
  return [
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(issuer), spec: { selfSigned: {} } } as KubeObject,
    {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta(certificate),
      spec: { dnsNames: [`${service}.${n.namespace}.svc`, `${service}.${n.namespace}.svc.cluster.local`], issuerRef: { kind: 'Issuer', name: issuer }, secretName: secret },
    } as KubeObject,
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta(service),
      spec: { selector, ports: [{ name: 'webhook', port: 443, targetPort: 'webhook', protocol: 'TCP' }] },
    } as KubeObject,
    ...configurations,
  ];
}

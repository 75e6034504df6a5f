/**
 * Calls a webhook: POST of a review over HTTPS to clientConfig.url, or to the local address a
 * Service reference maps to (the certificate is verified for the Service's DNS name
 * `<name>.<namespace>.svc`, sent as TLS server name),
 * trusting only clientConfig.caBundle when given. Failures read as Kubernetes reports them
 * (`failed to call webhook: Post "…": dial tcp …: connect: connection refused`).
 */
import { Agent, request } from 'node:https';
import type { ClientConfig } from './configurations.ts';

/** Maps a Service reference to `host:port` (the local API server has no cluster network). */
export type ServiceResolver = (svc: { namespace: string; name: string; port: number }) => string;

/** Default: a Service is the manager on this machine, on the webhook server's default port. */
export const localServiceResolver: ServiceResolver = () => '127.0.0.1:9443';

/** A webhook that could not be called or answered nonsense (the failure policy then applies). */
export class WebhookCallError extends Error {
  readonly kind = 'WebhookCallError';
}

/** Connections to webhooks are kept alive between calls, as client-go does. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

interface Target {
  url: URL;
  servername: string | undefined;
}

function target(cc: ClientConfig, resolve: ServiceResolver): Target {
  if (cc.url) return { url: new URL(cc.url), servername: undefined };
  const svc = cc.service;
  if (!svc) throw new WebhookCallError('failed to call webhook: neither url nor service is set in clientConfig');
  const port = svc.port ?? 443;
  const addr = resolve({ namespace: svc.namespace, name: svc.name, port });
  return { url: new URL(`https://${addr}${svc.path ?? ''}`), servername: `${svc.name}.${svc.namespace}.svc` };
}

/** The text Go's HTTP client gives for a network error. */
function goError(err: NodeJS.ErrnoException, host: string): string {
  switch (err.code) {
    case 'ECONNREFUSED': return `dial tcp ${host}: connect: connection refused`;
    case 'ECONNRESET': return `read tcp ${host}: read: connection reset by peer`;
    case 'ENOTFOUND': return `dial tcp: lookup ${host}: no such host`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT': return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': return `tls: failed to verify certificate: x509: certificate is not valid for ${host}`;
    default: return err.message;
  }
}

/** POSTs body to the webhook and returns the parsed JSON answer; throws WebhookCallError. */
export function callWebhook(cc: ClientConfig, body: unknown, timeoutSeconds: number, resolve: ServiceResolver = localServiceResolver): Promise<unknown> {
  const t = target(cc, resolve);
  t.url.searchParams.set('timeout', `${timeoutSeconds}s`);
  const shown = `Post "${t.servername ? t.url.href.replace(t.url.host, t.servername + (t.url.port ? `:${t.url.port}` : '')) : t.url.href}"`;
  const payload = Buffer.from(JSON.stringify(body));
  const ca = cc.caBundle ? Buffer.from(cc.caBundle, 'base64').toString('utf8') : undefined;
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const fail = (msg: string) => { if (!settled) { settled = true; reject(new WebhookCallError(`failed to call webhook: ${msg}`)); } };
    const req = request(t.url, {
      method: 'POST', agent, ca, servername: t.servername,
      headers: { 'content-type': 'application/json', accept: 'application/json, */*', 'content-length': payload.length },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => fail(`${shown}: ${err.message}`));
      res.on('end', () => {
        if (settled) return;
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) return fail(`an error on the server ("${text.trim()}") has prevented the request from succeeding`);
        try {
          settled = true;
          resolvePromise(JSON.parse(text));
        } catch {
          settled = false;
          fail(`${shown}: the server responded with a body that is not JSON`);
        }
      });
    });
    req.setTimeout(timeoutSeconds * 1000, () => { fail(`${shown}: context deadline exceeded`); req.destroy(); });
    req.on('error', (err: NodeJS.ErrnoException) => fail(`${shown}: ${goError(err, t.servername ?? t.url.host)}`));
    req.end(payload);
  });
}

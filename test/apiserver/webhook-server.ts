/**
 * A real HTTPS admission webhook server for tests: it records every AdmissionReview request it
 * receives, by path, and answers with what the test's handler returns (allowed when none).
 */
import { createServer } from 'node:https';
import { createServingCertificates } from '../../runtime/core/x509/cert.ts';

/** One received review: the URL path and the review's `request`. */
export interface ReceivedReview { path: string; request: Record<string, any> }

/** The answer fields beside `uid`: allowed, patch, status, warnings. */
export type ReviewAnswer = Record<string, unknown> & { allowed: boolean };

/** A running webhook server. */
export interface WebhookServer {
  /** `https://127.0.0.1:<port>`. */
  base: string;
  /** The CA of the serving certificate, base64 (a clientConfig's caBundle). */
  caBundle: string;
  reviews: ReceivedReview[];
  close(): Promise<void>;
}

/** A JSONPatch answer that applies `ops`. */
export const jsonPatch = (ops: unknown[]): ReviewAnswer => ({ allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') });

/** Starts a webhook server answering each review with `answer(path, request)`. */
export async function startWebhookServer(answer: (path: string, request: Record<string, any>) => ReviewAnswer | undefined): Promise<WebhookServer> {
  const certs = createServingCertificates();
  const reviews: ReceivedReview[] = [];
  const server = createServer({ cert: certs.server.certPem, key: certs.server.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { request } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      reviews.push({ path, request });
      const response = { uid: request.uid, ...(answer(path, request) ?? { allowed: true }) };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    caBundle: Buffer.from(certs.ca.certPem).toString('base64'),
    reviews,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

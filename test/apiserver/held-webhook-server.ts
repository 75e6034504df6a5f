/**
 * A real HTTPS validating webhook for tests that must catch a write while its webhook is still
 * deciding: reviews of objects whose name starts with `heldPrefix` wait until the test lets them
 * go, every other review is allowed at once. The test learns when a review arrived by waiting for
 * it, so it needs no timers.
 */
import { createServer } from 'node:https';
import { createServingCertificates } from '../../runtime/core/x509/cert.ts';

/** One held review: the object's name and the operation, and how to answer it. */
export interface HeldReview { name: string; operation: string; answer(allowed: boolean, message?: string): void }

/** A running held webhook server. */
export interface HeldWebhookServer {
  /** `https://127.0.0.1:<port>`. */
  base: string;
  /** The CA of the serving certificate, base64 (a clientConfig's caBundle). */
  caBundle: string;
  /** Names of every object reviewed, held or not, in arrival order. */
  seen: string[];
  /** Resolves with the held review of `name` once it has arrived. */
  arrival(name: string): Promise<HeldReview>;
  /** Allows every review still held. */
  releaseAll(): void;
  close(): Promise<void>;
}

/** Starts a webhook server that holds the reviews of objects named `heldPrefix...`. */
export async function startHeldWebhookServer(heldPrefix: string): Promise<HeldWebhookServer> {
  const certs = createServingCertificates();
  const seen: string[] = [];
  const held = new Map<string, HeldReview>();
  const waiting = new Map<string, (review: HeldReview) => void>();
  const server = createServer({ cert: certs.server.certPem, key: certs.server.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { request } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const name: string = request.object?.metadata?.name ?? request.name ?? '';
      seen.push(name);
      let answered = false;
      const answer = (allowed: boolean, message?: string) => {
        if (answered) return;
        answered = true;
        held.delete(name);
        const response = { uid: request.uid, allowed, ...(message ? { status: { code: 403, message } } : {}) };
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response }));
      };
      if (!name.startsWith(heldPrefix)) return answer(true);
      const review: HeldReview = { name, operation: request.operation, answer };
      held.set(name, review);
      waiting.get(name)?.(review);
      waiting.delete(name);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    caBundle: Buffer.from(certs.ca.certPem).toString('base64'),
    seen,
    arrival: (name) => {
      const now = held.get(name);
      return now ? Promise.resolve(now) : new Promise((resolve) => waiting.set(name, resolve));
    },
    releaseAll: () => { for (const review of [...held.values()]) review.answer(true); },
    close: async () => {
      for (const review of [...held.values()]) review.answer(true);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

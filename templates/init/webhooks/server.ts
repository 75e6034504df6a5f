/**
 * The webhook server: admission (defaulting, validation) and CRD conversion webhooks written as
 * plain functions, served over TLS by the manager. The certificate comes from --webhook-cert-dir
 * (tls.crt and tls.key, as mounted from a Secret that cert-manager or another issuer fills).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import type { KubeObject, Manager } from 'tsop';

/** The part of an AdmissionReview request the functions see. */
export interface AdmissionRequest {
  uid: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  kind: { group: string; version: string; kind: string };
  namespace?: string;
  name?: string;
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun?: boolean;
  userInfo?: { username?: string; groups?: string[] };
}

/** Sets defaults on obj in place. */
export type Defaulter<T> = (obj: T, req: AdmissionRequest) => void | Promise<void>;
/** Returns the reasons to reject the request (none: allowed). obj is the old object on DELETE. */
export type Validator<T> = (obj: T, old: T | undefined, req: AdmissionRequest) => string[] | Promise<string[]>;
/** Converts obj to apiVersion `to`. */
export type Converter = (obj: KubeObject, to: string) => KubeObject;

type Handler = (review: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** JSON patch operations turning `from` into `to`, one per changed top-level field. */
export function topLevelPatch(from: Record<string, unknown>, to: Record<string, unknown>): object[] {
  const ops: object[] = [];
  const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  for (const key of Object.keys(from)) if (!(key in to)) ops.push({ op: 'remove', path: `/${escape(key)}` });
  for (const [key, value] of Object.entries(to)) {
    if (!(key in from)) ops.push({ op: 'add', path: `/${escape(key)}`, value });
    else if (JSON.stringify(from[key]) !== JSON.stringify(value)) ops.push({ op: 'replace', path: `/${escape(key)}`, value });
  }
  return ops;
}

/** Routes webhook paths to functions. */
export class WebhookServer {
  readonly #routes = new Map<string, Handler>();

  /** Number of registered webhooks; the server only listens when there is one. */
  get size(): number {
    return this.#routes.size;
  }

  /** A mutating webhook at path calling fn. */
  defaulting<T>(path: string, fn: Defaulter<T>): void {
    this.#routes.set(path, async (review) => {
      const req = review.request as AdmissionRequest;
      const original = (req.object ?? {}) as unknown as Record<string, unknown>;
      const copy = structuredClone(original);
      await fn(copy as T, req);
      const ops = topLevelPatch(original, copy);
      const response: Record<string, unknown> = { uid: req.uid, allowed: true };
      if (ops.length) Object.assign(response, { patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') });
      return response;
    });
  }

  /** A validating webhook at path calling fn. */
  validation<T>(path: string, fn: Validator<T>): void {
    this.#routes.set(path, async (review) => {
      const req = review.request as AdmissionRequest;
      const obj = (req.operation === 'DELETE' ? req.oldObject : req.object) as T;
      const problems = await fn(obj, req.operation === 'UPDATE' ? req.oldObject as T : undefined, req);
      return problems.length
        ? { uid: req.uid, allowed: false, status: { code: 403, reason: 'Forbidden', message: problems.join('; ') } }
        : { uid: req.uid, allowed: true };
    });
  }

  /** The CRD conversion webhook at path calling fn for every object. */
  conversion(path: string, fn: Converter): void {
    this.#routes.set(path, async (review) => {
      const req = review.request as { uid: string; desiredAPIVersion: string; objects: KubeObject[] };
      try {
        const convertedObjects = req.objects.map((o) => (o.apiVersion === req.desiredAPIVersion ? o : { ...fn(o, req.desiredAPIVersion), apiVersion: req.desiredAPIVersion }));
        return { uid: req.uid, convertedObjects, result: { status: 'Success' } };
      } catch (err) {
        return { uid: req.uid, convertedObjects: [], result: { status: 'Failure', message: (err as Error).message } };
      }
    });
  }

  /** Answers one AdmissionReview or ConversionReview sent to path. */
  async review(path: string, review: Record<string, unknown>): Promise<Record<string, unknown>> {
    const handler = this.#routes.get(path);
    if (!handler) throw new Error(`no webhook at ${path}`);
    return { apiVersion: review.apiVersion, kind: review.kind, response: await handler(review) };
  }

  /** Serves HTTPS on port with the certificate in certDir until signal aborts. */
  async listen(opts: { port: number; host?: string; certDir: string; signal: AbortSignal }): Promise<void> {
    const server: Server = createServer({ cert: readFileSync(join(opts.certDir, 'tls.crt')), key: readFileSync(join(opts.certDir, 'tls.key')) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'https://webhook').pathname;
        void (async () => {
          try {
            const body = await this.review(path, JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
          } catch (err) {
            res.writeHead(path && this.#routes.has(path) ? 400 : 404, { 'content-type': 'text/plain' }).end((err as Error).message);
          }
        })();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
    });
    await new Promise<void>((resolve) => {
      if (opts.signal.aborted) resolve();
      else opts.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Adds the server to mgr; every replica serves webhooks, leader or not. */
export function serveWebhooks(mgr: Manager, server: WebhookServer, opts: { port: number; certDir: string }): void {
  if (server.size === 0) return;
  mgr.add({ start: (signal) => server.listen({ ...opts, signal }), needLeaderElection: false });
}

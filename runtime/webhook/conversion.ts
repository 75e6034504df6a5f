/**
 * CRD conversion through a hub, as controller-runtime does: one version of a kind is the hub,
 * every other version (a spoke) converts to and from it, so N versions need 2(N-1) functions
 * instead of N². The server converts spoke to spoke through the hub.
 */
import { formatApiVersion, parseApiVersion } from '../core/gvk.ts';
import type { KubeObject } from '../core/meta.ts';
import { BadReviewError } from './admission.ts';
import type { ConversionResponse, ConversionReview } from './review.ts';

/** How one spoke version converts to and from the hub. */
export interface SpokeConversion<Spoke = KubeObject, Hub = KubeObject> {
  /** Spoke -> hub. The result's apiVersion is set by the server. */
  toHub(obj: Spoke): Hub | Promise<Hub>;
  /** Hub -> spoke. The result's apiVersion is set by the server. */
  fromHub(hub: Hub): Spoke | Promise<Spoke>;
}

/** The conversions of one kind. */
export interface KindConversion {
  group: string;
  kind: string;
  /** The hub version (usually the storage version). */
  hub: string;
  /** Every other served version. */
  spokes: Record<string, SpokeConversion<never, never>>;
}

/** A conversion the kind does not define (an unknown version or kind). */
export class ConversionError extends Error {
  readonly kind = 'ConversionError';
}

function spokeOf(conv: KindConversion, version: string): SpokeConversion<KubeObject, KubeObject> {
  const spoke = conv.spokes[version] as SpokeConversion<KubeObject, KubeObject> | undefined;
  if (!spoke) throw new ConversionError(`${conv.kind}.${conv.group}: no conversion for version ${version} (hub ${conv.hub})`);
  return spoke;
}

/** Converts one object to `to` through the hub; metadata other than labels and annotations is kept as sent. */
export async function convertObject(conv: KindConversion, obj: KubeObject, to: string): Promise<KubeObject> {
  const from = parseApiVersion(obj.apiVersion ?? '');
  const target = parseApiVersion(to);
  if (from.group !== conv.group || target.group !== conv.group) throw new ConversionError(`${conv.kind}.${conv.group}: cannot convert ${obj.apiVersion} to ${to}`);
  if (from.version === target.version) return obj;
  let hub = obj;
  if (from.version !== conv.hub) {
    hub = { ...(await spokeOf(conv, from.version).toHub(structuredClone(obj))), apiVersion: formatApiVersion(conv.group, conv.hub), kind: obj.kind };
  }
  let out = hub;
  if (target.version !== conv.hub) out = await spokeOf(conv, target.version).fromHub(structuredClone(hub));
  const md = { ...obj.metadata, labels: out.metadata?.labels ?? obj.metadata.labels, annotations: out.metadata?.annotations ?? obj.metadata.annotations };
  if (md.labels === undefined) delete md.labels;
  if (md.annotations === undefined) delete md.annotations;
  return { ...out, apiVersion: to, kind: obj.kind, metadata: md };
}

/** Routes ConversionReviews to the conversions of their kinds. */
export class ConversionRegistry {
  readonly #kinds = new Map<string, KindConversion>();

  /** Adds the conversions of a kind; a second registration of the same kind replaces the first. */
  add(conv: KindConversion): void {
    this.#kinds.set(`${conv.kind}.${conv.group}`, conv);
  }

  /** Number of registered kinds. */
  get size(): number {
    return this.#kinds.size;
  }

  /** Answers a ConversionReview body: every object converted, or a Failure result naming the first problem. */
  async review(body: unknown): Promise<ConversionReview> {
    const review = body as Partial<ConversionReview> | undefined;
    const req = review?.request;
    if (!review || review.kind !== 'ConversionReview' || !req?.uid || !Array.isArray(req.objects)) {
      throw new BadReviewError('expected an apiextensions.k8s.io/v1 ConversionReview with a request');
    }
    let response: ConversionResponse;
    try {
      const convertedObjects: KubeObject[] = [];
      for (const obj of req.objects) {
        const conv = this.#kinds.get(`${obj.kind}.${parseApiVersion(obj.apiVersion ?? '').group}`);
        if (!conv) throw new ConversionError(`no conversion registered for ${obj.kind} ${obj.apiVersion}`);
        convertedObjects.push(await convertObject(conv, obj, req.desiredAPIVersion));
      }
      response = { uid: req.uid, convertedObjects, result: { status: 'Success' } };
    } catch (err) {
      response = { uid: req.uid, convertedObjects: [], result: { status: 'Failure', message: err instanceof Error ? err.message : String(err) } };
    }
    return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview', response };
  }
}

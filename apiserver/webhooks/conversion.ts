/**
 * CRD conversion with `spec.conversion.strategy: Webhook`: objects travel to the webhook in a
 * ConversionReview and come back in the desired version; only labels and annotations of their
 * metadata may change. The write path converts to the storage version; reads, lists and watches
 * in another version serve views converted ahead of time (see views.ts).
 */
import { randomUUID } from 'node:crypto';
import { statusError, type StatusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { ConversionReview } from '../../runtime/webhook/review.ts';
import type { ResourceType } from '../resources/types.ts';
import { callWebhook, type ServiceResolver } from './call.ts';
import type { ClientConfig } from './configurations.ts';

interface ConversionSpec {
  strategy?: 'None' | 'Webhook';
  webhook?: { clientConfig?: ClientConfig; conversionReviewVersions?: string[] };
}

function conversionOf(crd: KubeObject | undefined): ConversionSpec | undefined {
  return (crd?.spec as { conversion?: ConversionSpec } | undefined)?.conversion;
}

/** True when the CRD's versions convert through a webhook. */
export function usesWebhookConversion(crd: KubeObject | undefined): boolean {
  return conversionOf(crd)?.strategy === 'Webhook';
}

/** How conversion webhooks are reached, per server. */
export interface ConversionSettings {
  resolveService?: ServiceResolver;
}

/** Times spent in conversion webhook calls, for figures. */
export const conversionCalls = { count: 0, totalMs: 0 };

function failure(obj: KubeObject, detail: string): StatusError {
  return statusError('InternalError', { message: `Internal error occurred: conversion webhook for ${obj.apiVersion}, Kind=${obj.kind} failed: ${detail}` });
}

function restoreMetadata(original: KubeObject, converted: KubeObject): KubeObject {
  const md = { ...original.metadata };
  const labels = converted.metadata?.labels;
  const annotations = converted.metadata?.annotations;
  if (labels && Object.keys(labels).length) md.labels = labels; else delete md.labels;
  if (annotations && Object.keys(annotations).length) md.annotations = annotations; else delete md.annotations;
  return { ...converted, metadata: md };
}

/**
 * Converts objects (all of one CRD) to apiVersion `to`: by rewriting apiVersion under strategy
 * None, through the webhook under Webhook. Throws a 500 StatusError worded as Kubernetes does.
 */
export async function convertObjects(crd: KubeObject, objs: KubeObject[], to: string, settings: ConversionSettings = {}): Promise<KubeObject[]> {
  const pending = objs.map((o, i) => ({ o, i })).filter(({ o }) => o.apiVersion !== to);
  if (!pending.length) return objs;
  const out = [...objs];
  if (!usesWebhookConversion(crd)) {
    for (const { o, i } of pending) out[i] = { ...o, apiVersion: to };
    return out;
  }
  const first = pending[0]!.o;
  const webhook = conversionOf(crd)?.webhook;
  if (!webhook?.clientConfig) throw failure(first, 'no webhook clientConfig in spec.conversion');
  if (!(webhook.conversionReviewVersions ?? []).includes('v1')) throw failure(first, 'no supported conversionReviewVersions (the server sends v1)');
  const uid = randomUUID();
  const review: ConversionReview = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview', request: { uid, desiredAPIVersion: to, objects: pending.map((p) => p.o) } };
  const started = performance.now();
  let answer: ConversionReview;
  try {
    answer = await callWebhook(webhook.clientConfig, review, 30, settings.resolveService) as ConversionReview;
  } catch (err) {
    throw failure(first, err instanceof Error ? err.message : String(err));
  } finally {
    conversionCalls.count++;
    conversionCalls.totalMs += performance.now() - started;
  }
  const res = answer?.response;
  if (!res) throw failure(first, 'no response provided');
  if (res.uid !== uid) throw failure(first, `expected response uid "${uid}", got "${res.uid}"`);
  if (res.result?.status !== 'Success') throw failure(first, res.result?.message || 'the webhook returned no message');
  const converted = res.convertedObjects ?? [];
  if (converted.length !== pending.length) throw failure(first, `returned ${converted.length} objects, expected ${pending.length}`);
  converted.forEach((c, k) => {
    const orig = pending[k]!.o;
    if (c?.apiVersion !== to) throw failure(orig, `invalid converted object at index ${k}: invalid apiVersion "${c?.apiVersion}", expected "${to}"`);
    if (c.kind !== orig.kind) throw failure(orig, `invalid converted object at index ${k}: invalid kind "${c.kind}", expected "${orig.kind}"`);
    out[pending[k]!.i] = restoreMetadata(orig, c);
  });
  return out;
}

/** The apiVersion objects of a resource type are served in. */
export function servedApiVersion(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** Converts one object to the storage version of its resource (the write path). */
export async function toStorageVersion(rt: ResourceType, obj: KubeObject, settings?: ConversionSettings): Promise<KubeObject> {
  if (obj.apiVersion === rt.storageVersion) return obj;
  if (!rt.crd) return { ...obj, apiVersion: rt.storageVersion };
  return (await convertObjects(rt.crd, [obj], rt.storageVersion, settings))[0]!;
}

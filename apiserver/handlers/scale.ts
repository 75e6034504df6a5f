/** The scale subresource: autoscaling/v1 Scale views of objects, mapped through the scale paths. */
import { conflict, notFound, statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { formatLabelSelector, type LabelSelector } from '../../runtime/core/selectors.ts';
import { mediaType, parseJson, readBody, decodeObjectBody } from '../http/body.ts';
import { writeJson } from '../http/respond.ts';
import { getStored, type ApiContext } from '../objects/context.ts';
import { updateObject } from '../objects/write.ts';
import type { ScaleSpec } from '../resources/types.ts';
import type { ReviewView } from '../webhooks/index.ts';
import { applyPatch, patchTypeOf } from './patch-apply.ts';
import { fieldManagerOf, parseDryRun, warningHeaders, type ApiRequest } from './request.ts';

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.replace(/^\./, '').split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    cur[p] = next && typeof next === 'object' ? { ...(next as object) } : {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

function scaleOf(obj: KubeObject, spec: ScaleSpec): KubeObject {
  const md = obj.metadata;
  let selector = spec.labelSelectorPath ? getPath(obj, spec.labelSelectorPath) : undefined;
  if (selector && typeof selector === 'object') selector = formatLabelSelector(selector as LabelSelector);
  const status: Record<string, unknown> = { replicas: Number(getPath(obj, spec.statusReplicasPath) ?? 0) };
  if (typeof selector === 'string' && selector) status.selector = selector;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: md.name, namespace: md.namespace, uid: md.uid, resourceVersion: md.resourceVersion, creationTimestamp: md.creationTimestamp },
    spec: { replicas: Number(getPath(obj, spec.specReplicasPath) ?? 0) },
    status,
  };
}

/** Webhooks of `/scale` see autoscaling/v1 Scales; a patched Scale changes only the replica count. */
function scaleReview(spec: ScaleSpec): ReviewView {
  return {
    kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    toReview: (obj) => scaleOf(obj, spec),
    fromReview: (scale, obj) => {
      const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) return obj;
      const next = structuredClone(obj);
      setPath(next, spec.specReplicasPath, replicas);
      return next;
    },
  };
}

/** GET, PUT and PATCH on `<object>/scale`. */
export async function handleScale(ctx: ApiContext, r: ApiRequest, verb: 'get' | 'update' | 'patch'): Promise<void> {
  const { rt, info } = r;
  const spec = rt.scale!;
  if (verb === 'get') {
    const obj = getStored(ctx, rt, info.namespace, info.name!);
    if (!obj) throw notFound(rt.group, rt.plural, info.name!);
    writeJson(r.res, 200, scaleOf(obj, spec));
    return;
  }
  const body = await readBody(r.req);
  const type = verb === 'patch' ? patchTypeOf(mediaType(r.req.headers['content-type']), { ...rt, custom: true }) : undefined;
  const input = verb === 'patch' ? parseJson(body) : decodeObjectBody(body, r.req.headers['content-type'], ctx.ext.protobuf);
  const result = await updateObject(ctx, rt, info.namespace, info.name!, (current) => {
    const before = scaleOf(current, spec);
    const desired = (type && type !== 'apply' ? applyPatch(ctx.ext, type, { ...rt, custom: true }, before, input) : type === 'apply' ? applyPatch(ctx.ext, 'merge', rt, before, input) : input) as KubeObject;
    const replicas = (desired?.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw statusError('Invalid', { message: `Scale.autoscaling "${info.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be greater than or equal to 0' }] });
    }
    const rv = desired.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(rt.group, rt.plural, info.name!, 'the object has been modified; please apply your changes to the latest version and try again');
    const next = { ...current, metadata: { ...current.metadata } };
    setPath(next, spec.specReplicasPath, replicas);
    return next;
  }, { dryRun: parseDryRun(r.query), fieldManager: fieldManagerOf(r), subresource: 'scale', warnings: r.warnings, user: r.user, reviewAs: scaleReview(spec) });
  writeJson(r.res, 200, scaleOf(result.object, spec), warningHeaders(r.warnings));
}

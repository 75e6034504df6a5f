/**
 * Applying a PATCH body to an object by media type: JSON patch, merge patch, strategic merge patch
 * (built-ins only) and server-side apply, through the patch/ssa modules when present.
 */
import fastJsonPatch from 'fast-json-patch';
import { statusError, StatusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { Extensions } from '../extensions.ts';
import type { ResourceType } from '../resources/types.ts';

/** The patch media types the server understands. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const MEDIA: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Maps a Content-Type to a patch type; 415 with the accepted types otherwise. */
export function patchTypeOf(mediaType: string, rt: ResourceType): PatchType {
  const t = MEDIA[mediaType];
  if (!t || (t === 'strategic' && rt.custom)) {
    const accepted = rt.custom
      ? 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml'
      : 'application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml';
    const gvk = rt.group ? `${rt.group}/${rt.version}, Kind=${rt.kind}` : `/${rt.version}, Kind=${rt.kind}`;
    throw statusError('UnsupportedMediaType', {
      message: `${mediaType || 'an empty media type'} is not supported by ${gvk}: the body of the request was in an unknown format - accepted media types include: ${accepted}`,
    });
  }
  return t;
}

/** RFC 7386: null deletes, objects merge recursively, everything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function jsonPatchFallback(obj: unknown, patch: unknown): unknown {
  try {
    return fastJsonPatch.applyPatch(structuredClone(obj), patch as fastJsonPatch.Operation[], true, false).newDocument;
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    throw statusError('Invalid', { message: `the server rejected our request due to an error in our request: ${msg}` , code: 422 });
  }
}

/** Applies a JSON, merge or strategic merge patch to `current`. */
export function applyPatch(ext: Extensions, type: Exclude<PatchType, 'apply'>, rt: ResourceType, current: KubeObject, patch: unknown): unknown {
  try {
    if (type === 'json') {
      if (!Array.isArray(patch)) throw statusError('BadRequest', { message: `json: cannot unmarshal object into Go value of type jsonpatch.Patch` });
      if (patch.length > 10000) throw statusError('RequestEntityTooLarge', { message: `The allowed maximum operations in a JSON patch is 10000, got ${patch.length}` });
      return ext.patch ? ext.patch.applyJsonPatch(current, patch) : jsonPatchFallback(current, patch);
    }
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw statusError('BadRequest', { message: `json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}` });
    }
    if (type === 'strategic' && ext.patch) {
      const av = rt.group ? `${rt.group}/${rt.version}` : rt.version;
      return ext.patch.applyStrategicMergePatch(current, patch, ext.patch.patchSchemaFor(av, rt.kind));
    }
    return ext.patch ? ext.patch.applyMergePatch(current, patch) : mergePatch(current, patch);
  } catch (err) {
    if (err instanceof StatusError) throw err;
    throw statusError('Invalid', { message: (err as Error).message });
  }
}

/**
 * Applying a PATCH body to an object by media type: JSON patch, merge patch, strategic merge patch
 * (built-ins only), through the patch module.
 */
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

/** Applies a JSON, merge or strategic merge patch to `current`. */
export function applyPatch(ext: Extensions, type: Exclude<PatchType, 'apply'>, rt: ResourceType, current: KubeObject, patch: unknown): unknown {
  try {
    if (type === 'json') {
      if (!Array.isArray(patch)) throw statusError('BadRequest', { message: `json: cannot unmarshal object into Go value of type jsonpatch.Patch` });
      if (patch.length > 10000) throw statusError('RequestEntityTooLarge', { message: `The allowed maximum operations in a JSON patch is 10000, got ${patch.length}` });
      return ext.patch.applyJsonPatch(current, patch);
    }
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw statusError('BadRequest', { message: `json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}` });
    }
    if (type === 'strategic') {
      const av = rt.group ? `${rt.group}/${rt.version}` : rt.version;
      return ext.patch.applyStrategicMergePatch(current, patch, ext.patch.patchSchemaFor(av, rt.kind));
    }
    return ext.patch.applyMergePatch(current, patch);
  } catch (err) {
    if (err instanceof StatusError) throw err;
    throw statusError('Invalid', { message: (err as Error).message });
  }
}

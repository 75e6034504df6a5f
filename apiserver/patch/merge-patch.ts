/**
 * RFC 7386 JSON merge patch with the Kubernetes error behaviour: a patch that is not a JSON object
 * (null, a string, a number) is a 400 "Invalid JSON Patch"; an array replaces the whole document,
 * which the apiserver then fails to decode as an object (422 on field `patch`).
 */
import { statusError } from '../../runtime/core/errors.ts';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386 MergePatch: objects merge recursively, null deletes, anything else replaces. */
export function mergePatchValue(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return stripNulls(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatchValue(result[key], value);
  }
  return result;
}

/** A replacing value keeps no null members: RFC 7386 applies it as a patch onto nothing. */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (isObject(v) ? stripNulls(v) : v));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
  return out;
}

/**
 * Applies an RFC 7386 merge patch to `obj` (not modified) and returns the merged object.
 * Throws a 400 StatusError for a non-object, non-array patch and a 422 for an array patch.
 */
export function applyMergePatch(obj: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    const text = JSON.stringify(stripNulls(patch));
    throw statusError('Invalid', {
      message: ` "" is invalid: patch: Invalid value: "${text.replace(/"/g, '\\"')}": json: cannot unmarshal array into Go value of type map[string]interface {}`,
      causes: [{
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${text.replace(/"/g, '\\"')}": json: cannot unmarshal array into Go value of type map[string]interface {}`,
        field: 'patch',
      }],
    });
  }
  if (!isObject(patch)) throw statusError('BadRequest', { message: 'Invalid JSON Patch' });
  return mergePatchValue(structuredClone(obj), patch);
}

/**
 * RFC 6902 JSON patch with the error behaviour of the Kubernetes API server: a body that is not a list
 * of operations is a 400 BadRequest, an operation that cannot be applied is a 422 whose message is the
 * apiserver's generic one (it does not echo the patch library's error), and more than 10000
 * operations is a 413.
 */
import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { statusError } from '../../runtime/core/errors.ts';

/** The apiserver's limit on operations in one JSON patch. */
export const maxJsonPatchOperations = 10000;

/** Options for {@link applyJsonPatch}. */
export interface JsonPatchOptions {
  /** The request's fieldValidation; Strict and Warn change the wording of decode errors, as in Kubernetes. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

const opNames = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Go's json wording for a value that cannot decode into a list. */
function goJsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

function decodeOperations(patch: unknown, opts: JsonPatchOptions): Operation[] {
  const strict = opts.fieldValidation === 'Strict' || opts.fieldValidation === 'Warn';
  if (!Array.isArray(patch)) {
    // null decodes into an empty Go slice, which applies as a no-op.
    if (patch === null) return [];
    const kind = goJsonKind(patch);
    const message = strict
      ? `error decoding patch: json: cannot unmarshal ${kind} into Go value of type []handlers.jsonPatchOp`
      : `json: cannot unmarshal ${kind} into Go value of type jsonpatch.Patch`;
    throw statusError('BadRequest', { message });
  }
  for (const op of patch) {
    if (op !== null && (typeof op !== 'object' || Array.isArray(op))) {
      const kind = goJsonKind(op);
      const message = strict
        ? `error decoding patch: json: cannot unmarshal ${kind} into Go value of type handlers.jsonPatchOp`
        : `json: cannot unmarshal ${kind} into Go value of type jsonpatch.Operation`;
      throw statusError('BadRequest', { message });
    }
  }
  return patch as Operation[];
}

/** The 422 the apiserver returns for any operation that fails to apply. */
function applyFailed(): never {
  throw statusError('Invalid', { message: 'the server rejected our request due to an error in our request' });
}

/**
 * Applies an RFC 6902 patch to a copy of `obj` and returns the patched document.
 * Throws StatusError: 400 for an undecodable body, 413 past 10000 operations, 422 when an operation
 * fails (failed `test`, missing path, unknown op).
 */
export function applyJsonPatch(obj: unknown, patch: unknown, opts: JsonPatchOptions = {}): unknown {
  const ops = decodeOperations(patch, opts);
  if (ops.length > maxJsonPatchOperations) {
    throw statusError('RequestEntityTooLarge', {
      message: `The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${ops.length}`,
    });
  }
  if (ops.length === 0) return structuredClone(obj);
  for (const op of ops) {
    if (op === null || !opNames.has(op.op) || typeof op.path !== 'string') applyFailed();
    if ((op.op === 'move' || op.op === 'copy') && typeof (op as { from?: unknown }).from !== 'string') applyFailed();
  }
  try {
    return jsonPatch.applyPatch(structuredClone(obj), ops, true, true).newDocument;
  } catch (err) {
    if (err instanceof jsonPatch.JsonPatchError || err instanceof TypeError) applyFailed();
    throw err;
  }
}

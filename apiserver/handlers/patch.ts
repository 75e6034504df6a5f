/** PATCH on objects and their status and ephemeralcontainers subresources, including server-side apply (which may create). */
import { invalid, isNotFound, statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { mediaType, parseJson, parseYamlBody, readBody } from '../http/body.ts';
import { writeJson } from '../http/respond.ts';
import { resetFieldsFor } from '../extensions.ts';
import { nowTimestamp, type ApiContext } from '../objects/context.ts';
import { createObject, updateObject } from '../objects/write.ts';
import { applyPatch, patchTypeOf } from './patch-apply.ts';
import { fieldManagerOf, parseDryRun, parseFieldValidation, sentWriteOptions, warningHeaders, type ApiRequest } from './request.ts';

/** PATCH on an object (or /status, /ephemeralcontainers). */
export async function handlePatch(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const type = patchTypeOf(mediaType(r.req.headers['content-type']), r.rt);
  const body = await readBody(r.req);
  const patch = type === 'apply' ? parseYamlBody(body) : parseJson(body);
  const force = r.query.get('force');
  if (type !== 'apply' && force !== null) {
    throw invalid('', 'PatchOptions', '', [{ reason: 'FieldValueForbidden', field: 'force', message: 'Forbidden: may not be specified for non-apply patch' }]);
  }
  if (type === 'apply' && !r.query.get('fieldManager')) {
    throw invalid('', 'PatchOptions', '', [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }]);
  }
  const sub = r.info.subresource as 'status' | 'ephemeralcontainers' | undefined;
  const manager = fieldManagerOf(r);
  const opts = {
    dryRun: parseDryRun(r.query), fieldManager: manager, fieldValidation: parseFieldValidation(r.query),
    warnings: r.warnings, subresource: sub, managedFieldsDone: type === 'apply', user: r.user, options: sentWriteOptions(r.query),
  };
  const apply = (live: KubeObject | undefined): KubeObject => {
    const applied = patch as KubeObject;
    if (!applied || typeof applied !== 'object' || Array.isArray(applied)) throw statusError('BadRequest', { message: 'the apply patch must be an object' });
    return ctx.ext.ssa.serverSideApply(live, applied, {
      manager, force: force === 'true', schema: r.rt.schema, subresource: sub, now: nowTimestamp(), resetFields: resetFieldsFor(r.rt.status, sub),
    }).object;
  };
  try {
    const result = await updateObject(ctx, r.rt, r.info.namespace, r.info.name!, (current) => (type === 'apply' ? apply(current) : applyPatch(ctx.ext, type, r.rt, current, patch)), opts);
    writeJson(r.res, 200, result.object, warningHeaders(r.warnings));
  } catch (err) {
    if (type !== 'apply' || !isNotFound(err) || sub) throw err;
    const fresh = apply(undefined);
    const obj = { ...fresh, metadata: { ...fresh.metadata, name: r.info.name } };
    const created = await createObject(ctx, r.rt, r.info.namespace, obj, opts);
    writeJson(r.res, 201, created, warningHeaders(r.warnings));
  }
}

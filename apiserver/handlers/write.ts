/** POST (create) and PUT (replace) on objects and their status, finalize and ephemeralcontainers subresources. */
import { statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { decodeObjectBody, readBody } from '../http/body.ts';
import { writeJson } from '../http/respond.ts';
import type { ApiContext } from '../objects/context.ts';
import { createObject, updateObject, type WriteSubresource } from '../objects/write.ts';
import { fieldManagerOf, parseDryRun, parseFieldValidation, sentWriteOptions, warningHeaders, type ApiRequest } from './request.ts';

/** Reads and decodes a full-object body. */
export async function readObject(ctx: ApiContext, r: ApiRequest): Promise<unknown> {
  const body = await readBody(r.req);
  if (!body.length) throw statusError('BadRequest', { message: 'the request body is empty' });
  return decodeObjectBody(body, r.req.headers['content-type'], ctx.ext.protobuf);
}

/** POST on a collection. */
export async function handleCreate(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const input = await readObject(ctx, r);
  const created = await createObject(ctx, r.rt, r.info.namespace, input, {
    dryRun: parseDryRun(r.query), fieldManager: fieldManagerOf(r), fieldValidation: parseFieldValidation(r.query), warnings: r.warnings, user: r.user,
    options: sentWriteOptions(r.query),
  });
  writeJson(r.res, 201, created, warningHeaders(r.warnings));
}

/** PUT on an object or its status, finalize or ephemeralcontainers subresource. */
export async function handleReplace(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const input = await readObject(ctx, r);
  const sub = r.info.subresource as Exclude<WriteSubresource, 'scale'> | undefined;
  const result = await updateObject(ctx, r.rt, r.info.namespace, r.info.name!, () => input as KubeObject, {
    dryRun: parseDryRun(r.query), fieldManager: fieldManagerOf(r), fieldValidation: parseFieldValidation(r.query),
    warnings: r.warnings, subresource: sub, requireResourceVersion: true, user: r.user, options: sentWriteOptions(r.query),
  });
  writeJson(r.res, 200, result.object, warningHeaders(r.warnings));
}

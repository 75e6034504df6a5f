/** DELETE on an object and on a collection (deletecollection). */
import { statusError } from '../../runtime/core/errors.ts';
import { parseJson, readBody } from '../http/body.ts';
import { successStatus, writeJson } from '../http/respond.ts';
import type { ApiContext } from '../objects/context.ts';
import { deleteObject, type DeleteOptions } from '../objects/delete.ts';
import { parseDryRun, warningHeaders, type ApiRequest } from './request.ts';
import { readList } from './read.ts';

async function deleteOptions(r: ApiRequest): Promise<DeleteOptions> {
  const body = await readBody(r.req);
  const opts: DeleteOptions = { dryRun: parseDryRun(r.query), user: r.user, warnings: r.warnings };
  let parsed: Record<string, unknown> = {};
  if (body.length) {
    const v = parseJson(body);
    if (v && typeof v === 'object' && !Array.isArray(v)) parsed = v as Record<string, unknown>;
  }
  const policy = r.query.get('propagationPolicy') ?? (parsed.propagationPolicy as string | undefined);
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw statusError('Invalid', { message: `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`, causes: [{ reason: 'FieldValueNotSupported', field: 'propagationPolicy', message: `Unsupported value: "${policy}"` }] });
    }
    opts.propagationPolicy = policy;
  }
  const orphan = r.query.get('orphanDependents') ?? parsed.orphanDependents;
  if (orphan !== undefined && orphan !== null) opts.orphanDependents = orphan === true || orphan === 'true';
  if (Array.isArray(parsed.dryRun) && parsed.dryRun.includes('All')) opts.dryRun = true;
  const pre = parsed.preconditions as DeleteOptions['preconditions'] | undefined;
  if (pre && typeof pre === 'object') opts.preconditions = pre;
  return opts;
}

/** DELETE on one object: the object while finalizers hold it, a Success Status once gone. */
export async function handleDelete(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const opts = await deleteOptions(r);
  const { rt, info } = r;
  const result = await deleteObject(ctx, rt, info.namespace, info.name!, opts);
  if (!result.deleted || !rt.custom) {
    writeJson(r.res, 200, result.object, warningHeaders(r.warnings));
    return;
  }
  writeJson(r.res, 200, successStatus({ name: info.name, group: rt.group, kind: rt.plural, uid: result.object.metadata.uid }), warningHeaders(r.warnings));
}

/** DELETE on a collection: deletes every match, returns the list of what was deleted. */
export async function handleDeleteCollection(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const opts = await deleteOptions(r);
  const { items, meta } = await readList(ctx, r);
  const deleted = [];
  for (const obj of items) {
    try {
      deleted.push((await deleteObject(ctx, r.rt, obj.metadata.namespace, obj.metadata.name!, opts)).object);
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
  const av = r.rt.group ? `${r.rt.group}/${r.rt.version}` : r.rt.version;
  writeJson(r.res, 200, { kind: r.rt.listKind, apiVersion: av, metadata: { resourceVersion: meta.resourceVersion }, items: deleted }, warningHeaders(r.warnings));
}

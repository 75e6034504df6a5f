/** GET of one object and of collections (selectors, pagination, resourceVersion semantics, tables). */
import { notFound, statusError } from '../../runtime/core/errors.ts';
import type { KubeObject, ListMeta } from '../../runtime/core/meta.ts';
import { writeJson } from '../http/respond.ts';
import { apiVersionOf, getStored, type ApiContext } from '../objects/context.ts';
import { readView } from '../objects/read-view.ts';
import { compileSelection } from '../resources/selection.ts';
import { decodeContinue, encodeContinue } from './continue-token.ts';
import type { ApiRequest } from './request.ts';
import { renderTable, tableOptions } from './table.ts';
import { ensureServable } from '../webhooks/index.ts';

/** GET on a single object (also `/status`, which returns the whole object). */
export async function handleGet(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const { rt, info } = r;
  const obj = getStored(ctx, rt, info.namespace, info.name!);
  if (!obj) throw notFound(rt.group, rt.plural, info.name!);
  await ensureServable(ctx, rt, [obj]);
  const served = readView(ctx, obj, rt);
  if (r.accept.table) {
    writeJson(r.res, 200, renderTable(ctx, rt, [served], { ...tableOptions(r.query), listMeta: { resourceVersion: obj.metadata.resourceVersion } }));
    return;
  }
  writeJson(r.res, 200, served);
}

const EXPIRED_CONTINUE = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

/** Reads the matching objects and list metadata for a list request. */
export async function readList(ctx: ApiContext, r: ApiRequest): Promise<{ items: KubeObject[]; meta: ListMeta }> {
  const { rt, info, query } = r;
  const selection = compileSelection(rt, query.get('labelSelector'), query.get('fieldSelector'));
  const limit = Number(query.get('limit') ?? 0) || 0;
  const cont = query.get('continue');
  const rvParam = query.get('resourceVersion');
  const rvMatch = query.get('resourceVersionMatch');
  if (rvMatch && !rvParam) {
    throw statusError('Invalid', { message: 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided', causes: [{ reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: 'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided' }] });
  }
  let snapshotRv = ctx.store.rv;
  let start = '';
  let source: Map<string, KubeObject> | undefined;
  if (cont) {
    const p = decodeContinue(cont);
    snapshotRv = p.rv;
    start = p.start;
    if (!ctx.store.unchangedSince(rt.storageKey, p.rv)) {
      source = ctx.store.snapshotAt(rt.storageKey, p.rv);
      if (!source) throw statusError('Expired', { message: EXPIRED_CONTINUE });
    }
  } else if (rvMatch === 'Exact') {
    const n = Number(rvParam);
    if (!Number.isInteger(n) || n < 0) throw statusError('BadRequest', { message: `invalid resource version: ${rvParam}` });
    snapshotRv = n;
    source = ctx.store.snapshotAt(rt.storageKey, n);
    if (!source || n > ctx.store.rv) throw statusError('Expired', { message: `too old resource version: ${n} (${ctx.store.history.compactedRv + 1})` });
  }
  const ns = rt.namespaced ? info.namespace : undefined;
  let keys: string[];
  let get: (k: string) => KubeObject;
  if (source) {
    const prefix = ns !== undefined ? `${ns}/` : '';
    keys = [...source.keys()].filter((k) => k.startsWith(prefix)).sort();
    get = (k) => source.get(k)!;
  } else {
    keys = ctx.store.keys(rt.storageKey, ns);
    get = (k) => ctx.store.get(rt.storageKey, k)!;
  }
  let i = 0;
  if (start) {
    let lo = 0, hi = keys.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (keys[mid]! < start) lo = mid + 1; else hi = mid; }
    i = lo;
  }
  const items: KubeObject[] = [];
  const meta: ListMeta = { resourceVersion: String(snapshotRv) };
  for (; i < keys.length; i++) {
    const obj = get(keys[i]!);
    if (!selection.always && !selection.matches(obj)) continue;
    if (limit > 0 && items.length === limit) {
      meta.continue = encodeContinue({ rv: snapshotRv, start: keys[i - 1]! + '\u0000' });
      if (selection.always) meta.remainingItemCount = keys.length - i;
      break;
    }
    items.push(obj);
  }
  await ensureServable(ctx, rt, items);
  return { items: items.map((o) => readView(ctx, o, rt)), meta };
}

/** GET on a collection. */
export async function handleList(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const { rt } = r;
  const { items, meta } = await readList(ctx, r);
  if (r.accept.table) {
    writeJson(r.res, 200, renderTable(ctx, rt, items, { ...tableOptions(r.query), listMeta: meta }));
    return;
  }
  const head = JSON.stringify({ kind: rt.listKind, apiVersion: apiVersionOf(rt), metadata: meta });
  const body = `${head.slice(0, -1)},"items":[${items.map((o) => JSON.stringify(o)).join(',')}]}`;
  writeJson(r.res, 200, body);
}

/**
 * Watch requests: `?watch=true` on a collection or an item, the `/watch/` prefix, resourceVersion
 * ""/"0"/N, 410 for history that is gone, bookmarks, sendInitialEvents, Table events.
 */
import { statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { apiVersionOf, type ApiContext } from '../objects/context.ts';
import { readView } from '../objects/read-view.ts';
import { compileSelection, type Selection } from '../resources/selection.ts';
import type { ResourceType } from '../resources/types.ts';
import type { StoreEvent } from '../storage/types.ts';
import { WatchStream, type EventEncoder } from '../watch/stream.ts';
import type { ApiRequest } from './request.ts';
import { renderTable, tableOptions } from './table.ts';
import { convertingEncoder, ensureServable } from '../webhooks/index.ts';

/** Encoded event lines shared by every watch of the same version: one encoding per event. */
const lineCache = new WeakMap<StoreEvent, Map<string, Buffer>>();

/** The watched resource as served now: a CRD may have changed its schema since the watch began. */
function currentType(ctx: ApiContext, r: ApiRequest): ResourceType {
  return ctx.catalog.lookup(r.rt.group, r.rt.version, r.rt.plural) ?? r.rt;
}

function plainEncoder(ctx: ApiContext, r: ApiRequest): EventEncoder {
  const apiVersion = apiVersionOf(r.rt);
  return (type, obj, event) => {
    const cacheable = event !== undefined && type === event.type && obj === event.object;
    let perVersion: Map<string, Buffer> | undefined;
    if (cacheable) {
      perVersion = lineCache.get(event);
      const hit = perVersion?.get(apiVersion);
      if (hit) return hit;
    }
    // BOOKMARK and ERROR objects are already in their final form (an ERROR carries a Status).
    const served = type === 'BOOKMARK' || type === 'ERROR' ? obj : readView(ctx, obj, currentType(ctx, r));
    const line = Buffer.from(`{"type":"${type}","object":${JSON.stringify(served)}}\n`);
    if (cacheable) {
      if (!perVersion) lineCache.set(event, (perVersion = new Map()));
      perVersion.set(apiVersion, line);
    }
    return line;
  };
}

function tableEncoder(ctx: ApiContext, r: ApiRequest): EventEncoder {
  let first = true;
  const opts = tableOptions(r.query);
  return (type, obj) => {
    if (type === 'BOOKMARK' || type === 'ERROR') return `{"type":"${type}","object":${JSON.stringify(obj)}}\n`;
    const table = renderTable(ctx, r.rt, [readView(ctx, obj, currentType(ctx, r))], { ...opts, noHeaders: opts.noHeaders || !first, listMeta: { resourceVersion: obj.metadata.resourceVersion } });
    first = false;
    return `{"type":"${type}","object":${JSON.stringify(table)}}\n`;
  };
}

function watchSelection(r: ApiRequest): Selection {
  const sel = compileSelection(r.rt, r.query.get('labelSelector'), r.query.get('fieldSelector'));
  const name = r.info.name;
  if (!name) return sel;
  if (sel.name !== undefined && sel.name !== name) throw statusError('BadRequest', { message: "fieldSelector metadata.name doesn't match requested name" });
  return { always: false, name, matches: (o) => o.metadata.name === name && sel.matches(o) };
}

function lifetimeMs(query: URLSearchParams, fallbackMs: number | undefined): number {
  const t = query.get('timeoutSeconds');
  if (t !== null && t !== '') {
    const n = Number(t);
    if (Number.isFinite(n) && n >= 0) return n * 1000;
  }
  return fallbackMs ?? (30 + Math.random() * 30) * 60_000;
}

/** Serves a watch. */
export async function handleWatch(ctx: ApiContext, r: ApiRequest): Promise<void> {
  const { rt, query } = r;
  const selection = watchSelection(r);
  const rvParam = query.get('resourceVersion') ?? '';
  const sendInitial = query.get('sendInitialEvents');
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  if (sendInitial !== null) {
    const match = query.get('resourceVersionMatch');
    if (match !== 'NotOlderThan' || !bookmarks) {
      throw statusError('Invalid', {
        message: 'sendInitialEvents requires allowWatchBookmarks=true and resourceVersionMatch=NotOlderThan',
        causes: [{ reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan" }],
      });
    }
  }
  const initial = sendInitial === 'true' || (sendInitial === null && (rvParam === '' || rvParam === '0'));
  const namespace = rt.namespaced ? r.info.namespace : undefined;
  const storageKey = rt.storageKey;
  const encode = convertingEncoder(r.accept.table ? tableEncoder(ctx, r) : plainEncoder(ctx, r));
  // Views in this version are converted before the synchronous replay below.
  const n0 = Number(rvParam);
  await ensureServable(ctx, rt, initial || !Number.isInteger(n0) || !ctx.store.history.covers(n0) ? ctx.store.list(storageKey, namespace) : ctx.store.history.since(n0).filter((e) => e.resource === storageKey).map((e) => e.object));
  const bookmark = (rv: number, end: boolean): KubeObject => {
    const md: KubeObject['metadata'] = { resourceVersion: String(rv) };
    if (end) md.annotations = { 'k8s.io/initial-events-end': 'true' };
    return { kind: rt.kind, apiVersion: apiVersionOf(rt), metadata: md };
  };
  const stream = new WatchStream(r.res, ctx.hub, {
    storageKey, namespace, selection, encode, bookmarks, bookmark,
    currentRv: () => ctx.store.rv, lifetimeMs: lifetimeMs(query, ctx.watchLifetimeMs),
  });
  stream.open();
  if (initial) {
    for (const obj of ctx.store.list(storageKey, namespace)) if (selection.always || selection.matches(obj)) stream.send('ADDED', obj);
    if (sendInitial === 'true') stream.sendBookmark(true);
  } else {
    const n = Number(rvParam);
    if (!Number.isInteger(n) || n < 0) {
      stream.send('ERROR', statusError('BadRequest', { message: `invalid resource version: ${rvParam}` }).status as unknown as KubeObject);
      stream.end();
      return;
    }
    if (n > ctx.store.rv || !ctx.store.history.covers(n)) {
      const oldest = ctx.store.history.compactedRv + 1;
      stream.send('ERROR', statusError('Expired', { message: `too old resource version: ${n} (${oldest})`, code: 410 }).status as unknown as KubeObject);
      stream.end();
      return;
    }
    for (const e of ctx.store.history.since(n)) if (e.resource === storageKey) stream.deliver(e);
  }
  stream.follow();
}

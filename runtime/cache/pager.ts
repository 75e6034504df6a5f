/**
 * Paginated listing (limit + continue) that requests the next page while the current one is being
 * decoded, so client-side parsing overlaps the server's work and the network round trip. An
 * expired continue token (410) restarts the list in a single request, as client-go's pager does.
 */
import { isGone } from '../core/errors.ts';
import type { ObjectList, ApiObject } from '../client/resource.ts';
import type { Transport, TransportResponse } from '../client/transport.ts';

/** What to list. */
export interface PagerRequest {
  transport: Transport;
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Items per page; 0 lists in one request. */
  pageSize: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called once for a restart after an expired continue token. */
  onExpiredContinue?: () => void;
}

/** A complete list: every item, and the resourceVersion of the snapshot. */
export interface PagedList<T extends ApiObject> {
  items: T[];
  resourceVersion: string;
}

/**
 * Reads the continue token from the list metadata at the head of a raw page, before the page is
 * parsed. Returns undefined when unsure; the parsed page is always checked against it.
 */
export function peekContinue(raw: Buffer): string | undefined {
  const head = raw.subarray(0, 4096).toString('latin1');
  const itemsAt = head.indexOf('"items"');
  const meta = itemsAt < 0 ? '' : head.slice(0, itemsAt);
  const m = /"continue":"([A-Za-z0-9+/=_.-]*)"/.exec(meta);
  return m?.[1] || undefined;
}

/** Lists every page of a collection; `prepare` is applied to each item as its page is decoded. */
export async function listAllPages<T extends ApiObject>(req: PagerRequest, prepare: (obj: T) => T): Promise<PagedList<T>> {
  let pageSize = req.pageSize;
  for (;;) {
    const fetchPage = (cont: string | undefined): Promise<TransportResponse> => {
      const p = req.transport.request({
        method: 'GET', path: req.path, signal: req.signal, timeoutMs: req.timeoutMs,
        query: { labelSelector: req.labelSelector, fieldSelector: req.fieldSelector, limit: pageSize || undefined, continue: cont },
      });
      // A prefetched page may fail while the previous one is decoded; it is awaited (and its error seen) later.
      p.catch(() => undefined);
      return p;
    };
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    try {
      let pending: Promise<TransportResponse> | undefined = fetchPage(undefined);
      while (pending) {
        const raw: Buffer = (await pending).body;
        const guess: string | undefined = pageSize ? peekContinue(raw) : undefined;
        pending = guess ? fetchPage(guess) : undefined;
        const page = JSON.parse(raw.toString('utf8')) as ObjectList<T>;
        const next = page.metadata?.continue || undefined;
        if (next !== guess) pending = next ? fetchPage(next) : undefined;
        for (const item of page.items ?? []) items.push(prepare(item));
        rv = page.metadata?.resourceVersion ?? rv;
        cont = next;
      }
    } catch (err) {
      if (cont !== undefined && isGone(err) && pageSize) {
        req.onExpiredContinue?.();
        pageSize = 0;
        continue;
      }
      throw err;
    }
    return { items, resourceVersion: rv };
  }
}

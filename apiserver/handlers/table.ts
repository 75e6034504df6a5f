/**
 * Table output (`Accept: ...;as=Table;g=meta.k8s.io`): through the table module, or a Name/Age
 * table while it is absent.
 */
import type { KubeObject, ListMeta } from '../../runtime/core/meta.ts';
import type { ApiContext } from '../objects/context.ts';
import type { ResourceType } from '../resources/types.ts';

/** Table rendering options from the query. */
export interface TableOptions {
  includeObject?: 'None' | 'Metadata' | 'Object';
  listMeta?: ListMeta;
  noHeaders?: boolean;
}

function age(ts: string | undefined): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function fallbackTable(objects: KubeObject[], opts: TableOptions): object {
  const rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: [o.metadata.name, age(o.metadata.creationTimestamp)] };
    if (opts.includeObject === 'Object') row.object = o;
    else if (opts.includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
    return row;
  });
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: opts.listMeta ?? {} };
  if (!opts.noHeaders) {
    table.columnDefinitions = [
      { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
    ];
  }
  table.rows = rows;
  return table;
}

/** Renders objects as a meta.k8s.io/v1 Table. */
export function renderTable(ctx: ApiContext, rt: ResourceType, objects: KubeObject[], opts: TableOptions): object {
  if (ctx.ext.table) return ctx.ext.table.toTable({ desc: rt, printerColumns: rt.printerColumns }, objects, opts);
  return fallbackTable(objects, opts);
}

/** Table options from query parameters. */
export function tableOptions(query: URLSearchParams): TableOptions {
  const include = query.get('includeObject');
  return {
    includeObject: include === 'None' || include === 'Object' || include === 'Metadata' ? include : undefined,
    noHeaders: query.get('noHeaders') === 'true',
  };
}

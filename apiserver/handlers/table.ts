/** Table output (`Accept: ...;as=Table;g=meta.k8s.io`) through the table module. */
import type { KubeObject, ListMeta } from '../../runtime/core/meta.ts';
import type { ApiContext } from '../objects/context.ts';
import type { ResourceType } from '../resources/types.ts';

/** Table rendering options from the query. */
export interface TableOptions {
  includeObject?: 'None' | 'Metadata' | 'Object';
  listMeta?: ListMeta;
  noHeaders?: boolean;
}

/** Renders objects as a meta.k8s.io/v1 Table. */
export function renderTable(ctx: ApiContext, rt: ResourceType, objects: KubeObject[], opts: TableOptions): object {
  return ctx.ext.table.toTable({ desc: rt, printerColumns: rt.printerColumns }, objects, opts);
}

/** Table options from query parameters. */
export function tableOptions(query: URLSearchParams): TableOptions {
  const include = query.get('includeObject');
  return {
    includeObject: include === 'None' || include === 'Object' || include === 'Metadata' ? include : undefined,
    noHeaders: query.get('noHeaders') === 'true',
  };
}

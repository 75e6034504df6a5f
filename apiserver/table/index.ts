/**
 * meta.k8s.io/v1 Table rendering for `kubectl get`: CRD printer columns (JSONPath cells coerced
 * to the column type, `date` cells rendered as human ages), the default `Name`/`Age` columns, and
 * the columns Kubernetes prints for common built-in kinds.
 */
import type { ListMeta, KubeObject } from '../../runtime/core/meta.ts';
import type { ResourceDescriptor } from '../../runtime/core/gvk.ts';
import { builtinColumns, type BuiltinColumn } from './builtin-columns.ts';
import { humanAge } from './age.ts';
import { evaluateJsonPath } from './jsonpath.ts';

/** A CRD additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** One Table column definition. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** Options of a Table response. */
export interface TableOptions {
  includeObject?: 'None' | 'Metadata' | 'Object';
  listMeta?: ListMeta;
  noHeaders?: boolean;
  /** The clock for ages (tests). */
  now?: Date;
}

const nameColumn: TableColumnDefinition = {
  name: 'Name', type: 'string', format: 'name', priority: 0,
  description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
};

const creationTimestampDescription = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** Coerces a JSONPath value into a cell of the column's type, as the CR table convertor does. */
export function cellFor(type: string, value: unknown, now: Date): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'integer':
      if (typeof value === 'number') return Math.trunc(value);
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
      return null;
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      return null;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return null;
    case 'date':
      return typeof value === 'string' ? humanAge(value, now) : null;
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function rowObject(obj: KubeObject, include: TableOptions['includeObject']): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

function customColumns(printerColumns: PrinterColumn[]): BuiltinColumn[] {
  const cols = printerColumns.length ? printerColumns : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: creationTimestampDescription }];
  return cols.map((c) => ({
    definition: { name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 },
    cell: (obj: KubeObject, now: Date) => {
      const values = evaluateJsonPath(c.jsonPath, obj);
      if (values.length === 0) return null;
      if (values.length === 1) return cellFor(c.type, values[0], now);
      return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
    },
  }));
}

/**
 * Renders objects as a Table. `printerColumns` set (even empty) means a custom resource; absent
 * means a built-in kind, rendered with its Kubernetes columns (or Name/Created At).
 */
export function toTable(resources: { desc: ResourceDescriptor; printerColumns?: PrinterColumn[] }, objects: KubeObject[], opts: TableOptions = {}): object {
  const now = opts.now ?? new Date();
  const columns = resources.printerColumns !== undefined ? customColumns(resources.printerColumns) : builtinColumns(resources.desc);
  const leading = columns[0]?.definition.format === 'name' || columns[0]?.definition.name === 'Last Seen' ? [] : [{ definition: nameColumn, cell: (o: KubeObject) => o.metadata?.name ?? '' }];
  const all = [...leading, ...columns];
  const metadata: Record<string, unknown> = {};
  if (opts.listMeta?.resourceVersion !== undefined) metadata.resourceVersion = opts.listMeta.resourceVersion;
  if (opts.listMeta?.continue) metadata.continue = opts.listMeta.continue;
  if (opts.listMeta?.remainingItemCount !== undefined) metadata.remainingItemCount = opts.listMeta.remainingItemCount;
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata };
  if (!opts.noHeaders) table.columnDefinitions = all.map((c) => c.definition);
  table.rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: all.map((c) => c.cell(o, now)) };
    const object = rowObject(o, opts.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });
  return table;
}

export { humanAge } from './age.ts';
export { evaluateJsonPath } from './jsonpath.ts';

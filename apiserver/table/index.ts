/**
 * meta.k8s.io/v1 Table rendering for `kubectl get`: CRD printer columns (JSONPath cells coerced
 * to the column type, `date` cells rendered as human ages), the default `Name`/`Age` columns, and
 * the columns Kubernetes prints for built-in kinds.
 */
import type { ListMeta, KubeObject } from '../../runtime/core/meta.ts';
import type { ResourceDescriptor } from '../../runtime/core/gvk.ts';
import { builtinPrinter } from './builtin-columns.ts';
import { humanAge } from './age.ts';
import { nameColumn, type BuiltinColumn, type BuiltinPrinter, type TableColumnDefinition } from './columns.ts';
import { evaluateJsonPath } from './jsonpath.ts';

export type { TableColumnDefinition, TableRowCondition } from './columns.ts';

/** A CRD additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** Options of a Table response. */
export interface TableOptions {
  includeObject?: 'None' | 'Metadata' | 'Object';
  listMeta?: ListMeta;
  noHeaders?: boolean;
  /** The clock for ages (tests). */
  now?: Date;
}

const creationTimestampDescription = 'Time since the object was created (metadata.creationTimestamp).';

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

/** The printer of a custom resource: Name, then its printer columns (or Age). */
function customPrinter(printerColumns: PrinterColumn[]): BuiltinPrinter {
  return { columns: [nameColumn, ...customColumns(printerColumns)] };
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
  const printer = resources.printerColumns !== undefined ? customPrinter(resources.printerColumns) : builtinPrinter(resources.desc);
  const all = printer.columns;
  const metadata: Record<string, unknown> = {};
  if (opts.listMeta?.resourceVersion !== undefined) metadata.resourceVersion = opts.listMeta.resourceVersion;
  if (opts.listMeta?.continue) metadata.continue = opts.listMeta.continue;
  if (opts.listMeta?.remainingItemCount !== undefined) metadata.remainingItemCount = opts.listMeta.remainingItemCount;
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata };
  if (!opts.noHeaders) table.columnDefinitions = all.map((c) => c.definition);
  table.rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: all.map((c) => c.cell(o, now)) };
    const conditions = printer.conditions?.(o);
    if (conditions) row.conditions = conditions;
    const object = rowObject(o, opts.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });
  return table;
}

export { humanAge } from './age.ts';
export { evaluateJsonPath } from './jsonpath.ts';

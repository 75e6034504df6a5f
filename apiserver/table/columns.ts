/**
 * The building blocks of a built-in kind's printer: column definitions paired with the function
 * that computes each cell, plus the Name/Age/Created At columns most kinds share.
 *
 * Cells are computed from wire objects as Kubernetes would see them after decoding, so fields
 * that v1 defaulting fills (replicas, suspend, volumeMode, ...) read as their defaults when absent.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { humanAge } from './age.ts';

/** One Table column definition. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A condition attached to a Table row (Kubernetes marks finished pods with `Completed`). */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** One column: its definition and how to compute a cell. */
export interface BuiltinColumn {
  definition: TableColumnDefinition;
  cell(obj: KubeObject, now: Date): unknown;
}

/** The columns of a kind, in order, and the optional row conditions. */
export interface BuiltinPrinter {
  columns: BuiltinColumn[];
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

/** Wire objects of many kinds: fields are read defensively. */
export type Obj = Record<string, any>;

/** Options of a column beyond name, type and description. */
export interface ColumnOptions {
  /** 1 for columns kubectl shows only with `-o wide`. */
  priority?: number;
  format?: string;
}

/** Declares a column. */
export function column(name: string, type: string, description: string, cell: (o: Obj, now: Date) => unknown, opts: ColumnOptions = {}): BuiltinColumn {
  return {
    definition: { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 },
    cell: (o, now) => cell(o as Obj, now),
  };
}

/** A wide-only (priority 1) column. */
export function wide(name: string, type: string, description: string, cell: (o: Obj, now: Date) => unknown): BuiltinColumn {
  return column(name, type, description, cell, { priority: 1 });
}

/** The object's name, first column of nearly every kind. */
export const nameColumn: BuiltinColumn = column('Name', 'string', 'Name of the object, unique within its namespace (or the cluster for cluster-scoped kinds).', (o) => o.metadata?.name ?? '', { format: 'name' });

/** Time since creation as a human duration (`5m`, `3d4h`). */
export const ageColumn: BuiltinColumn = column('Age', 'string', 'Time since the object was created (metadata.creationTimestamp).', (o, now) => humanAge(o.metadata?.creationTimestamp, now));

/**
 * The creation time as an RFC3339 UTC timestamp, the only column (besides Name) of kinds that
 * Kubernetes serves through its default table convertor.
 */
export const createdAtColumn: BuiltinColumn = column('Created At', 'date', 'When the object was created (metadata.creationTimestamp).', (o) => rfc3339(o.metadata?.creationTimestamp));

function rfc3339(ts: unknown): string {
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  // Kubernetes prints the zero time for an unset timestamp.
  if (Number.isNaN(t)) return '0001-01-01T00:00:00Z';
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Builds a printer from its columns. */
export function printer(...columns: BuiltinColumn[]): BuiltinPrinter {
  return { columns };
}

/** The printer of kinds with no dedicated one: Name and Created At. */
export const defaultPrinter: BuiltinPrinter = printer(nameColumn, createdAtColumn);

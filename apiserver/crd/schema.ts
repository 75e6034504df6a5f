/**
 * The apiextensions.k8s.io/v1 shapes the CRD machinery reads: JSONSchemaProps and the parts of a
 * CustomResourceDefinition spec. Plain data as it arrives on the wire.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import type { JSONSchemaProps } from '../../runtime/core/schema.ts';
import type { PrinterColumn } from '../table/index.ts';

export type { JSONSchemaProps, ValidationRule } from '../../runtime/core/schema.ts';

/** A printer column of a CRD version (the Table conversion's column type). */
export type CustomResourceColumnDefinition = PrinterColumn;

/** The scale subresource mapping. */
export interface CustomResourceSubresourceScale {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One entry of spec.versions. */
export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: Record<string, never>; scale?: CustomResourceSubresourceScale };
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: { jsonPath: string }[];
}

/** spec.names / status.acceptedNames. */
export interface CustomResourceDefinitionNames {
  plural: string;
  singular?: string;
  shortNames?: string[];
  kind: string;
  listKind?: string;
  categories?: string[];
}

/** spec of a CustomResourceDefinition. */
export interface CustomResourceDefinitionSpec {
  group: string;
  names: CustomResourceDefinitionNames;
  scope: string;
  versions: CustomResourceDefinitionVersion[];
  conversion?: { strategy?: string; webhook?: unknown };
  preserveUnknownFields?: boolean;
}

/** The typed view of a CRD object. */
export interface CustomResourceDefinition extends KubeObject {
  spec: CustomResourceDefinitionSpec;
  status?: {
    acceptedNames?: CustomResourceDefinitionNames;
    storedVersions?: string[];
    conditions?: unknown[];
  };
}

/** Reads a KubeObject as a CRD (no copy, no checks). */
export function asCrd(obj: KubeObject): CustomResourceDefinition {
  return obj as CustomResourceDefinition;
}

/** The single item schema of an array node (tuple `items` are rejected by CRD validation). */
export function itemsOf(s: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  const items = s?.items;
  return Array.isArray(items) ? undefined : items;
}

/** The additionalProperties schema when it is a schema (booleans carry no structure). */
export function additionalOf(s: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  const ap = s?.additionalProperties;
  if (ap === true) return {};
  return ap && typeof ap === 'object' ? ap : undefined;
}

/** True for a plain JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep JSON copy. Objects here are always JSON data. */
export function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/** Deep JSON equality (key order insensitive). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

/**
 * metadata.managedFields as a map from manager identity to owned field set. Identity follows
 * Kubernetes: an Apply entry is keyed by manager and subresource, an Update entry also by apiVersion.
 * Entries are written sorted as the apiserver sorts them (operation, time, manager, apiVersion,
 * subresource), and managers that own nothing are dropped.
 */
import type { ManagedFieldsEntry } from '../../runtime/core/meta.ts';
import { statusError } from '../../runtime/core/errors.ts';
import { FieldSet } from './fieldpath.ts';

/** One manager's ownership. */
export interface ManagerFields {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Manager identity string, the JSON Kubernetes uses (and sorts conflict messages by). */
export function managerId(m: { manager: string; operation: 'Apply' | 'Update'; apiVersion: string; subresource?: string }): string {
  const id: Record<string, string> = { manager: m.manager, operation: m.operation };
  if (m.operation === 'Update' && m.apiVersion) id.apiVersion = m.apiVersion;
  if (m.subresource) id.subresource = m.subresource;
  return JSON.stringify(id);
}

/** Decodes managedFields; malformed entries are a 400 as in Kubernetes' decoder. */
export function decodeManagedFields(entries: ManagedFieldsEntry[] | undefined): Map<string, ManagerFields> {
  const out = new Map<string, ManagerFields>();
  for (const e of entries ?? []) {
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') {
      throw statusError('BadRequest', { message: `failed to decode managed fields: invalid fieldsType: ${JSON.stringify(e.fieldsType)}` });
    }
    if (e.operation !== undefined && e.operation !== 'Apply' && e.operation !== 'Update') {
      throw statusError('BadRequest', { message: `failed to decode managed fields: invalid operation: ${JSON.stringify(e.operation)}` });
    }
    const m: ManagerFields = {
      manager: e.manager ?? '',
      operation: e.operation ?? 'Update',
      apiVersion: e.apiVersion ?? '',
      set: FieldSet.fromFieldsV1(e.fieldsV1 ?? {}),
    };
    if (e.subresource) m.subresource = e.subresource;
    if (e.time) m.time = e.time;
    const id = managerId(m);
    const prev = out.get(id);
    out.set(id, prev ? { ...m, set: prev.set.union(m.set) } : m);
  }
  return out;
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) || 0 : 0;
}

/** Encodes managers back into sorted managedFields entries. */
export function encodeManagedFields(managers: Map<string, ManagerFields>): ManagedFieldsEntry[] {
  const list = [...managers.values()].filter((m) => !m.set.isEmpty());
  list.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
    const d = seconds(p.time) - seconds(q.time);
    if (d !== 0) return d;
    if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
    if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
    return (p.subresource ?? '') < (q.subresource ?? '') ? -1 : (p.subresource ?? '') > (q.subresource ?? '') ? 1 : 0;
  });
  return list.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.set.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

/**
 * The status the apiextensions controllers maintain on a CRD: accepted names, the
 * NamesAccepted/Established conditions (with name conflicts inside a group), stored versions.
 */
import type { Condition, KubeObject } from '../../runtime/core/meta.ts';
import { crdSpec, type CrdSpec } from '../resources/crd-resources.ts';

interface AcceptedNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames?: string[];
  categories?: string[];
}

function acceptedNames(spec: CrdSpec): AcceptedNames {
  const n = spec.names;
  const out: AcceptedNames = { plural: n.plural, singular: n.singular || n.kind.toLowerCase(), kind: n.kind, listKind: n.listKind || `${n.kind}List` };
  if (n.shortNames?.length) out.shortNames = n.shortNames;
  if (n.categories?.length) out.categories = n.categories;
  return out;
}

function conflictReason(names: AcceptedNames, others: AcceptedNames[]): { reason: string; message: string } | undefined {
  for (const o of others) {
    if (o.plural === names.plural) return { reason: 'PluralConflict', message: `"${names.plural}" is already in use` };
    if (o.singular === names.singular) return { reason: 'SingularConflict', message: `"${names.singular}" is already in use` };
    const theirShort = new Set([...(o.shortNames ?? []), o.plural, o.singular]);
    const clash = (names.shortNames ?? []).find((s) => theirShort.has(s));
    if (clash) return { reason: 'ShortNamesConflict', message: `"${clash}" is already in use` };
    if (o.kind === names.kind) return { reason: 'KindConflict', message: `"${names.kind}" is already in use` };
    if (o.listKind === names.listKind) return { reason: 'ListKindConflict', message: `"${names.listKind}" is already in use` };
  }
  return undefined;
}

function setCondition(conds: Condition[], next: Omit<Condition, 'lastTransitionTime'>, now: string): Condition[] {
  const old = conds.find((c) => c.type === next.type);
  const lastTransitionTime = old && old.status === next.status ? old.lastTransitionTime : now;
  const merged: Condition = { type: next.type, status: next.status, lastTransitionTime, reason: next.reason, message: next.message };
  return old ? conds.map((c) => (c.type === next.type ? merged : c)) : [...conds, merged];
}

/** Computes the status of `crd` given the other CRDs of the cluster. Mutates and returns crd. */
export function applyCrdStatus(crd: KubeObject, others: KubeObject[], now: string): KubeObject {
  const spec = crdSpec(crd);
  const status = { ...((crd.status as Record<string, unknown>) ?? {}) };
  let conds = [...((status.conditions as Condition[] | undefined) ?? [])];
  const names = acceptedNames(spec);
  const sameGroup = others
    .filter((o) => o.metadata.name !== crd.metadata.name && crdSpec(o).group === spec.group)
    .map((o) => ((o.status as { acceptedNames?: AcceptedNames } | undefined)?.acceptedNames ?? acceptedNames(crdSpec(o))));
  const conflict = conflictReason(names, sameGroup);
  const wasEstablished = conds.some((c) => c.type === 'Established' && c.status === 'True');
  if (conflict) {
    conds = setCondition(conds, { type: 'NamesAccepted', status: 'False', reason: conflict.reason, message: conflict.message }, now);
    if (!wasEstablished) conds = setCondition(conds, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }, now);
    status.acceptedNames = (status.acceptedNames as AcceptedNames | undefined) ?? { plural: '', kind: '' };
  } else {
    status.acceptedNames = names;
    conds = setCondition(conds, { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }, now);
    conds = setCondition(conds, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
  }
  status.conditions = conds;
  const stored = new Set((status.storedVersions as string[] | undefined) ?? []);
  const storageVersion = spec.versions.find((v) => v.storage)?.name;
  if (storageVersion) stored.add(storageVersion);
  status.storedVersions = [...stored];
  crd.status = status;
  return crd;
}

/** Marks a CRD as terminating while its instances are removed. */
export function markCrdTerminating(crd: KubeObject, reason: string, message: string, now: string): void {
  const status = { ...((crd.status as Record<string, unknown>) ?? {}) };
  status.conditions = setCondition((status.conditions as Condition[] | undefined) ?? [], { type: 'Terminating', status: 'True', reason, message }, now);
  crd.status = status;
}

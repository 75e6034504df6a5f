/**
 * CRD status bookkeeping the apiextensions controllers perform: accepted names (with singular and
 * listKind defaulted), stored versions, and the NamesAccepted / Established conditions, including
 * name conflicts with other CRDs of the same group.
 */
import type { Condition, KubeObject } from '../../runtime/core/meta.ts';
import { asCrd, type CustomResourceDefinitionNames } from './schema.ts';

/** The names a CRD will be served under, defaults filled in. */
export function acceptedNames(crd: KubeObject): CustomResourceDefinitionNames {
  const names = asCrd(crd).spec.names;
  const out: CustomResourceDefinitionNames = {
    plural: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    kind: names.kind,
    listKind: names.listKind || `${names.kind}List`,
  };
  if (names.shortNames?.length) out.shortNames = [...names.shortNames];
  if (names.categories?.length) out.categories = [...names.categories];
  return out;
}

/** A name conflict found against other CRDs of the same group. */
export interface NameConflict {
  reason: 'PluralConflict' | 'SingularConflict' | 'ShortNamesConflict' | 'KindConflict' | 'ListKindConflict';
  message: string;
}

/** Finds the first naming conflict of `crd` with the other CRDs (same group, different name). */
export function findNameConflict(crd: KubeObject, others: KubeObject[]): NameConflict | undefined {
  const me = asCrd(crd);
  const names = acceptedNames(crd);
  for (const otherObj of others) {
    const other = asCrd(otherObj);
    if (other.metadata.name === me.metadata.name || other.spec.group !== me.spec.group) continue;
    const taken = other.status?.acceptedNames ?? acceptedNames(otherObj);
    const used = new Set([taken.plural, taken.singular, ...(taken.shortNames ?? [])]);
    if (used.has(names.plural)) return { reason: 'PluralConflict', message: `"${names.plural}" is already in use` };
    if (names.singular && used.has(names.singular)) return { reason: 'SingularConflict', message: `"${names.singular}" is already in use` };
    const short = (names.shortNames ?? []).find((s) => used.has(s));
    if (short) return { reason: 'ShortNamesConflict', message: `"${short}" is already in use` };
    const kinds = new Set([taken.kind, taken.listKind]);
    if (kinds.has(names.kind)) return { reason: 'KindConflict', message: `"${names.kind}" is already in use` };
    if (names.listKind && kinds.has(names.listKind)) return { reason: 'ListKindConflict', message: `"${names.listKind}" is already in use` };
  }
  return undefined;
}

function condition(type: string, status: Condition['status'], reason: string, message: string, previous: Condition[] | undefined, now: string): Condition {
  const prev = previous?.find((c) => c.type === type);
  const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : now;
  return { type, status, lastTransitionTime, reason, message };
}

/**
 * The NamesAccepted and Established conditions for a CRD given the other CRDs in the store.
 * Transition times are kept while a condition's status is unchanged.
 */
export function crdStatusConditions(crd: KubeObject, others: KubeObject[], now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')): Condition[] {
  const previous = asCrd(crd).status?.conditions as Condition[] | undefined;
  const conflict = findNameConflict(crd, others);
  if (conflict) {
    return [
      condition('NamesAccepted', 'False', conflict.reason, conflict.message, previous, now),
      condition('Established', 'False', 'NotAccepted', 'not all names are accepted', previous, now),
    ];
  }
  return [
    condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', previous, now),
    condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', previous, now),
  ];
}

/** The complete status of an accepted CRD: conditions, acceptedNames and storedVersions. */
export function crdStatus(crd: KubeObject, others: KubeObject[], now?: string): Record<string, unknown> {
  const c = asCrd(crd);
  const conditions = crdStatusConditions(crd, others, now);
  const accepted = conditions[0]!.status === 'True';
  const stored = [...(c.status?.storedVersions ?? [])];
  const storage = c.spec.versions.find((v) => v.storage)?.name;
  if (storage && !stored.includes(storage)) stored.push(storage);
  return {
    conditions,
    acceptedNames: accepted ? acceptedNames(crd) : (c.status?.acceptedNames ?? { plural: '', kind: '' }),
    storedVersions: stored,
  };
}

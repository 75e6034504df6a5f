/** Turns a CustomResourceDefinition object into the resource types it serves. */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { STANDARD_VERBS, type PrinterColumn, type ResourceType } from './types.ts';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: unknown };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: { jsonPath: string }[];
}

/** The spec fields of a CRD the server reads. */
export interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[]; categories?: string[] };
  versions: CrdVersion[];
}

/** The CRD's spec, typed. */
export function crdSpec(crd: KubeObject): CrdSpec {
  return crd.spec as CrdSpec;
}

function hasCondition(crd: KubeObject, type: string): boolean {
  const conds = (crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conds.some((c) => c.type === type && c.status === 'True');
}

/** True when the CRD's resources are served (names accepted or established). */
export function crdIsServing(crd: KubeObject): boolean {
  return hasCondition(crd, 'Established') || hasCondition(crd, 'NamesAccepted');
}

/** One ResourceType per served version of an accepted CRD; empty when it is not served. */
export function resourceTypesForCrd(crd: KubeObject): ResourceType[] {
  if (!crdIsServing(crd)) return [];
  const spec = crdSpec(crd);
  const names = spec.names;
  const storage = spec.versions.find((v) => v.storage) ?? spec.versions[0];
  if (!storage) return [];
  return spec.versions.filter((v) => v.served !== false).map((v): ResourceType => {
    const fieldLabels: Record<string, string> = {};
    for (const f of v.selectableFields ?? []) fieldLabels[f.jsonPath.replace(/^\./, '')] = f.jsonPath.replace(/^\./, '');
    return {
      group: spec.group, version: v.name, kind: names.kind, plural: names.plural,
      singular: names.singular || names.kind.toLowerCase(), listKind: names.listKind || `${names.kind}List`,
      shortNames: names.shortNames ?? [], categories: names.categories ?? [],
      namespaced: spec.scope !== 'Cluster', verbs: STANDARD_VERBS,
      storageKey: `${spec.group}/${names.plural}`, storageVersion: `${spec.group}/${storage.name}`,
      status: !!v.subresources?.status, scale: v.subresources?.scale,
      extraSubresources: [], generation: true, unconditionalUpdate: false, virtual: false,
      fieldLabels, custom: true, printerColumns: v.additionalPrinterColumns, crd,
      schema: v.schema?.openAPIV3Schema,
    };
  });
}

/**
 * CRD-level markers (subresources, printer columns, resource names, version flags, metadata,
 * selectable fields) applied to a CRD for one version, as controller-gen's ApplyToCRD does.
 */
import type { ErrorSink } from '../errors.ts';
import type { MarkerInstance } from '../markers/collect.ts';
import type { JSONSchemaProps } from '../schema/types.ts';

/** One entry of spec.versions. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema: JSONSchemaProps };
  subresources?: { status?: Record<string, never>; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: { name: string; type: string; jsonPath: string; description?: string; format?: string; priority?: number }[];
  selectableFields?: { jsonPath: string }[];
  /** Set by +kubebuilder:skipversion; such versions are dropped before output. */
  skip?: boolean;
}

/** The parts of a CRD that markers change. */
export interface CrdDraft {
  names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
  scope: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
}

const COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];

/** Applies the CRD markers of a kind's type to `crd` for `version`. */
export function applyCrdMarkers(markers: readonly MarkerInstance[], crd: CrdDraft, version: CrdVersion, sink: ErrorSink): void {
  for (const m of markers) {
    const args = (typeof m.value === 'object' && m.value !== null ? m.value : {}) as Record<string, unknown>;
    const fail = (message: string) => sink.report('crd', message, m.pos, m.text);
    switch (m.name) {
      case 'kubebuilder:subresource:status':
        version.subresources = { ...version.subresources, status: {} };
        break;
      case 'kubebuilder:subresource:scale':
        version.subresources = {
          ...version.subresources,
          scale: {
            specReplicasPath: args.specpath as string,
            statusReplicasPath: args.statuspath as string,
            ...(args.selectorpath ? { labelSelectorPath: args.selectorpath as string } : {}),
          },
        };
        break;
      case 'kubebuilder:printcolumn': {
        if (!COLUMN_TYPES.includes(args.type as string)) {
          fail(`invalid printcolumn type ${JSON.stringify(args.type)}: expected one of ${COLUMN_TYPES.join(', ')}`);
          break;
        }
        version.subresources ??= {};
        const column: NonNullable<CrdVersion['additionalPrinterColumns']>[number] = {
          name: args.name as string, type: args.type as string, jsonPath: args.JSONPath as string,
        };
        if (args.description) column.description = args.description as string;
        if (args.format) column.format = args.format as string;
        if (args.priority) column.priority = args.priority as number;
        version.additionalPrinterColumns = [...(version.additionalPrinterColumns ?? []), column];
        break;
      }
      case 'kubebuilder:resource': {
        const scope = (args.scope as string | undefined) ?? '';
        if (scope !== '' && scope !== 'Cluster' && scope !== 'Namespaced') {
          fail(`invalid resource scope ${JSON.stringify(scope)}: expected Cluster or Namespaced`);
          break;
        }
        if (args.path) crd.names.plural = args.path as string;
        if (args.singular) crd.names.singular = args.singular as string;
        crd.names.shortNames = args.shortName as string[] | undefined;
        crd.names.categories = args.categories as string[] | undefined;
        crd.scope = scope === 'Cluster' ? 'Cluster' : 'Namespaced';
        break;
      }
      case 'kubebuilder:storageversion': version.storage = true; break;
      case 'kubebuilder:skipversion': version.skip = true; break;
      case 'kubebuilder:unservedversion': version.served = false; break;
      case 'kubebuilder:deprecatedversion':
        version.deprecated = true;
        if (args.warning) version.deprecationWarning = args.warning as string;
        break;
      case 'kubebuilder:metadata':
        for (const [list, target] of [['annotations', crd.annotations], ['labels', crd.labels]] as const) {
          for (const entry of (args[list] as string[] | undefined) ?? []) {
            const eq = entry.indexOf('=');
            if (eq < 0) {
              fail(`invalid ${list.slice(0, -1)} ${JSON.stringify(entry)}: expected key=value`);
              continue;
            }
            target[entry.slice(0, eq)] = entry.slice(eq + 1);
          }
        }
        break;
      case 'kubebuilder:selectablefield':
        version.selectableFields = [...(version.selectableFields ?? []), { jsonPath: args.JSONPath as string }];
        break;
    }
  }
}

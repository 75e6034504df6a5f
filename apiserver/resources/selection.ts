/** Builds object predicates from labelSelector and fieldSelector query parameters for a resource. */
import { statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { fieldPathValue, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../runtime/core/selectors.ts';
import type { ResourceType } from './types.ts';

/** A compiled selection; `always` is true when nothing is filtered. */
export interface Selection {
  always: boolean;
  matches(obj: KubeObject): boolean;
  /** The name required by `metadata.name=X`, for fast paths. */
  name?: string;
}

/** Compiles the selectors of a request; unsupported field labels give 400. */
export function compileSelection(rt: ResourceType, labelSelector: string | null, fieldSelector: string | null): Selection {
  const labels = parseLabelSelector(labelSelector ?? undefined);
  const fields = parseFieldSelector(fieldSelector ?? undefined);
  const paths: Record<string, string> = {};
  let name: string | undefined;
  for (const f of fields) {
    if (f.field === 'metadata.name') paths[f.field] = 'metadata.name';
    else if (f.field === 'metadata.namespace' && rt.namespaced) paths[f.field] = 'metadata.namespace';
    else if (rt.fieldLabels[f.field]) paths[f.field] = rt.fieldLabels[f.field]!;
    else throw statusError('BadRequest', { message: `field label not supported: ${f.field}` });
    if (f.field === 'metadata.name' && f.operator === 'Equals') name = f.value;
  }
  if (!labels.length && !fields.length) return { always: true, matches: () => true };
  return {
    always: false,
    name,
    matches: (obj) => matchesLabels(labels, obj.metadata?.labels) && matchesFields(fields, (field) => fieldPathValue(obj, paths[field]!)),
  };
}

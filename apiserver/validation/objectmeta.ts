/** Validation of metadata common to every object: names, labels, annotations, finalizers. */
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { annotationMapErrors } from './builtin/formats.ts';
import { toCauses } from './field-errors.ts';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, pathSegmentNameErrors, qualifiedNameErrors } from './names.ts';

function invalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` };
}

/** How an object's name must look. */
export type NameRule = 'subdomain' | 'label' | 'path-segment';

/** Causes for the name of an object (used on create). */
export function validateName(name: string, rule: NameRule): StatusCause[] {
  const errs = rule === 'label' ? dns1123LabelErrors(name) : rule === 'subdomain' ? dns1123SubdomainErrors(name) : pathSegmentNameErrors(name);
  return errs.map((e) => invalid('metadata.name', name, e));
}

/** Causes for labels, annotations and finalizers. */
export function validateObjectMeta(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const md = obj.metadata;
  for (const [k, v] of Object.entries(md.labels ?? {})) {
    for (const e of qualifiedNameErrors(k)) causes.push(invalid('metadata.labels', k, e));
    if (typeof v !== 'string') causes.push({ reason: 'FieldValueTypeInvalid', field: `metadata.labels`, message: `Invalid value: ${JSON.stringify(v)}: must be a string` });
    else for (const e of labelValueErrors(v)) causes.push(invalid('metadata.labels', v, e));
  }
  causes.push(...toCauses(annotationMapErrors(md.annotations, 'metadata.annotations')));
  for (const [i, f] of (md.finalizers ?? []).entries()) {
    for (const e of qualifiedNameErrors(f)) causes.push(invalid(`metadata.finalizers[${i}]`, f, e));
  }
  return causes;
}

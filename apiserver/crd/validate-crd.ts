/**
 * CRD admission (apiextensions `ValidateCustomResourceDefinition[Update]`): metadata.name, group,
 * scope, names, versions (unique DNS-1035 names, exactly one storage version), schemas (required,
 * structural, node checks, defaults, CEL compilation), printer columns, conversion, and on update
 * the immutability of scope and the stored versions. Schemas identical across all versions are
 * reported at `spec.validation.openAPIV3Schema`, as the apiserver's internal version hoists them.
 */
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { isDns1035Label, isDns1123Subdomain } from './dns.ts';
import {
  childPath, forbiddenError, indexPath, invalidError, notSupportedError, requiredError, toCauses, type FieldError,
} from '../validation/field-errors.ts';
import { checkSchemaNodes } from './schema-checks.ts';
import { asCrd, jsonEqual, type CustomResourceColumnDefinition, type CustomResourceDefinition, type JSONSchemaProps } from './schema.ts';
import { validateStructural } from './structural.ts';

const columnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/** Fills the defaults the v1 API applies before validation (singular, listKind, conversion). */
export function defaultCustomResourceDefinition(crdObject: KubeObject): KubeObject {
  const crd = asCrd(crdObject);
  const names = crd.spec?.names;
  if (names?.kind) {
    names.singular ||= names.kind.toLowerCase();
    names.listKind ||= `${names.kind}List`;
  }
  if (crd.spec) crd.spec.conversion ??= { strategy: 'None' };
  return crdObject;
}

/** Validates a CRD on create (or update when `old` is given); returns Invalid causes. */
export function validateCustomResourceDefinition(crdObject: KubeObject, old?: KubeObject): StatusCause[] {
  return toCauses(crdFieldErrors(defaultCustomResourceDefinition(structuredClone(crdObject)), old && asCrd(old)));
}

function crdFieldErrors(crdObject: KubeObject, old?: CustomResourceDefinition): FieldError[] {
  const crd = asCrd(crdObject);
  const errs: FieldError[] = [];
  const spec = crd.spec ?? ({} as CustomResourceDefinition['spec']);
  const names = spec.names ?? ({} as CustomResourceDefinition['spec']['names']);
  const name = crd.metadata?.name ?? '';
  if (!name) errs.push(requiredError('metadata.name', 'name or generateName is required'));
  else {
    for (const e of isDns1123Subdomain(name)) errs.push(invalidError('metadata.name', name, e));
    if (name !== `${names.plural}.${spec.group}`) errs.push(invalidError('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }

  if (!spec.group) errs.push(requiredError('spec.group'));
  else {
    const groupErrs = isDns1123Subdomain(spec.group);
    if (groupErrs.length) errs.push(invalidError('spec.group', spec.group, groupErrs.join(',')));
    else if (spec.group.split('.').length < 2) errs.push(invalidError('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (!spec.scope) errs.push(requiredError('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') errs.push(notSupportedError('spec.scope', spec.scope, ['Cluster', 'Namespaced']));

  errs.push(...versionErrors(crd));
  errs.push(...namesErrors(names));
  const strategy = spec.conversion?.strategy;
  if (strategy !== undefined && strategy !== 'None' && strategy !== 'Webhook') {
    errs.push(notSupportedError('spec.conversion.strategy', strategy, ['None', 'Webhook']));
  }
  if (spec.preserveUnknownFields) {
    errs.push(invalidError('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  }
  if (old?.spec) {
    if (old.spec.scope && spec.scope !== old.spec.scope && old.status?.storedVersions?.length) {
      errs.push(invalidError('spec.scope', spec.scope, 'field is immutable'));
    }
    for (const [i, v] of (old.status?.storedVersions ?? []).entries()) {
      if (!spec.versions?.some((x) => x.name === v)) {
        errs.push(invalidError(indexPath('status.storedVersions', i), v, `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`));
      }
    }
  }
  return errs;
}

function namesErrors(names: CustomResourceDefinition['spec']['names']): FieldError[] {
  const errs: FieldError[] = [];
  const p = 'spec.names';
  if (!names.plural) errs.push(requiredError(`${p}.plural`));
  else if (isDns1035Label(names.plural).length) errs.push(invalidError(`${p}.plural`, names.plural, isDns1035Label(names.plural).join(',')));
  if (!names.singular) errs.push(requiredError(`${p}.singular`));
  else if (isDns1035Label(names.singular).length) errs.push(invalidError(`${p}.singular`, names.singular, isDns1035Label(names.singular).join(',')));
  if (!names.kind) errs.push(requiredError(`${p}.kind`));
  else if (isDns1035Label(names.kind.toLowerCase()).length) errs.push(invalidError(`${p}.kind`, names.kind, `may have mixed case, but should otherwise match: ${isDns1035Label(names.kind.toLowerCase()).join(',')}`));
  if (!names.listKind) errs.push(requiredError(`${p}.listKind`));
  else if (isDns1035Label(names.listKind.toLowerCase()).length) errs.push(invalidError(`${p}.listKind`, names.listKind, `may have mixed case, but should otherwise match: ${isDns1035Label(names.listKind.toLowerCase()).join(',')}`));
  (names.shortNames ?? []).forEach((s, i) => {
    const e = isDns1035Label(s);
    if (e.length) errs.push(invalidError(indexPath(`${p}.shortNames`, i), s, e.join(',')));
  });
  if (names.kind && names.kind === names.listKind) errs.push(invalidError(`${p}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c, i) => {
    const e = isDns1035Label(c);
    if (e.length) errs.push(invalidError(indexPath(`${p}.categories`, i), c, e.join(',')));
  });
  return errs;
}

const versionsLiteral = { goLiteral: '[]apiextensions.CustomResourceDefinitionVersion{...}' };

function versionErrors(crd: CustomResourceDefinition): FieldError[] {
  const errs: FieldError[] = [];
  const versions = crd.spec?.versions ?? [];
  if (!versions.length) {
    errs.push(requiredError('spec.versions', 'must have exactly one version marked as storage version'));
    return errs;
  }
  const schemas = versions.map((v) => v.schema?.openAPIV3Schema);
  const hoisted = schemas.every((s) => jsonEqual(s, schemas[0]));
  versions.forEach((v, i) => {
    const vp = indexPath('spec.versions', i);
    for (const e of isDns1035Label(v.name ?? '')) errs.push(invalidError(childPath(vp, 'name'), v.name ?? '', e));
    if (!v.schema?.openAPIV3Schema && !(hoisted && schemas[0])) errs.push(requiredError(childPath(vp, 'schema.openAPIV3Schema'), 'schemas are required'));
    (v.additionalPrinterColumns ?? []).forEach((c, j) => errs.push(...columnErrors(c, indexPath(childPath(vp, 'additionalPrinterColumns'), j))));
    if (!hoisted && v.schema?.openAPIV3Schema) errs.push(...schemaErrors(v.schema.openAPIV3Schema, childPath(vp, 'schema'), !!v.subresources?.status));
  });
  if (hoisted && schemas[0]) errs.push(...schemaErrors(schemas[0], 'spec.validation', versions.some((v) => !!v.subresources?.status)));
  if (new Set(versions.map((v) => v.name)).size !== versions.length) errs.push(invalidError('spec.versions', versionsLiteral, 'must contain unique version names'));
  if (versions.filter((v) => v.storage).length !== 1) errs.push(invalidError('spec.versions', versionsLiteral, 'must have exactly one version marked as storage version'));
  return errs;
}

function schemaErrors(schema: JSONSchemaProps, path: string, statusEnabled: boolean): FieldError[] {
  const sp = childPath(path, 'openAPIV3Schema');
  const errs: FieldError[] = [];
  if (statusEnabled && schema.type && schema.type !== 'object') {
    errs.push(invalidError(childPath(sp, 'type'), schema.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
  }
  if (schema.nullable) errs.push(forbiddenError(childPath(sp, 'nullable'), 'nullable cannot be true at the root'));
  const structural = validateStructural(schema, sp);
  errs.push(...structural);
  errs.push(...checkSchemaNodes(schema, sp).filter((e) => !(structural.length && /\.(default|x-kubernetes-validations\[\d+\]\.(rule|messageExpression))$/.test(e.field) && e.type === 'FieldValueInvalid')));
  return errs;
}

function columnErrors(c: CustomResourceColumnDefinition, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(requiredError(childPath(path, 'name')));
  if (!c.type) errs.push(requiredError(childPath(path, 'type'), `must be one of ${columnTypes.join(',')}`));
  else if (!columnTypes.includes(c.type)) errs.push(invalidError(childPath(path, 'type'), c.type, `must be one of ${columnTypes.join(',')}`));
  if (c.format && !columnFormats.includes(c.format)) errs.push(invalidError(childPath(path, 'format'), c.format, `must be one of ${columnFormats.join(',')}`));
  if (!c.jsonPath) errs.push(requiredError(childPath(path, 'JSONPath')));
  else if (!c.jsonPath.startsWith('.')) errs.push(invalidError(childPath(path, 'JSONPath'), c.jsonPath, 'must be a simple json path starting with .'));
  return errs;
}

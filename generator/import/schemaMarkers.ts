/**
 * Schema keywords as controller-gen markers: each OpenAPI keyword that a marker can set maps to
 * exactly one marker line, so the generator rebuilds the same keyword from it.
 */
import { goQuote, markerAny, markerNumber, markerRaw, markerString, UnrepresentableValue } from './markerValues.ts';

/** A JSON schema node as found in a CRD (openAPIV3Schema and below). */
export type Schema = Record<string, unknown>;

/** Keywords that only field markers can set (controller-gen registers these for fields only). */
export const FIELD_ONLY_KEYS = new Set(['default', 'example', 'nullable']);

/** Keywords the validation `items:` marker family can set on array items. */
export const ITEMS_MARKER_KEYS = new Set([
  'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'enum', 'format', 'type',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
  'x-kubernetes-validations',
]);

/** The marker lines for keyword `key` with value `value`; `mapLike` picks mapType over structType. */
export function markersForKey(key: string, value: unknown, node: Schema, opts: { mapLike?: boolean; itemsPrefix?: boolean } = {}): string[] {
  const v = opts.itemsPrefix ? '+kubebuilder:validation:items:' : '+kubebuilder:validation:';
  switch (key) {
    case 'maximum':
      return [`${v}Maximum=${markerNumber(value as number)}`];
    case 'minimum':
      return [`${v}Minimum=${markerNumber(value as number)}`];
    case 'exclusiveMaximum':
      return value ? [`${v}ExclusiveMaximum=true`] : [];
    case 'exclusiveMinimum':
      return value ? [`${v}ExclusiveMinimum=true`] : [];
    case 'multipleOf':
      return [`${v}MultipleOf=${markerNumber(value as number)}`];
    case 'maxLength':
      return [`${v}MaxLength=${value as number}`];
    case 'minLength':
      return [`${v}MinLength=${value as number}`];
    case 'pattern':
      return [`${v}Pattern=${markerRaw(value as string)}`];
    case 'maxItems':
      return [`${v}MaxItems=${value as number}`];
    case 'minItems':
      return [`${v}MinItems=${value as number}`];
    case 'uniqueItems':
      return value ? [`${v}UniqueItems=true`] : [];
    case 'maxProperties':
      return [`${v}MaxProperties=${value as number}`];
    case 'minProperties':
      return [`${v}MinProperties=${value as number}`];
    case 'enum':
      return [`${v}Enum=${enumList(value as unknown[])}`];
    case 'format':
      return [`${v}Format=${markerString(value as string)}`];
    case 'type':
      return [`${v}Type=${markerString(value as string)}`];
    case 'x-kubernetes-preserve-unknown-fields':
      if (!value) return [];
      return [opts.itemsPrefix ? `${v}XPreserveUnknownFields` : '+kubebuilder:pruning:PreserveUnknownFields'];
    case 'x-kubernetes-embedded-resource':
      return value ? [`${v}XEmbeddedResource`] : [];
    case 'x-kubernetes-int-or-string':
      return value ? [`${v}XIntOrString`] : [];
    case 'x-kubernetes-validations':
      return (value as Schema[]).map((rule) => `${v}XValidation:${validationArgs(rule)}`);
    case 'default':
      return [`+kubebuilder:default=${markerAny(value, node.type === 'array')}`];
    case 'example':
      return [`+kubebuilder:example=${markerAny(value, node.type === 'array')}`];
    case 'nullable':
      return value ? ['+nullable'] : [];
    case 'title':
      return [`+kubebuilder:title=${goQuote(value as string)}`];
    case 'externalDocs': {
      const docs = value as { url?: string; description?: string };
      const args = [`url=${markerString(docs.url ?? '')}`];
      if (docs.description) args.push(`description=${goQuote(docs.description)}`);
      return [`+kubebuilder:externalDocs:${args.join(',')}`];
    }
    case 'x-kubernetes-list-type':
      return [`+listType=${markerString(value as string)}`];
    case 'x-kubernetes-list-map-keys':
      return (value as string[]).map((k) => `+listMapKey=${markerString(k)}`);
    case 'x-kubernetes-map-type':
      return [`${opts.mapLike ? '+mapType' : '+structType'}=${markerString(value as string)}`];
    default:
      throw new UnrepresentableValue(`keyword "${key}" has no marker`);
  }
}

function enumList(values: unknown[]): string {
  if (values.length === 0) throw new UnrepresentableValue('empty enum');
  return '{' + values.map((v) => markerAny(v)).join(',') + '}';
}

function validationArgs(rule: Schema): string {
  const args = [`rule=${goQuote(String(rule.rule))}`];
  if (rule.message !== undefined) args.push(`message=${goQuote(String(rule.message))}`);
  if (rule.messageExpression !== undefined) args.push(`messageExpression=${goQuote(String(rule.messageExpression))}`);
  if (rule.reason !== undefined) args.push(`reason=${markerString(String(rule.reason))}`);
  if (rule.fieldPath !== undefined) args.push(`fieldPath=${goQuote(String(rule.fieldPath))}`);
  if (rule.optionalOldSelf !== undefined) args.push(`optionalOldSelf=${rule.optionalOldSelf ? 'true' : 'false'}`);
  return args.join(',');
}


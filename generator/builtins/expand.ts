/**
 * Expands a Kubernetes built-in type into the self-contained CRD schema controller-gen emits for a
 * field of that Go type: references inlined, apimachinery value types replaced by their known
 * schemas, and only the extensions a CRD may carry (list type, list map keys, map type).
 */
import {
  builtinDefinition,
  definitionForClientNodeType,
  refName,
  type BuiltinSchema,
} from '../../runtime/core/builtins/index.ts';
import type { JSONSchemaProps } from './schema-props.ts';
import { wellKnownSchemas } from './well-known.ts';

const CRD_EXTENSIONS = ['x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type'] as const;

const expanded = new Map<string, JSONSchemaProps | undefined>();

/** The definition name for a client-node type name or an OpenAPI definition name. */
export function resolveDefinition(typeName: string): string | undefined {
  if (typeName.includes('.')) return builtinDefinition(typeName) ? typeName : undefined;
  return definitionForClientNodeType(typeName);
}

/** The fully expanded schema of a definition; callers receive their own copy. */
export function expandDefinition(definition: string): JSONSchemaProps | undefined {
  if (!expanded.has(definition)) expanded.set(definition, expand(definition, []));
  const schema = expanded.get(definition);
  return schema && structuredClone(schema);
}

function expand(definition: string, stack: string[]): JSONSchemaProps | undefined {
  const known = wellKnownSchemas[definition];
  if (known) return known();
  // Recursive built-ins (JSONSchemaProps) cannot be inlined; controller-gen rejects them too.
  if (stack.includes(definition)) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const def = builtinDefinition(definition);
  if (!def) return undefined;
  const out: JSONSchemaProps = {};
  if (def.description) out.description = def.description;
  out.type = 'object';
  const props = def.properties ?? {};
  const names = Object.keys(props);
  if (names.length) {
    const inner = [...stack, definition];
    const properties: Record<string, JSONSchemaProps> = {};
    for (const name of names) properties[name] = fieldSchema(props[name]!, inner);
    out.properties = properties;
  }
  if (def.required?.length) out.required = [...def.required].sort();
  if (def['x-kubernetes-map-type']) out['x-kubernetes-map-type'] = def['x-kubernetes-map-type'];
  return out;
}

/**
 * A property: the type's schema with the field's description and CRD extensions layered on top.
 * Patch metadata is OpenAPI-only; controller-gen never writes it into a CRD.
 */
function fieldSchema(prop: BuiltinSchema, stack: string[]): JSONSchemaProps {
  const schema = valueSchema(prop, stack);
  if (prop.description) schema.description = prop.description;
  for (const ext of CRD_EXTENSIONS) {
    const v = prop[ext];
    if (v !== undefined) (schema as Record<string, unknown>)[ext] = structuredClone(v);
  }
  return schema;
}

/** The schema of a value: a reference, an array, a map or a scalar. */
function valueSchema(s: BuiltinSchema, stack: string[]): JSONSchemaProps {
  const ref = refName(s);
  if (ref) return expand(ref, stack) ?? { type: 'object' };
  if (s.type === 'array') return { type: 'array', items: s.items ? valueSchema(s.items, stack) : {} };
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return { type: 'object', additionalProperties: valueSchema(s.additionalProperties, stack) };
  }
  const out: JSONSchemaProps = {};
  if (s.type) out.type = s.type;
  if (s.format && s.format !== 'int-or-string') out.format = s.format;
  return out;
}

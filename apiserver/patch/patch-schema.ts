/**
 * Where strategic merge patch learns how to merge each field: patch strategies (`merge`, `replace`,
 * `retainKeys`) and list merge keys, read from OpenAPI schemas carrying `x-kubernetes-patch-strategy`
 * and `x-kubernetes-patch-merge-key` (the built-in catalogue, or hand-made schemas in tests).
 */
import { builtinDefinition, definitionForKind, refName, type BuiltinSchema } from '../../runtime/core/builtins/index.ts';

/** How one field is patched. */
export interface PatchMeta {
  /** Strategies from `x-kubernetes-patch-strategy`, e.g. ['merge'] or ['merge', 'retainKeys']. */
  strategies: string[];
  /** Merge key of a list of objects (`x-kubernetes-patch-merge-key`). */
  mergeKey?: string;
}

/** The schema of one object node, as strategic merge patch walks it. */
export interface PatchSchema {
  /** A name for error messages. */
  readonly name: string;
  /**
   * Field `key` of this object: its patch metadata and the schema of its value; for list fields the
   * schema describes the list's items. An unknown field has empty metadata and no schema.
   */
  lookup(key: string): { meta: PatchMeta; schema?: PatchSchema };
}

/** A schema node that knows nothing: maps merge, lists are replaced. */
export const untypedPatchSchema: PatchSchema = { name: 'untyped', lookup: () => ({ meta: { strategies: [] } }) };

type Resolve = (definition: string) => BuiltinSchema | undefined;

function deref(schema: BuiltinSchema | undefined, resolve: Resolve): BuiltinSchema | undefined {
  let s = schema;
  for (let depth = 0; s && depth < 16; depth++) {
    const ref = refName(s);
    if (!ref) return s;
    s = resolve(ref);
  }
  return s;
}

/** A PatchSchema over an OpenAPI schema whose `$ref`s are resolved by `resolve`. */
export function openApiPatchSchema(schema: BuiltinSchema, resolve: Resolve, name = 'object'): PatchSchema {
  const node = deref(schema, resolve) ?? {};
  return {
    name,
    lookup(key) {
      const prop = node.properties?.[key]
        ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
      if (!prop) return { meta: { strategies: [] } };
      const strategy = prop['x-kubernetes-patch-strategy'];
      const meta: PatchMeta = { strategies: strategy ? strategy.split(',').map((s) => s.trim()).filter(Boolean) : [] };
      if (prop['x-kubernetes-patch-merge-key']) meta.mergeKey = prop['x-kubernetes-patch-merge-key'];
      const value = deref(prop, resolve);
      const inner = value?.type === 'array' || value?.items ? deref(value.items, resolve) : value;
      const childName = refName(value?.items ?? prop) ?? `${name}.${key}`;
      return inner ? { meta, schema: openApiPatchSchema(inner, resolve, childName) } : { meta };
    },
  };
}

/**
 * The patch schema of a built-in kind from the shared catalogue, or undefined for kinds without a
 * built-in definition (custom resources, which do not accept strategic merge patch).
 */
export function patchSchemaFor(apiVersion: string, kind: string): PatchSchema | undefined {
  const definition = definitionForKind(apiVersion, kind);
  if (!definition) return undefined;
  const schema = builtinDefinition(definition);
  return schema ? openApiPatchSchema(schema, builtinDefinition, definition) : undefined;
}

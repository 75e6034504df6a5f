/**
 * The CRD-relevant markers of the Kubernetes API Go types (list types, list map keys, map and struct
 * types, defaults, a few validations), which controller-gen applies when it inlines a built-in type
 * and which no registry package carries for current releases. Produced by
 * scripts/extract-api-markers.ts from the k8s.io/api and k8s.io/apimachinery modules of the target
 * release; holds marker values only.
 */
import { readFileSync } from 'node:fs';
import type { JSONSchemaProps } from './schema-props.ts';

/** Markers of one type: '.' for the type itself, else a JSON field name. */
export type TypeFacts = Record<string, Partial<JSONSchemaProps> & { $required?: boolean; $embeds?: string[] }>;

let facts: { release: string; definitions: Record<string, TypeFacts> } | undefined;

/**
 * The marker facts of a definition, including those of the Go structs it embeds inline (their
 * fields are its fields; their struct type applies unless the definition sets its own).
 */
export function typeFacts(definition: string): TypeFacts | undefined {
  facts ??= JSON.parse(readFileSync(new URL('./field-facts.json', import.meta.url), 'utf8'));
  const own = facts!.definitions[definition];
  const embeds = (own?.['.']?.$embeds ?? []) as string[];
  if (!embeds.length) return own;
  const merged: TypeFacts = {};
  for (const e of embeds) Object.assign(merged, typeFacts(e));
  const inherited = merged['.'] ?? {};
  Object.assign(merged, own);
  const { $embeds: _, ...ownType } = own!['.'] ?? {};
  merged['.'] = { ...inherited, ...ownType };
  return merged;
}

/** The Kubernetes release the facts were taken from. */
export function factsRelease(): string {
  typeFacts('');
  return facts!.release;
}

/**
 * The schema-relevant markers of the Kubernetes API Go types of the target release (list types,
 * list map keys, map and struct types, patch strategies and merge keys, defaults, a few
 * validations). No registry package carries them for current releases, and they decide list
 * semantics for strategic merge patch, server-side apply and generated CRDs alike. Produced by
 * scripts/extract-api-markers.ts from the k8s.io/api and k8s.io/apimachinery modules; marker
 * values only.
 */
import { readFileSync } from 'node:fs';

/** Markers of one field (or, under '.', of the type itself) as schema keys. */
export interface ApiMarkerFacts {
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  default?: unknown;
  enum?: unknown[];
  format?: string;
  type?: string;
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  /** `+kubebuilder:validation:Required` on the field. */
  $required?: boolean;
  /** Definitions of the structs embedded inline (only under '.'). */
  $embeds?: string[];
}

/** Markers of one type: '.' for the type itself, else a JSON field name. */
export type ApiTypeMarkers = Record<string, ApiMarkerFacts>;

let data: { release: string; definitions: Record<string, ApiTypeMarkers> } | undefined;

function load(): NonNullable<typeof data> {
  data ??= JSON.parse(readFileSync(new URL('./api-markers.json', import.meta.url), 'utf8'));
  return data!;
}

/**
 * The markers of a definition, including those of the Go structs it embeds inline (their fields
 * are its fields; their struct type applies unless the definition sets its own).
 */
export function apiMarkers(definition: string): ApiTypeMarkers | undefined {
  const own = load().definitions[definition];
  const embeds = own?.['.']?.$embeds ?? [];
  if (!embeds.length) return own;
  const merged: ApiTypeMarkers = {};
  for (const e of embeds) Object.assign(merged, apiMarkers(e));
  const inherited = merged['.'] ?? {};
  Object.assign(merged, own);
  const { $embeds: _, ...ownType } = own!['.'] ?? {};
  merged['.'] = { ...inherited, ...ownType };
  return merged;
}

/** The Kubernetes release the markers were taken from. */
export function apiMarkersRelease(): string {
  return load().release;
}

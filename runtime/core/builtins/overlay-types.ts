/** Shape of overlay.json, the committed part of the built-in catalogue (see scripts/build-builtin-overlay.ts). */

/** What the overlay adds to one property of a client-node model. */
export interface OverlayProperty {
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  /** The apimachinery scalar definition (Quantity, Time, ...) the property, its items or its values use. */
  scalar?: string;
  /** Description, when client-node has none (definition-typed properties). */
  description?: string;
}

/** What the overlay adds to one definition. */
export interface OverlayDefinition {
  gvk?: { group: string; version: string; kind: string }[];
  mapType?: string;
  unions?: unknown[];
  properties?: Record<string, OverlayProperty>;
}

/** The whole overlay file. */
export interface Overlay {
  sources: Record<string, string>;
  /** client-node model name -> OpenAPI definition name. */
  names: Record<string, string>;
  definitions: Record<string, OverlayDefinition>;
}

/**
 * The catalogue of markers the generator understands: for each name, where it may appear
 * (package, type, field) and the shape of its arguments. A name not registered for the node it
 * sits on is ignored, as controller-gen does (and reported under --strict).
 */
import type { ArgType } from './values.ts';

/** What a marker is attached to. */
export type MarkerTarget = 'package' | 'type' | 'field';

/** One marker definition. `json` takes the rest of the line as JSON (`+default`). */
export interface MarkerDef {
  name: string;
  targets: ReadonlySet<MarkerTarget>;
  shape: 'empty' | 'anon' | 'struct' | 'json';
  anonType?: ArgType;
  anonOptional?: boolean;
  fields?: Readonly<Record<string, { type: ArgType; optional?: boolean }>>;
}

const P: MarkerTarget[] = ['package'];
const T: MarkerTarget[] = ['type'];
const F: MarkerTarget[] = ['field'];
const FT: MarkerTarget[] = ['field', 'type'];

const defs = new Map<string, MarkerDef>();

function add(name: string, targets: MarkerTarget[], shape: MarkerDef['shape'], extra: Partial<MarkerDef> = {}): void {
  defs.set(name, { name, targets: new Set(targets), shape, ...extra });
}

const STRINGS: ArgType = { list: 'string' };
const ANYS: ArgType = { list: 'any' };

// Package markers.
add('groupName', P, 'anon', { anonType: 'string', anonOptional: true });
add('versionName', P, 'anon', { anonType: 'string' });
add('kubebuilder:validation:Optional', [...P, ...F], 'empty');
add('kubebuilder:validation:Required', [...P, ...F], 'empty');
add('kubebuilder:skip', P, 'empty');
add('kubebuilder:object:generate', [...P, ...T], 'anon', { anonType: 'bool' });
add('kubebuilder:ac:generate', [...P, ...T], 'anon', { anonType: 'bool' });
add('kubebuilder:ac:output:package', P, 'anon', { anonType: 'string' });
add('kubebuilder:rbac', P, 'struct', {
  fields: {
    groups: { type: STRINGS, optional: true }, resources: { type: STRINGS, optional: true },
    resourceNames: { type: STRINGS, optional: true }, verbs: { type: STRINGS },
    urls: { type: STRINGS, optional: true }, namespace: { type: 'string', optional: true }, roleName: { type: 'string', optional: true },
  },
});

/** Validation markers that also exist in a `kubebuilder:validation:items:` form. */
export const VALIDATION_MARKERS: Record<string, Pick<MarkerDef, 'shape' | 'anonType' | 'fields'>> = {
  Maximum: { shape: 'anon', anonType: 'float' },
  Minimum: { shape: 'anon', anonType: 'float' },
  ExclusiveMaximum: { shape: 'anon', anonType: 'bool' },
  ExclusiveMinimum: { shape: 'anon', anonType: 'bool' },
  MultipleOf: { shape: 'anon', anonType: 'float' },
  MaxLength: { shape: 'anon', anonType: 'int' },
  MinLength: { shape: 'anon', anonType: 'int' },
  Pattern: { shape: 'anon', anonType: 'string' },
  MaxItems: { shape: 'anon', anonType: 'int' },
  MinItems: { shape: 'anon', anonType: 'int' },
  UniqueItems: { shape: 'anon', anonType: 'bool' },
  MaxProperties: { shape: 'anon', anonType: 'int' },
  MinProperties: { shape: 'anon', anonType: 'int' },
  Enum: { shape: 'anon', anonType: ANYS },
  Format: { shape: 'anon', anonType: 'string' },
  Type: { shape: 'anon', anonType: 'string' },
  XPreserveUnknownFields: { shape: 'empty' },
  XEmbeddedResource: { shape: 'empty' },
  XIntOrString: { shape: 'empty' },
  XValidation: {
    shape: 'struct',
    fields: {
      rule: { type: 'string' }, message: { type: 'string', optional: true }, messageExpression: { type: 'string', optional: true },
      reason: { type: 'string', optional: true }, fieldPath: { type: 'string', optional: true }, optionalOldSelf: { type: 'bool', optional: true },
    },
  },
};

/** The prefix of validation markers and of their items-variants. */
export const VALIDATION_PREFIX = 'kubebuilder:validation:';
export const ITEMS_PREFIX = 'kubebuilder:validation:items:';

for (const [short, def] of Object.entries(VALIDATION_MARKERS)) {
  add(VALIDATION_PREFIX + short, FT, def.shape, def);
  add(ITEMS_PREFIX + short, FT, def.shape, def);
}

// Field-only markers.
for (const name of ['required', 'optional', 'k8s:required', 'k8s:optional', 'nullable', 'k8s:immutable',
  'kubebuilder:validation:EmbeddedResource', 'kubebuilder:validation:Schemaless', 'k8s:enum']) {
  add(name, name === 'k8s:enum' ? FT : F, 'empty');
}
add('kubebuilder:default', F, 'anon', { anonType: 'any' });
add('default', F, 'json');
add('kubebuilder:example', F, 'anon', { anonType: 'any' });

// Type-only markers.
add('kubebuilder:validation:AtMostOneOf', T, 'anon', { anonType: STRINGS });
add('kubebuilder:validation:ExactlyOneOf', T, 'anon', { anonType: STRINGS });
add('kubebuilder:validation:AtLeastOneOf', T, 'anon', { anonType: STRINGS });

// Field-or-type markers outside the validation prefix.
add('kubebuilder:pruning:PreserveUnknownFields', FT, 'empty');
add('kubebuilder:title', FT, 'anon', { anonType: 'any' });
add('kubebuilder:externalDocs', FT, 'struct', { fields: { url: { type: 'string' }, description: { type: 'string', optional: true } } });
for (const name of ['listType', 'k8s:listType', 'listMapKey', 'k8s:listMapKey', 'mapType', 'structType']) {
  add(name, FT, 'anon', { anonType: 'string' });
}

// CRD markers (read on kind types only).
add('kubebuilder:subresource:status', T, 'empty');
add('kubebuilder:subresource:scale', T, 'struct', {
  fields: { specpath: { type: 'string' }, statuspath: { type: 'string' }, selectorpath: { type: 'string', optional: true } },
});
add('kubebuilder:printcolumn', T, 'struct', {
  fields: {
    name: { type: 'string' }, type: { type: 'string' }, JSONPath: { type: 'string' },
    description: { type: 'string', optional: true }, format: { type: 'string', optional: true }, priority: { type: 'int', optional: true },
  },
});
add('kubebuilder:resource', T, 'struct', {
  fields: {
    path: { type: 'string', optional: true }, shortName: { type: STRINGS, optional: true }, categories: { type: STRINGS, optional: true },
    singular: { type: 'string', optional: true }, scope: { type: 'string', optional: true },
  },
});
add('kubebuilder:storageversion', T, 'empty');
add('kubebuilder:skipversion', T, 'empty');
add('kubebuilder:unservedversion', T, 'empty');
add('kubebuilder:deprecatedversion', T, 'struct', { fields: { warning: { type: 'string', optional: true } } });
add('kubebuilder:metadata', T, 'struct', { fields: { annotations: { type: STRINGS, optional: true }, labels: { type: STRINGS, optional: true } } });
add('kubebuilder:selectablefield', T, 'struct', { fields: { JSONPath: { type: 'string' } } });
add('kubebuilder:object:root', T, 'anon', { anonType: 'bool' });

/**
 * Marker names used by other Kubernetes generators. They have no effect on CRDs, but they are
 * not typos, so --strict does not report them.
 */
const FOREIGN_MARKERS = [
  'genclient', 'genclient:nonNamespaced', 'genclient:noStatus', 'k8s:deepcopy-gen', 'k8s:deepcopy-gen:interfaces',
  'enum', 'k8s:opaqueType', 'kubebuilder:webhook', 'kubebuilder:webhookconfiguration', 'protobuf', 'protobuf.options',
  'patchStrategy', 'patchMergeKey', 'k8s:openapi-gen', 'kubebuilder:docs-gen', 'k8s:conversion-gen', 'k8s:defaulter-gen',
  'kubebuilder:scaffold', 'operator-sdk:csv:customresourcedefinitions', 'k8s:prerelease-lifecycle-gen',
];

/** controller-gen's splitMarker: the full name before `=` and that name without its last `:segment`. */
export function splitMarkerName(body: string): { name: string; anonName: string; rest: string; hasValue: boolean } {
  const eq = body.indexOf('=');
  if (eq < 0) return { name: body, anonName: body, rest: '', hasValue: false };
  const anonName = body.slice(0, eq);
  const colon = anonName.lastIndexOf(':');
  return { name: colon > 0 ? anonName.slice(0, colon) : anonName, anonName, rest: body.slice(eq + 1), hasValue: true };
}

/** The definition a marker body (`name...` without `+`) refers to on a given target, if any. */
export function lookupMarker(body: string, target: MarkerTarget): MarkerDef | undefined {
  const { name, anonName } = splitMarkerName(body);
  for (const candidate of [anonName, name]) {
    const def = defs.get(candidate);
    if (def?.targets.has(target)) return def;
  }
  return undefined;
}

/** True when some generator (this one or another Kubernetes one) knows the marker's name. */
export function isKnownMarkerName(body: string): boolean {
  const { name, anonName } = splitMarkerName(body);
  const known = (n: string) => defs.has(n) || FOREIGN_MARKERS.some((f) => n === f || n.startsWith(f + ':'));
  return known(anonName) || known(name) || known(body);
}

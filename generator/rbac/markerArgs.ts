/**
 * Struct-marker parsing for the RBAC and webhook generators, on top of the generator's marker
 * grammar (generator/markers): the definitions here only declare argument names and types, so
 * `+kubebuilder:rbac` and `+kubebuilder:webhook` accept exactly what controller-gen accepts.
 */
import { parseMarker } from '../markers/parse.ts';
import type { MarkerDef } from '../markers/registry.ts';
import type { ArgType } from '../markers/values.ts';
import { MarkerSyntaxError } from '../markers/values.ts';

/** Argument declarations of one struct marker: type, and whether it may be left out. */
export type MarkerArgSpec = Record<string, { type: ArgType; optional?: boolean }>;

/** A parsed argument value. */
export type MarkerArgValue = string | string[] | boolean | number;

/** A marker that could not be parsed; the message names the marker (and where it was, when known). */
export class MarkerParseError extends Error {
  readonly kind = 'MarkerParseError';
  readonly marker: string;
  constructor(marker: string, message: string) {
    super(message);
    this.marker = marker;
  }
}

/** Parses `marker` (with its leading `+`) as the struct marker `name` with arguments `args`. */
export function parseMarkerArgs(marker: string, name: string, args: MarkerArgSpec, where = ''): Record<string, MarkerArgValue> {
  const def: MarkerDef = { name, targets: new Set(['package']), shape: 'struct', fields: args };
  try {
    return parseMarker(def, marker.replace(/^\+/, '')).value as Record<string, MarkerArgValue>;
  } catch (err) {
    if (err instanceof MarkerSyntaxError) throw new MarkerParseError(marker, `${err.message}${where ? ` at ${where}` : ''} in marker ${marker}`);
    throw err;
  }
}

/**
 * Turning raw marker lines of one node into parsed values, reporting malformed markers with
 * their position and (under --strict) names no generator knows.
 */
import type { ErrorSink, SourcePos } from '../errors.ts';
import type { RawMarker } from '../source/jsdoc.ts';
import { parseMarker } from './parse.ts';
import { isKnownMarkerName, lookupMarker } from './registry.ts';
import type { MarkerTarget } from './registry.ts';
import { MarkerSyntaxError } from './values.ts';

/** One parsed marker occurrence. */
export interface MarkerInstance {
  name: string;
  value: unknown;
  pos: SourcePos;
  text: string;
}

/** The markers of one node, in source order. */
export class MarkerValues {
  readonly list: MarkerInstance[];

  constructor(list: MarkerInstance[] = []) {
    this.list = list;
  }

  has(name: string): boolean {
    return this.list.some((m) => m.name === name);
  }

  all(name: string): MarkerInstance[] {
    return this.list.filter((m) => m.name === name);
  }

  /** The last occurrence, as "a single property uses the last one applied". */
  last(name: string): MarkerInstance | undefined {
    return this.all(name).at(-1);
  }
}

/** Options shared by every collection of one run. */
export interface CollectOptions {
  sink: ErrorSink;
  strict: boolean;
}

/** Parses the markers registered for `target`; others are ignored (or reported under strict). */
export function collectMarkers(raw: readonly RawMarker[], target: MarkerTarget, opts: CollectOptions): MarkerValues {
  const out: MarkerInstance[] = [];
  for (const marker of raw) {
    const def = lookupMarker(marker.body, target);
    if (!def) {
      if (opts.strict && !isKnownMarkerName(marker.body)) {
        opts.sink.report('unknown-marker', `unknown marker ${JSON.stringify(marker.text)}`, marker.pos, marker.text);
      }
      continue;
    }
    try {
      const parsed = parseMarker(def, marker.body);
      if (parsed.value === undefined) continue;
      out.push({ name: parsed.name, value: parsed.value, pos: marker.pos, text: marker.text });
    } catch (err) {
      if (!(err instanceof MarkerSyntaxError)) throw err;
      opts.sink.report('marker', `invalid marker: ${err.message}`, marker.pos, marker.text);
    }
  }
  return new MarkerValues(out);
}

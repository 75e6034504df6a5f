/**
 * Parsing one marker line against its definition, with controller-gen's strictness: unknown or
 * missing arguments, values on empty markers and trailing text are errors.
 */
import type { MarkerDef } from './registry.ts';
import { splitMarkerName } from './registry.ts';
import { ArgScanner, MarkerSyntaxError } from './values.ts';
import type { ArgType } from './values.ts';

/** Marker text that parsed: the definition's name and its value. */
export interface ParsedMarker {
  name: string;
  /** `true` for empty markers, the value for anonymous ones, an argument record for struct ones. */
  value: unknown;
}

function describeType(t: ArgType): string {
  if (typeof t === 'object') return 'list' in t ? `list of ${describeType(t.list)} ({a,b} or a;b)` : `map of ${describeType(t.map)}`;
  return { string: 'string', int: 'integer', float: 'number', bool: 'true or false', any: 'value' }[t];
}

function finish(scanner: ArgScanner): void {
  if (!scanner.atEnd()) {
    throw new MarkerSyntaxError(`extra arguments provided: ${JSON.stringify(scanner.text.slice(scanner.pos))}`, scanner.pos);
  }
}

/** Parses `body` (the marker text without its leading `+`) as an instance of `def`. */
export function parseMarker(def: MarkerDef, body: string): ParsedMarker {
  const { name, anonName, rest, hasValue } = splitMarkerName(body);
  switch (def.shape) {
    case 'empty':
      if (hasValue) throw new MarkerSyntaxError(`extra arguments provided: ${JSON.stringify(rest)} (+${def.name} takes no value)`, 0);
      return { name: def.name, value: true };
    case 'json': {
      if (!hasValue) throw new MarkerSyntaxError(`missing value: expected +${def.name}=<JSON>`, 0);
      if (rest.trim().startsWith('ref(')) return { name: def.name, value: undefined };
      try {
        return { name: def.name, value: JSON.parse(rest) };
      } catch (err) {
        throw new MarkerSyntaxError(`expected a JSON value: ${(err as Error).message}`, 0);
      }
    }
    case 'anon': {
      if (!hasValue) {
        if (def.anonOptional) return { name: def.name, value: '' };
        throw new MarkerSyntaxError(`missing argument: expected +${def.name}=<${describeType(def.anonType!)}>`, 0);
      }
      const scanner = new ArgScanner(rest);
      let value: unknown;
      try {
        value = scanner.value(def.anonType!, true);
      } catch (err) {
        if (err instanceof MarkerSyntaxError) throw new MarkerSyntaxError(`${err.message} (expected ${describeType(def.anonType!)})`, err.offset);
        throw err;
      }
      finish(scanner);
      return { name: def.name, value };
    }
    case 'struct': {
      const text = anonName.length > name.length ? `${anonName.slice(name.length + 1)}=${rest}` : rest;
      const scanner = new ArgScanner(text);
      const args: Record<string, unknown> = {};
      const fields = def.fields ?? {};
      while (!scanner.atEnd()) {
        const arg = scanner.ident();
        scanner.expect('=', `= after argument ${arg}`);
        const field = fields[arg];
        if (!field) {
          throw new MarkerSyntaxError(`unknown argument ${JSON.stringify(arg)} (expected one of ${Object.keys(fields).join(', ')})`, scanner.pos);
        }
        try {
          args[arg] = scanner.value(field.type, false);
        } catch (err) {
          if (err instanceof MarkerSyntaxError) throw new MarkerSyntaxError(`argument ${arg}: ${err.message} (expected ${describeType(field.type)})`, err.offset);
          throw err;
        }
        if (scanner.atEnd()) break;
        scanner.expect(',', 'comma between arguments');
      }
      for (const [argName, field] of Object.entries(fields)) {
        if (!field.optional && !(argName in args)) throw new MarkerSyntaxError(`missing argument ${JSON.stringify(argName)}`, 0);
      }
      return { name: def.name, value: args };
    }
  }
}

/**
 * Encodes a swagger 2.0 JSON document as gnostic's `openapi.v2.Document` protobuf, the form
 * client-go asks /openapi/v2 for. Field numbers and types come from the generated tables; the
 * mapping from JSON follows gnostic's compiler: `$ref` is `_ref`, `x-*` keys are vendor extensions
 * (name plus the value as YAML text), map-like objects (definitions, properties, paths, responses)
 * are repeated name/value pairs, and sum types pick their alternative from the JSON value
 * (`in` of a parameter, `$ref` or not, boolean or schema).
 */
import type { GnosticField, GnosticMessage } from './gnostic-descriptor.ts';
import { gnosticMessages } from './gnostic-fields.generated.ts';

const PKG = 'openapi.v2';

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function varint(n: number): number[] {
  const out: number[] = [];
  if (n >= 0 && n < 2 ** 31) {
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.push(n);
    return out;
  }
  let v = BigInt.asUintN(64, BigInt(n));
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** Collects the encoded bytes of one message. */
class MessageWriter {
  private readonly parts: Uint8Array[] = [];

  bytes(no: number, data: Uint8Array): void {
    this.parts.push(Uint8Array.from(varint((no << 3) | 2).concat(varint(data.length))), data);
  }

  scalar(field: GnosticField, value: unknown): void {
    switch (field.scalar) {
      case 'string':
        if (typeof value === 'string' && (value !== '' || field.repeated)) this.bytes(field.no, Buffer.from(value, 'utf8'));
        return;
      case 'bool':
        if (value === true) this.parts.push(Uint8Array.from([...varint(field.no << 3), 1]));
        return;
      case 'int64':
        if (typeof value === 'number' && Number.isInteger(value) && value !== 0) this.parts.push(Uint8Array.from([...varint(field.no << 3), ...varint(value)]));
        return;
      case 'double': {
        if (typeof value !== 'number' || value === 0) return;
        const b = Buffer.alloc(8);
        b.writeDoubleLE(value);
        this.parts.push(Uint8Array.from(varint((field.no << 3) | 1)), b);
        return;
      }
    }
  }

  finish(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

/** A message table with the lookups the encoder needs, computed once per type. */
interface Layout {
  m: GnosticMessage;
  byKey: Map<string, GnosticField>;
  vendor?: GnosticField;
  /** The repeated name/value field of a map-like message. */
  entries?: GnosticField;
  choice: boolean;
}

const layouts = new Map<string, Layout>();

function layout(type: string): Layout {
  let l = layouts.get(type);
  if (l) return l;
  const m = gnosticMessages[type];
  if (!m) throw new Error(`no gnostic message ${type}`);
  l = {
    m,
    byKey: new Map(m.fields.map((f) => [jsonKey(f.name), f])),
    vendor: field(m, 'vendor_extension'),
    entries: m.fields.find((f) => f.repeated && f.type?.startsWith(`${PKG}.Named`) && f.name !== 'vendor_extension'),
    choice: m.fields.some((f) => f.oneof),
  };
  layouts.set(type, l);
  return l;
}

function message(type: string): GnosticMessage {
  return layout(type).m;
}

function field(m: GnosticMessage, name: string): GnosticField | undefined {
  return m.fields.find((f) => f.name === name);
}

/** The alternative of a sum type (a message whose fields form one oneof) a JSON value selects. */
function alternative(type: string, value: unknown): string | undefined {
  const v = isObject(value) ? value : {};
  switch (type) {
    case `${PKG}.ParametersItem`:
      return typeof v.$ref === 'string' ? 'json_reference' : 'parameter';
    case `${PKG}.ResponseValue`:
      return typeof v.$ref === 'string' ? 'json_reference' : 'response';
    case `${PKG}.Parameter`:
      return v.in === 'body' ? 'body_parameter' : 'non_body_parameter';
    case `${PKG}.NonBodyParameter`:
      return ({ header: 'header_parameter_sub_schema', formData: 'form_data_parameter_sub_schema', query: 'query_parameter_sub_schema', path: 'path_parameter_sub_schema' } as Record<string, string>)[String(v.in)];
    case `${PKG}.AdditionalPropertiesItem`:
      return typeof value === 'boolean' ? 'boolean' : 'schema';
    case `${PKG}.SchemaItem`:
      return v.type === 'file' ? 'file_schema' : 'schema';
    case `${PKG}.SecurityDefinitionsItem`:
      if (v.type === 'basic') return 'basic_authentication_security';
      if (v.type === 'apiKey') return 'api_key_security';
      return ({ implicit: 'oauth2_implicit_security', password: 'oauth2_password_security', application: 'oauth2_application_security', accessCode: 'oauth2_access_code_security' } as Record<string, string>)[String(v.flow)];
  }
  return undefined;
}

/** gnostic's Any: the value as YAML text (JSON text is YAML, and parses back to the same value). */
function encodeAny(value: unknown): Uint8Array {
  const w = new MessageWriter();
  w.scalar(field(message(`${PKG}.Any`), 'yaml')!, `${JSON.stringify(value)}\n`);
  return w.finish();
}

function encodeNamed(type: string, name: string, value: unknown): Uint8Array {
  const m = message(type);
  const w = new MessageWriter();
  w.scalar(field(m, 'name')!, name);
  const valueField = field(m, 'value')!;
  w.bytes(valueField.no, encodeValue(valueField.type!, value));
  return w.finish();
}

/** The JSON key of a proto field: snake_case to camelCase, `_ref` to `$ref`. */
function jsonKey(protoName: string): string {
  if (protoName === '_ref') return '$ref';
  return protoName.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Encoded messages by source object: documents share their built-in definitions and parameter
 * objects between builds, and nothing modifies a document once built, so an object encodes the
 * same way every time.
 */
const encoded = new WeakMap<object, Map<string, Uint8Array>>();

/** Encodes a JSON value as the gnostic message `type`. */
export function encodeValue(type: string, value: unknown): Uint8Array {
  if (!value || typeof value !== 'object') return encodeUncached(type, value);
  let byType = encoded.get(value);
  if (!byType) encoded.set(value, byType = new Map());
  let bytes = byType.get(type);
  if (!bytes) byType.set(type, bytes = encodeUncached(type, value));
  return bytes;
}

function encodeUncached(type: string, value: unknown): Uint8Array {
  if (type === `${PKG}.Any`) return encodeAny(value);
  const { m, byKey, vendor, entries, choice: isChoice } = layout(type);
  const w = new MessageWriter();
  // Wrappers whose JSON form is a string or a list.
  if (type === `${PKG}.TypeItem` || type === `${PKG}.StringArray`) {
    const f = m.fields[0]!;
    for (const s of Array.isArray(value) ? value : [value]) w.scalar(f, s);
    return w.finish();
  }
  if (type === `${PKG}.ItemsItem`) {
    const f = m.fields[0]!;
    for (const s of Array.isArray(value) ? value : [value]) w.bytes(f.no, encodeValue(f.type!, s));
    return w.finish();
  }
  const choice = isChoice ? alternative(type, value) : undefined;
  if (choice !== undefined) {
    const f = field(m, choice)!;
    if (f.scalar) w.scalar(f, value);
    else w.bytes(f.no, encodeValue(f.type!, value));
    return w.finish();
  }
  if (!isObject(value)) return w.finish();
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (key.startsWith('x-') && vendor) {
      w.bytes(vendor.no, encodeNamed(vendor.type!, key, v));
      continue;
    }
    if (entries) {
      w.bytes(entries.no, encodeNamed(entries.type!, key, v));
      continue;
    }
    const f = byKey.get(key);
    if (!f) continue;
    const items = f.repeated ? (Array.isArray(v) ? v : [v]) : [v];
    for (const item of items) {
      if (f.scalar) w.scalar(f, item);
      else w.bytes(f.no, encodeValue(f.type!, item));
    }
  }
  return w.finish();
}

/** Encodes a swagger 2.0 document as `openapi.v2.Document`. */
export function encodeOpenApiV2(doc: object): Uint8Array {
  return encodeValue(`${PKG}.Document`, doc);
}

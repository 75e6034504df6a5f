/**
 * Decodes Kubernetes protobuf messages into the JSON shape the API serves, driven by the generated
 * message tables. The wire carries gogo-proto output: non-pointer scalars are always written, so
 * zero values ("", 0, false) are dropped unless the Go field is a pointer or lacks omitempty, exactly
 * as encoding/json would render the decoded Go struct.
 */
import { WireReader, WireType, WireFormatError } from './wire-reader.ts';
import type { ProtoField, ProtoMessage } from './descriptor.ts';
import { protoMessages } from './descriptors.generated.ts';

const meta = 'k8s.io.apimachinery.pkg.apis.meta.v1.';
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Messages whose JSON form is a scalar, decoded by hand rather than from the tables. */
const special: Record<string, (buf: Uint8Array) => unknown> = {
  [`${meta}Time`]: (b) => decodeTimestamp(b, false),
  [`${meta}MicroTime`]: (b) => decodeTimestamp(b, true),
  [`${meta}Duration`]: (b) => formatGoDuration(readSingle(b, 1, 'int64') as number | undefined ?? 0),
  [`${meta}FieldsV1`]: (b) => parseJsonBytes(readSingle(b, 1, 'raw') as Uint8Array | undefined),
  'k8s.io.apimachinery.pkg.runtime.RawExtension': (b) => parseJsonBytes(readSingle(b, 1, 'raw') as Uint8Array | undefined),
  'k8s.io.apimachinery.pkg.api.resource.Quantity': (b) => (readSingle(b, 1, 'string') as string | undefined) ?? '',
  'k8s.io.apimachinery.pkg.api.resource.QuantityValue': (b) => (readSingle(b, 1, 'string') as string | undefined) ?? '',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': decodeIntOrString,
};

/** Decodes the bytes of message `name` into its JSON value. */
export function decodeMessage(buf: Uint8Array, name: string): unknown {
  const hand = special[name];
  if (hand) return hand(buf);
  const desc: ProtoMessage | undefined = protoMessages[name];
  if (!desc) throw new WireFormatError(`no table for message ${name}`);
  const out: Record<string, unknown> = {};
  const r = new WireReader(buf);
  while (!r.done) {
    const { field, wire } = r.tag();
    const f = desc.f[field];
    if (!f) { r.skip(wire); continue; }
    if (f.k) {
      const [key, value] = decodeMapEntry(r.bytes(), f);
      const map = (out[f.n] ??= {}) as Record<string, unknown>;
      map[String(key)] = value;
    } else if (f.r) {
      const list = (out[f.n] ??= []) as unknown[];
      if (wire === WireType.bytes && isPackable(f.t)) {
        const inner = new WireReader(r.bytes());
        while (!inner.done) list.push(readScalar(inner, f.t, wireOf(f.t)));
      } else list.push(readValue(r, f.t, wire) ?? null);
    } else if (f.i) {
      Object.assign(out, readValue(r, f.t, wire) as object);
    } else {
      const value = readValue(r, f.t, wire);
      if (value === undefined || (!f.z && isZeroScalar(value, f.t))) delete out[f.n];
      else out[f.n] = value;
    }
  }
  if (desc.u) return out.items ?? [];
  for (const f of nullWhenAbsent(name, desc)) if (out[f] === undefined) out[f] = null;
  return out;
}

const nullFields = new Map<string, string[]>();

/** JSON names of the fields a Go struct prints as null when they never arrived. */
function nullWhenAbsent(name: string, desc: ProtoMessage): string[] {
  let names = nullFields.get(name);
  if (!names) {
    names = Object.values(desc.f).filter((f) => f.e).map((f) => f.n);
    nullFields.set(name, names);
  }
  return names;
}

function decodeMapEntry(buf: Uint8Array, f: ProtoField): [unknown, unknown] {
  const r = new WireReader(buf);
  let key: unknown = f.k === 'string' ? '' : 0;
  let value: unknown;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) key = readScalar(r, f.k!, wire);
    else if (field === 2) value = readValue(r, f.t, wire);
    else r.skip(wire);
  }
  if (value === undefined) value = zeroOf(f.t);
  return [key, value];
}

function readValue(r: WireReader, type: string, wire: number): unknown {
  if (isScalar(type)) return readScalar(r, type, wire);
  if (wire !== WireType.bytes) throw new WireFormatError(`message field ${type} has wire type ${wire}`);
  return decodeMessage(r.bytes(), type);
}

const scalarTypes = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']);
function isScalar(type: string): boolean {
  return scalarTypes.has(type);
}
function isPackable(type: string): boolean {
  return isScalar(type) && type !== 'string' && type !== 'bytes';
}
function wireOf(type: string): number {
  if (type === 'double') return WireType.fixed64;
  if (type === 'float') return WireType.fixed32;
  return WireType.varint;
}

function readScalar(r: WireReader, type: string, wire: number): unknown {
  switch (type) {
    case 'string': expectWire(wire, WireType.bytes, type); return textDecoder.decode(r.bytes());
    case 'bytes': expectWire(wire, WireType.bytes, type); return Buffer.from(r.bytes()).toString('base64');
    case 'bool': expectWire(wire, WireType.varint, type); return r.varintBig() !== 0n;
    case 'int32': expectWire(wire, WireType.varint, type); return Number(BigInt.asIntN(32, r.varintBig()));
    case 'int64': expectWire(wire, WireType.varint, type); return Number(BigInt.asIntN(64, r.varintBig()));
    case 'uint32': expectWire(wire, WireType.varint, type); return Number(BigInt.asUintN(32, r.varintBig()));
    case 'uint64': expectWire(wire, WireType.varint, type); return Number(r.varintBig());
    case 'double': expectWire(wire, WireType.fixed64, type); return r.fixed64().getFloat64(0, true);
    case 'float': expectWire(wire, WireType.fixed32, type); return r.fixed32().getFloat32(0, true);
    default: throw new WireFormatError(`unknown scalar type ${type}`);
  }
}

function expectWire(actual: number, expected: number, type: string): void {
  if (actual !== expected) throw new WireFormatError(`field of type ${type} has wire type ${actual}`);
}

function isZeroScalar(value: unknown, type: string): boolean {
  if (!isScalar(type)) return false;
  return value === '' || value === 0 || value === false;
}

function zeroOf(type: string): unknown {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'bool') return false;
  if (isScalar(type)) return 0;
  return decodeMessage(new Uint8Array(0), type);
}

/** Reads the single field `num` of a tiny wrapper message; 'raw' returns the undecoded bytes. */
function readSingle(buf: Uint8Array, num: number, type: string): unknown {
  const r = new WireReader(buf);
  let value: unknown;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field !== num) { r.skip(wire); continue; }
    value = type === 'raw' ? (expectWire(wire, WireType.bytes, 'bytes'), r.bytes()) : readScalar(r, type, wire);
  }
  return value;
}

/** metav1.Time marshals a zero time as an empty message; JSON renders it as absent. */
function decodeTimestamp(buf: Uint8Array, micro: boolean): string | undefined {
  if (buf.length === 0) return undefined;
  const r = new WireReader(buf);
  let seconds = 0n;
  let nanos = 0;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WireType.varint) seconds = BigInt.asIntN(64, r.varintBig());
    else if (field === 2 && wire === WireType.varint) nanos = Number(BigInt.asIntN(32, r.varintBig()));
    else r.skip(wire);
  }
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  // metav1.Time keeps whole seconds only; MicroTime keeps microseconds.
  if (!micro) return `${iso}Z`;
  return `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

function decodeIntOrString(buf: Uint8Array): number | string {
  const r = new WireReader(buf);
  let type = 0;
  let intVal = 0;
  let strVal = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) type = readScalar(r, 'int64', wire) as number;
    else if (field === 2) intVal = readScalar(r, 'int32', wire) as number;
    else if (field === 3) strVal = readScalar(r, 'string', wire) as string;
    else r.skip(wire);
  }
  return type === 1 ? strVal : intVal;
}

function parseJsonBytes(raw: Uint8Array | undefined): unknown {
  if (!raw || raw.length === 0) return undefined;
  const text = textDecoder.decode(raw);
  try {
    return JSON.parse(text);
  } catch {
    throw new WireFormatError('embedded raw object is not JSON');
  }
}

/** Formats nanoseconds as Go's time.Duration String(), e.g. 1h2m3s, 1.5s, 300ms. */
export function formatGoDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  const sign = nanos < 0 ? '-' : '';
  let n = Math.abs(nanos);
  if (n < 1e9) {
    const [unit, div] = n < 1e3 ? ['ns', 1] : n < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return `${sign}${trimFraction(n / (div as number))}${unit}`;
  }
  const h = Math.floor(n / 3.6e12); n -= h * 3.6e12;
  const m = Math.floor(n / 6e10); n -= m * 6e10;
  const s = trimFraction(n / 1e9);
  if (h) return `${sign}${h}h${m}m${s}s`;
  if (m) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

function trimFraction(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(9)));
}

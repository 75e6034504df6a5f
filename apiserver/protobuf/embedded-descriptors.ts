/**
 * Build-time reader of the protobuf file descriptors a Go program embeds: gogo-generated packages
 * register each .proto file as a gzipped FileDescriptorProto, so scanning the binary for gzip members
 * and parsing the ones that decode yields the Kubernetes API schema from the binary alone.
 */
import { inflateRawSync } from 'node:zlib';
import { fromBinary } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema, FieldDescriptorProto_Label, FieldDescriptorProto_Type,
  type DescriptorProto, type FieldDescriptorProto, type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';

/** gogoproto extension numbers the Kubernetes generators set (github.com/gogo/protobuf/gogoproto). */
const gogoNullable = 65001;
const gogoCustomName = 65004;
const gogoGoprotoStringer = 64003;

/** One field as the table generator needs it. */
export interface FieldInfo {
  name: string;
  number: number;
  /** Scalar type name as written in .proto, when not a message. */
  scalar?: string;
  /** Fully qualified message type (no leading dot), when a message. */
  typeName?: string;
  repeated: boolean;
  /** Map fields: key scalar and value type. */
  mapKey?: string;
  mapValue?: string;
  /** The Go field is a pointer (gogoproto.nullable left at its default). */
  pointer: boolean;
  /** Go field name (gogoproto.customname). */
  goName?: string;
}

/** One message with its fields. */
export interface MessageInfo {
  fields: FieldInfo[];
  /** A Go named slice (`type X []T`), carried as `{items}` and rendered as the bare list. */
  namedSlice: boolean;
  /** The Go type generated from it: `<go_package>.<message name>`. */
  goType: string;
}

const T = FieldDescriptorProto_Type;
const scalarNames: Partial<Record<FieldDescriptorProto_Type, string>> = {
  [T.STRING]: 'string', [T.BYTES]: 'bytes', [T.BOOL]: 'bool', [T.INT32]: 'int32', [T.INT64]: 'int64',
  [T.UINT32]: 'uint32', [T.UINT64]: 'uint64', [T.DOUBLE]: 'double', [T.FLOAT]: 'float',
};

/** Finds the gzip members of `binary` and returns the Kubernetes API messages by qualified name. */
export function readEmbeddedDescriptors(binary: Uint8Array): Map<string, MessageInfo> {
  const files = new Map<string, FileDescriptorProto>();
  for (const raw of gzipMembers(binary)) {
    let file: FileDescriptorProto;
    try {
      file = fromBinary(FileDescriptorProtoSchema, raw);
    } catch {
      continue;
    }
    if (/^k8s\.io\/(api|apimachinery)\/.+\/generated\.proto$/.test(file.name) && file.package) files.set(file.name, file);
  }
  const messages = new Map<string, MessageInfo>();
  for (const file of files.values()) {
    const goPackage = file.options?.goPackage.split(';')[0] || file.name.replace(/\/generated\.proto$/, '');
    for (const m of file.messageType) messages.set(`${file.package}.${m.name}`, toMessageInfo(m, `${file.package}.${m.name}`, `${goPackage}.${m.name}`));
  }
  return messages;
}

function* gzipMembers(bin: Uint8Array): Generator<Uint8Array> {
  const buf = Buffer.from(bin.buffer, bin.byteOffset, bin.byteLength);
  const magic = Buffer.from([0x1f, 0x8b, 0x08]);
  for (let at = buf.indexOf(magic); at >= 0; at = buf.indexOf(magic, at + 1)) {
    const flags = buf[at + 3];
    let p = at + 10;
    if (flags & 4) p += 2 + buf.readUInt16LE(p);
    if (flags & 8) p = buf.indexOf(0, p) + 1;
    if (flags & 16) p = buf.indexOf(0, p) + 1;
    if (flags & 2) p += 2;
    // Raw inflate stops at the end of this member, so neighbouring members are never merged.
    try {
      yield inflateRawSync(buf.subarray(p));
    } catch {
      // Three bytes that only look like a gzip header.
    }
  }
}

function toMessageInfo(m: DescriptorProto, fqn: string, goType: string): MessageInfo {
  const entries = new Map(m.nestedType.filter((n) => n.options?.mapEntry).map((n) => [`${fqn}.${n.name}`, n]));
  const fields = m.field.map((f) => toFieldInfo(f, entries));
  const stringerOff = optionValues(m.options?.$unknown, gogoGoprotoStringer).some((d) => d[0] === 0);
  const namedSlice = stringerOff && fields.length === 1 && fields[0].name === 'items' && fields[0].number === 1 && fields[0].repeated;
  return { fields, namedSlice, goType };
}

function toFieldInfo(f: FieldDescriptorProto, entries: Map<string, DescriptorProto>): FieldInfo {
  const unknown = f.options?.$unknown;
  const goName = optionValues(unknown, gogoCustomName)[0];
  const info: FieldInfo = {
    name: f.name,
    number: f.number,
    repeated: f.label === FieldDescriptorProto_Label.REPEATED,
    pointer: !optionValues(unknown, gogoNullable).some((d) => d[0] === 0),
    goName: goName ? new TextDecoder().decode(goName.subarray(1, 1 + goName[0])) : undefined,
  };
  const scalar = scalarNames[f.type];
  if (scalar) info.scalar = scalar;
  else if (f.type === T.MESSAGE) info.typeName = f.typeName.replace(/^\./, '');
  else throw new Error(`field ${f.name}: unsupported type ${T[f.type]}`);
  const entry = info.typeName ? entries.get(info.typeName) : undefined;
  if (entry) {
    const [key, value] = [entry.field.find((e) => e.number === 1)!, entry.field.find((e) => e.number === 2)!];
    info.mapKey = scalarNames[key.type];
    info.mapValue = scalarNames[value.type] ?? value.typeName.replace(/^\./, '');
  }
  return info;
}

/** Payloads of one unknown (extension) option; varints are one byte for the booleans read here. */
function optionValues(unknown: { no: number; data: Uint8Array }[] | undefined, no: number): Uint8Array[] {
  return (unknown ?? []).filter((u) => u.no === no).map((u) => u.data);
}

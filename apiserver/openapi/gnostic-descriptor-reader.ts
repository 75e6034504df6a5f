/**
 * Reads the `openapi.v2` FileDescriptorProto that kubectl embeds. gnostic is generated with
 * google.golang.org/protobuf, which embeds each .proto file as a raw (not gzipped) descriptor, so
 * the gzip scan of embedded-descriptors.ts does not see it: the raw bytes are found by the file name
 * they start with, measured by walking their top-level fields, and decoded with the descriptor schema.
 * Used at build time by generate-gnostic.ts and by tests that decode the served protobuf.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { WireFormatError, WireReader, WireType } from '../protobuf/wire-reader.ts';

/** The .proto file name gnostic registers its OpenAPI v2 messages under. */
export const GNOSTIC_PROTO_FILE = 'openapiv2/OpenAPIv2.proto';

/**
 * Length of the FileDescriptorProto starting at `start`: protoc writes fields in ascending number
 * order and a file has fields 1..14, so the first tag out of order or out of range (or bytes that
 * are not a field at all) is not ours.
 */
function descriptorLength(buf: Buffer, start: number): number {
  const r = new WireReader(buf.subarray(start));
  let end = 0;
  let last = 0;
  try {
    while (!r.done) {
      const { field, wire } = r.tag();
      if (field < last || field < 1 || field > 14) break;
      if (wire === WireType.bytes) r.bytes();
      else if (wire === WireType.varint && (field === 10 || field === 11 || field === 14)) r.varintBig();
      else break;
      last = field;
      end = r.position;
    }
  } catch (err) {
    if (!(err instanceof WireFormatError)) throw err;
  }
  return end;
}

function locate(binary: Buffer): Buffer {
  const marker = Buffer.concat([Buffer.from([0x0a, GNOSTIC_PROTO_FILE.length]), Buffer.from(GNOSTIC_PROTO_FILE)]);
  const at = binary.indexOf(marker);
  if (at < 0) throw new Error(`no raw descriptor of ${GNOSTIC_PROTO_FILE} in the binary`);
  return binary.subarray(at, at + descriptorLength(binary, at));
}

/** The gnostic descriptor embedded in a Go binary such as kubectl. Throws when it is absent. */
export function readGnosticDescriptor(binary: Uint8Array): FileDescriptorProto {
  const buf = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength);
  const file = fromBinary(FileDescriptorProtoSchema, locate(buf));
  if (file.name !== GNOSTIC_PROTO_FILE) throw new Error(`unexpected descriptor ${file.name}`);
  return file;
}

/**
 * Reads the `openapi.v2` FileDescriptorProto that kubectl embeds. gnostic is generated with
 * google.golang.org/protobuf, which embeds each .proto file as a raw (not gzipped) descriptor, so
 * the gzip scan of embedded-descriptors.ts does not see it: the raw bytes are found by the file name
 * they start with, measured by walking their top-level fields, and decoded with the descriptor schema.
 * Used at build time by generate-gnostic.ts and by tests that decode the served protobuf.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';

/** The .proto file name gnostic registers its OpenAPI v2 messages under. */
export const GNOSTIC_PROTO_FILE = 'openapiv2/OpenAPIv2.proto';

function readVarint(buf: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let p = at; p < buf.length && shift < 64; p++, shift += 7) {
    value += (buf[p]! & 0x7f) * 2 ** shift;
    if (!(buf[p]! & 0x80)) return [value, p + 1];
  }
  return [-1, buf.length];
}

/**
 * Length of the FileDescriptorProto starting at `start`: protoc writes fields in ascending number
 * order and a file has fields 1..14, so the first tag out of order or out of range is not ours.
 */
function descriptorLength(buf: Buffer, start: number): number {
  let p = start;
  let last = 0;
  for (;;) {
    const [tag, afterTag] = readVarint(buf, p);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (tag < 0 || field < last || field < 1 || field > 14) return p - start;
    if (wire === 2) {
      const [len, afterLen] = readVarint(buf, afterTag);
      if (len < 0 || afterLen + len > buf.length) return p - start;
      p = afterLen + len;
    } else if (wire === 0 && (field === 10 || field === 11 || field === 14)) {
      p = readVarint(buf, afterTag)[1];
    } else {
      return p - start;
    }
    last = field;
  }
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

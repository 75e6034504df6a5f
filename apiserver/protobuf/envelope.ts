/**
 * The Kubernetes protobuf envelope: the 4-byte magic `k8s\0` followed by a runtime.Unknown message
 * (typeMeta{apiVersion=1, kind=2}=1, raw=2, contentEncoding=3, contentType=4). The object itself is
 * the `raw` bytes, encoded as the message of its kind.
 */
import { WireReader, WireType } from './wire-reader.ts';

/** The bytes every Kubernetes protobuf body starts with. */
export const protobufMagic = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** A decoded runtime.Unknown. */
export interface UnknownEnvelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

/** True when the body starts with the protobuf magic. */
export function hasProtobufMagic(body: Uint8Array): boolean {
  return body.length >= 4 && protobufMagic.every((b, i) => body[i] === b);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readTypeMeta(buf: Uint8Array): { apiVersion: string; kind: string } {
  const r = new WireReader(buf);
  const out = { apiVersion: '', kind: '' };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WireType.bytes && field === 1) out.apiVersion = utf8.decode(r.bytes());
    else if (wire === WireType.bytes && field === 2) out.kind = utf8.decode(r.bytes());
    else r.skip(wire);
  }
  return out;
}

/** Parses the envelope after the magic. Throws WireFormatError on malformed bytes. */
export function readUnknownEnvelope(body: Uint8Array): UnknownEnvelope {
  const r = new WireReader(body.subarray(protobufMagic.length));
  const out: UnknownEnvelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire !== WireType.bytes || field < 1 || field > 4) { r.skip(wire); continue; }
    const bytes = r.bytes();
    if (field === 1) Object.assign(out, readTypeMeta(bytes));
    else if (field === 2) out.raw = bytes;
    else if (field === 3) out.contentEncoding = utf8.decode(bytes);
    else out.contentType = utf8.decode(bytes);
  }
  return out;
}

/**
 * A minimal protobuf wire-format reader: varints, fixed 32/64-bit words and length-delimited
 * slices. Kubernetes bodies are small and only a handful of wire types occur, so a few dozen lines
 * replace a general protobuf runtime.
 */

/** Protobuf wire types. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

/** Thrown on truncated or malformed input. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

/** Sequential reader over one message's bytes. */
export class WireReader {
  private pos = 0;
  private readonly buf: Uint8Array;

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  /** How many bytes have been consumed. */
  get position(): number {
    return this.pos;
  }

  /** True once every byte has been consumed. */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Reads a varint as a BigInt (exact for the full unsigned 64-bit range). */
  varintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new WireFormatError('truncated varint');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new WireFormatError('varint longer than 10 bytes');
  }

  /** Reads a varint known to fit in 32 bits (tags, lengths). */
  uint32(): number {
    const v = this.varintBig();
    if (v > 0xffffffffn) throw new WireFormatError('varint exceeds 32 bits');
    return Number(v);
  }

  /** Reads a field tag: its number and wire type. */
  tag(): { field: number; wire: number } {
    const t = this.uint32();
    return { field: t >>> 3, wire: t & 7 };
  }

  /** Reads a length-delimited slice. */
  bytes(): Uint8Array {
    const len = this.uint32();
    if (this.pos + len > this.buf.length) throw new WireFormatError('truncated length-delimited field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  /** Reads 4 little-endian bytes. */
  fixed32(): DataView {
    return this.fixed(4);
  }

  /** Reads 8 little-endian bytes. */
  fixed64(): DataView {
    return this.fixed(8);
  }

  private fixed(n: number): DataView {
    if (this.pos + n > this.buf.length) throw new WireFormatError('truncated fixed-width field');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, n);
    this.pos += n;
    return view;
  }

  /** Skips a field of the given wire type (unknown fields are ignored, as proto2 readers do). */
  skip(wire: number): void {
    switch (wire) {
      case WireType.varint: this.varintBig(); return;
      case WireType.fixed64: this.fixed(8); return;
      case WireType.bytes: this.bytes(); return;
      case WireType.fixed32: this.fixed(4); return;
      case WireType.startGroup:
        for (;;) {
          const t = this.tag();
          if (t.wire === WireType.endGroup) return;
          this.skip(t.wire);
        }
      default: throw new WireFormatError(`unsupported wire type ${wire}`);
    }
  }
}

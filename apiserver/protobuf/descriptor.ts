/**
 * The shape of the message tables the protobuf decoder walks. The tables themselves are generated
 * from the protobuf descriptors embedded in kubectl (see generate-descriptors.ts).
 */

/** Scalar wire types as named in .proto files. */
export type ProtoScalar = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float';

/** One field of a message. */
export interface ProtoField {
  /** JSON field name. */
  n: string;
  /** Scalar type, or a fully qualified message name (without leading dot). */
  t: ProtoScalar | string;
  /** Repeated field. */
  r?: 1;
  /** Map field: key scalar type; `t` is then the value type. */
  k?: ProtoScalar;
  /** Keep zero values ("", 0, false): the Go field is a pointer or has no omitempty. */
  z?: 1;
  /**
   * Render null when absent from the wire: the Go field has no omitempty and its zero value (a nil
   * list, map or pointer, or a zero metav1.Time) is printed by encoding/json as null.
   */
  e?: 1;
  /** Embedded Go struct with `json:",inline"`: its fields are merged into the parent object. */
  i?: 1;
}

/** One message: its fields by number. `u` marks a Go named slice wrapped as `{items}` on the wire. */
export interface ProtoMessage {
  f: Record<number, ProtoField>;
  u?: 1;
}

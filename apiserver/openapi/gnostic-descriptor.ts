/**
 * The shape of the gnostic `openapi.v2` field tables. The tables are generated from the descriptor
 * embedded in kubectl (see generate-gnostic.ts).
 */

/** One field of a gnostic message. */
export interface GnosticField {
  /** Field name as written in the .proto file (snake_case; `_ref` for `$ref`). */
  name: string;
  /** Field number. */
  no: number;
  /** Scalar type, when not a message. */
  scalar?: 'string' | 'bool' | 'int64' | 'double';
  /** Fully qualified message type, when a message. */
  type?: string;
  repeated?: 1;
  /** Member of the message's oneof: the message is a choice between alternatives. */
  oneof?: 1;
}

/** One message with its fields. */
export interface GnosticMessage {
  fields: GnosticField[];
}

/** The CRD schema node type shared with the schema builder. */
export type { JSONSchemaProps } from '../schema/types.ts';

/**
 * maxDescLen: controller-gen's description truncation, applied to every node of a final schema.
 * Lengths are in UTF-8 bytes, as Go's len() counts them.
 */
import type { JSONSchemaProps } from './types.ts';

const STERM = /[\p{Sentence_Terminal}]/u;
const WHITE = /\s/u;

function truncate(desc: string, maxLen: number): string {
  const bytes = Buffer.from(desc);
  if (bytes.length <= maxLen) return desc;
  const cut = bytes.subarray(0, maxLen).toString();
  const chars = Array.from(cut);
  const byteIndex = (i: number) => Buffer.byteLength(chars.slice(0, i).join(''));
  for (let i = chars.length - 1; i >= 0; i--) {
    if (STERM.test(chars[i]!)) {
      if (byteIndex(i) > 0) return chars.slice(0, i + 1).join('');
      break;
    }
  }
  for (let i = chars.length - 1; i >= 0; i--) {
    if (WHITE.test(chars[i]!)) {
      if (byteIndex(i) > 0) return chars.slice(0, i).join('') + '...';
      break;
    }
  }
  return cut + '...';
}

/** Shortens (or with 0 removes) every description in the schema tree, in place. */
export function truncateDescriptions(schema: JSONSchemaProps, maxLen: number): void {
  if (maxLen < 0) return;
  if (maxLen === 0) delete schema.description;
  else if (schema.description) schema.description = truncate(schema.description, maxLen);
  const kids: JSONSchemaProps[] = [];
  if (schema.items) kids.push(...[schema.items].flat());
  kids.push(...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...Object.values(schema.properties ?? {}));
  if (schema.not) kids.push(schema.not);
  if (typeof schema.additionalProperties === 'object') kids.push(schema.additionalProperties);
  for (const k of kids) truncateDescriptions(k, maxLen);
}

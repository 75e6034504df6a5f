/** Random name suffixes for metadata.generateName, in the apiserver's alphabet (no vowels, no look-alikes). */
import { randomInt } from 'node:crypto';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_PREFIX = 58;

/** The prefix (truncated to 58 characters) followed by five random characters. */
export function generateName(prefix: string): string {
  let s = prefix.length > MAX_PREFIX ? prefix.slice(0, MAX_PREFIX) : prefix;
  for (let i = 0; i < 5; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Opaque list continuation tokens: the snapshot revision and the key to resume after. */
import { statusError } from '../../runtime/core/errors.ts';

/** What a continue token carries. */
export interface ContinuePoint {
  rv: number;
  start: string;
}

/** Encodes a token. */
export function encodeContinue(p: ContinuePoint): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: p.rv, start: p.start })).toString('base64url');
}

/** Decodes a token; a malformed one is 400. */
export function decodeContinue(token: string): ContinuePoint {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: string; rv?: unknown; start?: unknown };
    if (v.v !== 'meta.k8s.io/v1' || typeof v.rv !== 'number' || typeof v.start !== 'string') throw new Error('bad token');
    return { rv: v.rv, start: v.start };
  } catch {
    throw statusError('BadRequest', { message: 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)' });
  }
}

/**
 * Request bodies: bounded reading (3 MiB, as the apiserver's limit) and decoding of JSON, YAML and
 * Kubernetes protobuf into plain objects.
 */
import type { HttpRequest } from './exchange.ts';
import { parse as parseYaml } from 'yaml';
import { statusError } from '../../runtime/core/errors.ts';
import type { Extensions } from '../extensions.ts';

/** The largest request body accepted. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body; throws RequestEntityTooLarge beyond the limit. */
export function readBody(req: HttpRequest, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(statusError('RequestEntityTooLarge', { message: `the request body is too large: limit is ${limit} bytes` }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(statusError('RequestEntityTooLarge', { message: `the request body is too large: limit is ${limit} bytes` }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)); });
    req.on('error', (e) => { if (!failed) reject(e); });
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses a JSON body; malformed JSON is a 400 with the parser's message. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw statusError('BadRequest', { message: `the object provided is unrecognized or malformed JSON: ${(err as Error).message}` });
  }
}

/** Parses a YAML (or JSON, which is YAML) body. */
export function parseYamlBody(body: Buffer): unknown {
  try {
    return parseYaml(body.toString('utf8'));
  } catch (err) {
    throw statusError('BadRequest', { message: `error decoding YAML: ${(err as Error).message}` });
  }
}

/**
 * Decodes a full-object request body (POST, PUT) by its Content-Type: JSON, YAML or protobuf.
 * Anything else is 415.
 */
export function decodeObjectBody(body: Buffer, contentType: string | undefined, protobuf: Extensions['protobuf']): unknown {
  const type = mediaType(contentType);
  if (type === '' || type === 'application/json' || type === '*/*') return parseJson(body);
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') return parseYamlBody(body);
  if (type === 'application/vnd.kubernetes.protobuf') {
    try {
      return protobuf.decodeProtobufObject(body);
    } catch (err) {
      if ((err as { status?: unknown }).status) throw err;
      throw statusError('BadRequest', { message: `the object provided is unrecognized or malformed protobuf: ${(err as Error).message}` });
    }
  }
  throw statusError('UnsupportedMediaType', {
    message: `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
  });
}

/**
 * Protobuf request bodies (kubectl >= 1.32 sends them for built-in kinds through typed clients).
 * The server decodes them into the same JSON objects a JSON body would produce and answers in JSON.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { statusError } from '../../runtime/core/errors.ts';
import { hasProtobufMagic, readUnknownEnvelope } from './envelope.ts';
import { decodeMessage } from './message-decoder.ts';
import { protoKinds } from './descriptors.generated.ts';

export { hasProtobufMagic, readUnknownEnvelope, protobufMagic } from './envelope.ts';
export type { UnknownEnvelope } from './envelope.ts';
export { decodeMessage, formatGoDuration } from './message-decoder.ts';

/** The protobuf media type of the Kubernetes API. */
export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** True when a Content-Type header names the Kubernetes protobuf media type (parameters ignored). */
export function isProtobuf(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return contentType.split(';')[0].trim().toLowerCase() === protobufMediaType;
}

/**
 * Pre-GA versions with the same message layout as v1: `kubectl auth whoami` falls back to them when
 * the v1 endpoint is missing.
 */
const kindAliases: Record<string, string> = {
  'authentication.k8s.io/v1beta1/SelfSubjectReview': 'authentication.k8s.io/v1/SelfSubjectReview',
  'authentication.k8s.io/v1alpha1/SelfSubjectReview': 'authentication.k8s.io/v1/SelfSubjectReview',
};

function messageFor(apiVersion: string, kind: string): string | undefined {
  const key = `${apiVersion}/${kind}`;
  return protoKinds[kindAliases[key] ?? key];
}

/** True when objects of this apiVersion and kind can be decoded from protobuf. */
export function supportsProtobufKind(apiVersion: string, kind: string): boolean {
  return messageFor(apiVersion, kind) !== undefined;
}

/** The 415 the apiserver gives for a body it cannot decode in the declared media type. */
function unsupported(): never {
  throw statusError('UnsupportedMediaType', {
    message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
  });
}

/**
 * Decodes a `k8s\0` + runtime.Unknown protobuf body into a JSON object with apiVersion and kind.
 * Throws StatusError: 415 for kinds without a protobuf table or a compressed envelope, 400 for
 * malformed bytes.
 */
export function decodeProtobufObject(body: Buffer | Uint8Array): KubeObject {
  if (!hasProtobufMagic(body)) {
    throw statusError('BadRequest', { message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]' });
  }
  let decoded: unknown;
  let apiVersion: string;
  let kind: string;
  try {
    const env = readUnknownEnvelope(body);
    apiVersion = env.apiVersion;
    kind = env.kind;
    if (env.contentEncoding) unsupported();
    const message = messageFor(apiVersion, kind);
    if (!message) unsupported();
    decoded = decodeMessage(env.raw, message);
  } catch (err) {
    if (err instanceof Error && err.name === 'StatusError') throw err;
    throw statusError('BadRequest', { message: `unable to decode protobuf body: ${(err as Error).message}` });
  }
  const obj = decoded as Record<string, unknown>;
  const { metadata, ...rest } = obj;
  return { apiVersion, kind, metadata: (metadata ?? {}) as KubeObject['metadata'], ...rest };
}

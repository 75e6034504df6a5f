/** Writing responses: JSON bodies, Status errors, and the exact content types clients switch on. */
import type { OutgoingHttpHeaders } from 'node:http';
import { writeHead, type HttpResponse } from './exchange.ts';
import { StatusError, statusError, type Status } from '../../runtime/core/errors.ts';

/** Writes a JSON body (an object, or text already serialized). */
export function writeJson(res: HttpResponse, code: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  writeHead(res, code, { 'Content-Type': 'application/json', 'Content-Length': bytes.length, ...headers });
  res.end(bytes);
}

/** Writes plain text. */
export function writeText(res: HttpResponse, code: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  writeHead(res, code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Converts any thrown value to a Status; unexpected errors become InternalError. */
export function toStatus(err: unknown): Status {
  if (err instanceof StatusError) return err.status;
  const msg = err instanceof Error ? err.message : String(err);
  return statusError('InternalError', { message: `Internal error occurred: ${msg}` }).status;
}

/** Writes an error as a Kubernetes Status body with the matching HTTP code. */
export function writeError(res: HttpResponse, err: unknown): void {
  const status = toStatus(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeJson(res, status.code, status);
}

/** The Status a successful delete answers with. */
export function successStatus(details: Status['details']): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

/** The parsed request a resource handler works on, and its common query options. */
import type { HttpRequest, HttpResponse } from '../http/exchange.ts';
import { statusError } from '../../runtime/core/errors.ts';
import type { UserInfo } from '../extensions.ts';
import type { ResourceRequest } from '../http/request-info.ts';
import type { Negotiated } from '../http/negotiate.ts';
import type { FieldValidation } from '../objects/admission.ts';
import type { ResourceType } from '../resources/types.ts';

/** One request to a resource endpoint. */
export interface ApiRequest {
  req: HttpRequest;
  res: HttpResponse;
  info: ResourceRequest;
  rt: ResourceType;
  query: URLSearchParams;
  user: UserInfo;
  accept: Negotiated;
  /** Warnings to send as `Warning: 299 - "..."` headers. */
  warnings: string[];
}

/** `dryRun=All` → true; absent → false; anything else is rejected. */
export function parseDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (!values.length) return false;
  for (const v of values) {
    if (v !== 'All') {
      throw statusError('Invalid', { message: `Invalid value: ${JSON.stringify(values)}: supported values: "All"`, causes: [{ reason: 'FieldValueNotSupported', field: 'dryRun', message: `Unsupported value: "${v}": supported values: "All"` }] });
    }
  }
  return true;
}

/**
 * The write options of the query that admission webhooks see beside the field manager, as the
 * client sent them (an absent option stays absent, as in the CreateOptions Kubernetes decodes).
 */
export function sentWriteOptions(query: URLSearchParams): Record<string, unknown> {
  const fieldValidation = query.get('fieldValidation');
  return fieldValidation ? { fieldValidation } : {};
}

/** `fieldValidation` (default Ignore for a plain request; kubectl asks for Strict). */
export function parseFieldValidation(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Ignore';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw statusError('BadRequest', { message: `fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${v}"` });
}

/** The field manager: the query parameter, else the User-Agent's program name. */
export function fieldManagerOf(r: ApiRequest): string {
  const q = r.query.get('fieldManager');
  if (q) {
    if (q.length > 128) throw statusError('Invalid', { message: `fieldManager: Too long: must have at most 128 bytes`, causes: [{ reason: 'FieldValueTooLong', field: 'fieldManager', message: 'Too long: must have at most 128 bytes' }] });
    return q;
  }
  const ua = String(r.req.headers['user-agent'] ?? 'unknown');
  return ua.split('/')[0]!.slice(0, 128) || 'unknown';
}

/** Warning texts beyond this many characters in total are cut to TRUNCATE_ITEM each, as Kubernetes does. */
const TRUNCATE_TOTAL = 4 * 1024;
const TRUNCATE_ITEM = 256;

/**
 * One `Warning: 299 - "<text>"` header value: quotes and backslashes escaped, line breaks and
 * other control characters turned into spaces, and the UTF-8 bytes carried as they are (Node
 * writes header strings as Latin-1, one byte per character).
 */
export function warningHeaderValue(text: string): string {
  const quoted = `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ')}"`;
  return `299 - ${Buffer.from(quoted, 'utf8').toString('latin1')}`;
}

/**
 * Formats collected warnings as HTTP Warning headers: empty and repeated texts dropped, and when
 * the texts exceed 4096 characters together every one is cut to 256.
 */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  const texts = [...new Set(warnings.filter((w) => w.length > 0))];
  if (!texts.length) return {};
  const total = texts.reduce((n, t) => n + [...t].length, 0);
  const fitted = total <= TRUNCATE_TOTAL ? texts : texts.map((t) => [...t].slice(0, TRUNCATE_ITEM).join(''));
  return { Warning: fitted.map(warningHeaderValue) };
}

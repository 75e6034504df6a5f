/**
 * Splits a request path into what it addresses: a resource (group, version, namespace, plural,
 * name, subresource) or a non-resource path (discovery, version, health, OpenAPI).
 */

/** A request for a resource collection, object or subresource. */
export interface ResourceRequest {
  type: 'resource';
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** The legacy `/watch/` path prefix was used. */
  watchPrefix: boolean;
}

/** A discovery request: /api, /api/v1, /apis, /apis/<g>, /apis/<g>/<v>. */
export interface DiscoveryRequest {
  type: 'discovery';
  legacy: boolean;
  group?: string;
  version?: string;
}

/** Anything else: /version, /healthz, /openapi/..., unknown paths. */
export interface OtherRequest {
  type: 'other';
  path: string;
}

/** What a path addresses. */
export type RequestInfo = ResourceRequest | DiscoveryRequest | OtherRequest;

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parses a URL path (without query). Tolerates repeated slashes. */
export function parseRequestPath(rawPath: string): RequestInfo {
  const parts = rawPath.split('/').filter((p) => p !== '').map((p) => {
    if (!p.includes('%')) return p;
    try { return decodeURIComponent(p); } catch { return p; }
  });
  const path = '/' + parts.join('/');
  let rest: string[];
  let group = '';
  let version: string;
  if (parts[0] === 'api') {
    if (parts.length === 1) return { type: 'discovery', legacy: true };
    version = parts[1]!;
    if (parts.length === 2) return { type: 'discovery', legacy: true, group: '', version };
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { type: 'discovery', legacy: false };
    group = parts[1]!;
    if (parts.length === 2) return { type: 'discovery', legacy: false, group };
    version = parts[2]!;
    if (parts.length === 3) return { type: 'discovery', legacy: false, group, version };
    rest = parts.slice(3);
  } else {
    return { type: 'other', path };
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') { watchPrefix = true; rest = rest.slice(1); }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return { type: 'other', path };
  return { type: 'resource', group, version, namespace, resource: rest[0]!, name: rest[1], subresource: rest[2], watchPrefix };
}

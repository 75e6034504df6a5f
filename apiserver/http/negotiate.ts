/** Accept-header negotiation: JSON, Table, aggregated discovery, or nothing acceptable (406). */
import { statusError } from '../../runtime/core/errors.ts';

/** What the client asked for. */
export interface Negotiated {
  table: boolean;
  aggregatedDiscovery: boolean;
  /** Table options from the `as=Table` media type's parameters; kept for includeObject. */
}

/** The Content-Type of an aggregated discovery document. */
export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Parses Accept. Throws NotAcceptable when only unsupported media types are offered. */
export function negotiate(accept: string | undefined): Negotiated {
  if (!accept) return { table: false, aggregatedDiscovery: false };
  let json = false;
  for (const raw of accept.split(',')) {
    const [typePart, ...paramParts] = raw.trim().split(';');
    const type = typePart!.trim().toLowerCase();
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
    }
    if (type === 'application/json' || type === '*/*' || type === 'application/*') {
      if (params.as === 'Table' && params.g === 'meta.k8s.io') return { table: true, aggregatedDiscovery: false };
      if (params.as === 'APIGroupDiscoveryList' && params.g === 'apidiscovery.k8s.io' && params.v === 'v2') return { table: false, aggregatedDiscovery: true };
      if (!params.as) json = true;
    } else if (type === 'application/yaml' || type === 'application/vnd.kubernetes.protobuf') {
      // Offered alongside JSON by real clients; JSON is answered when also acceptable.
    }
  }
  if (!json) {
    throw statusError('NotAcceptable', { message: 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf' });
  }
  return { table: false, aggregatedDiscovery: false };
}

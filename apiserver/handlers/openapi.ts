/**
 * OpenAPI v3: the index of group versions (each URL pinned by the SHA-512 of its document, so
 * clients' disk caches notice changes) and the per-group-version documents.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { writeJson } from '../http/respond.ts';
import type { ApiContext } from '../objects/context.ts';
import type { ResourceType } from '../resources/types.ts';

interface CachedDoc {
  text: string;
  hash: string;
}

function builtinDefinitionName(rt: ResourceType): string | undefined {
  if (rt.custom) return undefined;
  if (rt.group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${rt.version}.${rt.kind}`;
  const short = rt.group ? rt.group.split('.')[0]! : 'core';
  return `io.k8s.api.${short}.${rt.version}.${rt.kind}`;
}

/** Serves /openapi/v3 and /openapi/v3/<gv path>. */
export class OpenApiHandler {
  private readonly ctx: ApiContext;
  private generation = -1;
  private docs = new Map<string, CachedDoc>();

  constructor(ctx: ApiContext) {
    this.ctx = ctx;
  }

  private document(gvPath: string): CachedDoc | undefined {
    if (this.generation !== this.ctx.catalog.generation) {
      this.docs.clear();
      this.generation = this.ctx.catalog.generation;
    }
    const hit = this.docs.get(gvPath);
    if (hit) return hit;
    const m = /^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(gvPath);
    if (!m) return undefined;
    const group = m[1] ? '' : m[2]!;
    const version = m[1] ?? m[3]!;
    const rts = this.ctx.catalog.groupVersion(group, version);
    if (!rts) return undefined;
    const doc = this.ctx.ext.openapi.openApiV3Document(group, version, rts.filter((r) => !r.virtual).map((rt) => ({
      desc: rt, schema: rt.schema, subresources: { status: rt.status, scale: !!rt.scale }, builtinDefinition: builtinDefinitionName(rt),
    })));
    const text = JSON.stringify(doc);
    const cached = { text, hash: createHash('sha512').update(text).digest('hex').toUpperCase() };
    this.docs.set(gvPath, cached);
    return cached;
  }

  /** GET /openapi/v3. */
  serveIndex(res: ServerResponse): void {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const g of this.ctx.catalog.groups()) {
      for (const v of g.versions) {
        const p = g.name ? `apis/${g.name}/${v}` : `api/${v}`;
        const doc = this.document(p);
        if (doc) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${doc.hash}` };
      }
    }
    writeJson(res, 200, { paths });
  }

  /** GET /openapi/v3/<gvPath>?hash=H: 301 to the current hash when stale. Returns false when unknown. */
  serveDocument(res: ServerResponse, gvPath: string, hash: string | null): boolean {
    const doc = this.document(gvPath);
    if (!doc) return false;
    if (hash && hash !== doc.hash) {
      res.writeHead(301, { Location: `/openapi/v3/${gvPath}?hash=${doc.hash}`, 'Content-Length': 0 });
      res.end();
      return true;
    }
    const headers: Record<string, string> = { ETag: `"${doc.hash}"`, Vary: 'Accept' };
    if (hash) { headers['Cache-Control'] = 'public, immutable'; headers.Expires = new Date(Date.now() + 365 * 86400_000).toUTCString(); }
    else headers['Cache-Control'] = 'no-cache, private';
    writeJson(res, 200, doc.text, headers);
    return true;
  }
}

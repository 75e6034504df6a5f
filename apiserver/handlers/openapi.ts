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

/** The media type client-go asks /openapi/v2 for (gnostic protobuf). */
const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/**
 * The OpenAPI v2 document: `swagger: "2.0"` with no definitions, as protobuf (field 1 of gnostic's
 * Document) or JSON. kubectl falls back to v2 for client-side validation when its v3 checks do not
 * find a kind (a CRD created after it read the v3 index and the CRD list); without any v2 it fails
 * with "error validating data: the server could not find the requested resource". With no
 * definitions it skips client-side checks, maps the kind afresh and sends `fieldValidation`, so
 * the server still validates.
 */
const OPENAPI_V2_PB = Buffer.from([0x0a, 0x03, ...Buffer.from('2.0')]);
const OPENAPI_V2_JSON = JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths: {}, definitions: {} });

/** Serves /openapi/v2 (see OPENAPI_V2_PB), /openapi/v3 and /openapi/v3/<gv path>. */
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

  /** GET /openapi/v2: protobuf when asked for, JSON otherwise. */
  serveV2(res: ServerResponse, accept: string | undefined): void {
    if ((accept ?? '').includes(OPENAPI_V2_PROTOBUF)) {
      res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTOBUF.replace('@', '.'), 'Content-Length': OPENAPI_V2_PB.length, Vary: 'Accept' });
      res.end(OPENAPI_V2_PB);
      return;
    }
    writeJson(res, 200, OPENAPI_V2_JSON, { Vary: 'Accept' });
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

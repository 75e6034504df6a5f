/**
 * OpenAPI v3, the primary form: the index of group versions (each URL pinned by the SHA-512 of its
 * document, so clients' disk caches notice changes) and the per-group-version documents. OpenAPI
 * v2: one document of everything served, in JSON or gnostic protobuf, for kubectl's v2 readers.
 * Both are rebuilt lazily when the catalog generation (CRDs) changes.
 */
import { createHash } from 'node:crypto';
import { writeHead, type HttpResponse } from '../http/exchange.ts';
import { writeJson } from '../http/respond.ts';
import type { ApiContext } from '../objects/context.ts';
import type { ResourceType } from '../resources/types.ts';
import type { ServedResource } from '../openapi/index.ts';

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

/** One representation of the v2 document with its strong ETag. */
interface Representation {
  body: Buffer;
  etag: string;
}

/** The v2 document of one catalog generation; the protobuf form is encoded on first request. */
interface CachedV2 {
  generation: number;
  json: Representation;
  doc: object;
  protobuf?: Representation;
}

function representation(body: Buffer | Uint8Array): Representation {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { body: buf, etag: `"${createHash('sha512').update(buf).digest('hex').toUpperCase()}"` };
}

function servedResource(rt: ResourceType): ServedResource {
  return { desc: rt, schema: rt.schema, subresources: { status: rt.status, scale: !!rt.scale, ephemeralContainers: rt.extraSubresources.includes('ephemeralcontainers') }, builtinDefinition: builtinDefinitionName(rt) };
}

/** Serves /openapi/v2, /openapi/v3 and /openapi/v3/<gv path>. */
export class OpenApiHandler {
  private readonly ctx: ApiContext;
  private generation = -1;
  private docs = new Map<string, CachedDoc>();
  private v2: CachedV2 | undefined;

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
    const doc = this.ctx.ext.openapi.openApiV3Document(group, version, rts.map((rt) => ({ ...servedResource(rt), createOnly: rt.virtual })));
    const text = JSON.stringify(doc);
    const cached = { text, hash: createHash('sha512').update(text).digest('hex').toUpperCase() };
    this.docs.set(gvPath, cached);
    return cached;
  }

  /** The v2 document of the current catalog generation (rebuilt when CRDs change). */
  private v2Document(): CachedV2 {
    const generation = this.ctx.catalog.generation;
    if (this.v2?.generation === generation) return this.v2;
    const resources: ServedResource[] = [];
    for (const g of this.ctx.catalog.groups()) {
      for (const v of g.versions) {
        for (const rt of this.ctx.catalog.groupVersion(g.name, v) ?? []) resources.push({ ...servedResource(rt), createOnly: rt.virtual });
      }
    }
    const [major = '1', minor = '32'] = this.ctx.kubeVersion.replace(/^v/, '').split('.');
    const doc = this.ctx.ext.openapi.openApiV2Document(resources, `v${major}.${minor}.0`);
    this.v2 = { generation, doc, json: representation(Buffer.from(JSON.stringify(doc))) };
    return this.v2;
  }

  /**
   * GET /openapi/v2: gnostic protobuf when asked for, JSON otherwise; each with a strong ETag
   * (SHA-512 of its bytes) and 304 for a matching If-None-Match, as kube-openapi answers.
   */
  serveV2(res: HttpResponse, accept: string | undefined): void {
    const cached = this.v2Document();
    const wantsProtobuf = (accept ?? '').includes(OPENAPI_V2_PROTOBUF);
    let rep = cached.json;
    let contentType = 'application/json';
    if (wantsProtobuf) {
      cached.protobuf ??= representation(this.ctx.ext.openapi.encodeOpenApiV2(cached.doc));
      rep = cached.protobuf;
      contentType = OPENAPI_V2_PROTOBUF.replace('@', '.');
    }
    const headers = { ETag: rep.etag, Vary: 'Accept', 'Cache-Control': 'no-cache, private' };
    const ifNoneMatch = res.req?.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === rep.etag)) {
      writeHead(res, 304, headers);
      res.end();
      return;
    }
    writeHead(res, 200, { ...headers, 'Content-Type': contentType, 'Content-Length': rep.body.length });
    res.end(rep.body);
  }

  /** GET /openapi/v3. */
  serveIndex(res: HttpResponse): void {
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
  serveDocument(res: HttpResponse, gvPath: string, hash: string | null): boolean {
    const doc = this.document(gvPath);
    if (!doc) return false;
    if (hash && hash !== doc.hash) {
      writeHead(res, 301, { Location: `/openapi/v3/${gvPath}?hash=${doc.hash}`, 'Content-Length': 0 });
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

/**
 * The HTTP entry point: authentication, path classification, content negotiation, and dispatch to
 * discovery, OpenAPI, version/health and resource handlers. Every failure is a Status body.
 */
import { statusError } from '../../runtime/core/errors.ts';
import type { TokenAuthenticator } from '../authn/tokens.ts';
import type { UserInfo } from '../extensions.ts';
import { discoveryDocument } from '../handlers/discovery.ts';
import type { OpenApiHandler } from '../handlers/openapi.ts';
import { handleResource } from '../handlers/resource.ts';
import { versionInfo } from '../handlers/version.ts';
import type { ApiContext } from '../objects/context.ts';
import type { HttpRequest, HttpResponse } from './exchange.ts';
import { negotiate } from './negotiate.ts';
import { parseRequestPath } from './request-info.ts';
import { writeError, writeJson, writeText } from './respond.ts';

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/readyz', '/livez']);

/** What the request handler needs beyond the shared context. */
export interface ServerParts {
  ctx: ApiContext;
  tokens: TokenAuthenticator;
  openapi: OpenApiHandler;
  serverAddress: () => string;
  /** The identity of requests without credentials (the plain-HTTP loopback listener); refused when absent. */
  anonymous?: UserInfo;
}

/** Handles one HTTP request. */
export async function handleHttp(parts: ServerParts, req: HttpRequest, res: HttpResponse): Promise<void> {
  const { ctx } = parts;
  try {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const info = parseRequestPath(rawPath);
    const user = parts.tokens.authenticate(req.headers.authorization) ?? (req.headers.authorization ? undefined : parts.anonymous);
    if (info.type === 'other') {
      const path = info.path;
      if (PUBLIC_PATHS.has(path) || path.startsWith('/healthz/') || path.startsWith('/readyz/') || path.startsWith('/livez/')) {
        if (path === '/version') writeJson(res, 200, versionInfo(ctx.kubeVersion));
        else writeText(res, 200, 'ok');
        return;
      }
    }
    if (!user) throw statusError('Unauthorized', { message: 'Unauthorized' });
    if (info.type === 'discovery') {
      const doc = discoveryDocument(ctx.catalog, info, negotiate(req.headers.accept), parts.serverAddress());
      writeJson(res, 200, doc.body, { 'Content-Type': doc.contentType, Vary: 'Accept' });
      return;
    }
    if (info.type === 'other') {
      if (info.path === '/openapi/v2') { parts.openapi.serveV2(res, req.headers.accept); return; }
      if (info.path === '/openapi/v3') { parts.openapi.serveIndex(res); return; }
      if (info.path.startsWith('/openapi/v3/') && parts.openapi.serveDocument(res, info.path.slice('/openapi/v3/'.length), query.get('hash'))) return;
      throw statusError('NotFound', { message: 'the server could not find the requested resource' });
    }
    const rt = ctx.catalog.lookup(info.group, info.version, info.resource);
    if (!rt) throw statusError('NotFound', { message: 'the server could not find the requested resource' });
    const accept = negotiate(req.headers.accept);
    await handleResource(ctx, { req, res, info, rt, query, user, accept, warnings: [] }, parts.tokens);
  } catch (err) {
    if (!req.complete) req.resume();
    writeError(res, err);
  }
}

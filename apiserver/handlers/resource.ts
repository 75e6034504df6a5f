/** Routes a resource request to its verb handler after checking the subresource and authorization. */
import { statusError } from '../../runtime/core/errors.ts';
import { requireAllowed } from '../authn/authorizer.ts';
import type { TokenAuthenticator } from '../authn/tokens.ts';
import type { ApiContext } from '../objects/context.ts';
import { handleDelete, handleDeleteCollection } from './delete.ts';
import { handlePatch } from './patch.ts';
import { handleGet, handleList } from './read.ts';
import { deprecationWarnings } from './deprecation.ts';
import { warningHeaders, type ApiRequest } from './request.ts';
import { handleReview, handleTokenRequest } from './reviews.ts';
import { handleScale } from './scale.ts';
import { handleWatch } from './watch.ts';
import { handleCreate, handleReplace } from './write.ts';

const notFoundPath = () => statusError('NotFound', { message: 'the server could not find the requested resource' });
const notAllowed = () => statusError('MethodNotAllowed', { message: 'the server does not allow this method on the requested resource' });

function verbOf(method: string, r: ApiRequest): string {
  const { info, query } = r;
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const watch = info.watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
      if (watch) return 'watch';
      return info.name ? 'get' : 'list';
    }
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return info.name ? 'delete' : 'deletecollection';
    default: throw notAllowed();
  }
}

function checkShape(r: ApiRequest, verb: string): void {
  const { rt, info } = r;
  if (!rt.namespaced && info.namespace !== undefined) throw notFoundPath();
  if (rt.virtual) {
    if (verb !== 'create' || info.name) throw notAllowed();
    return;
  }
  if (rt.namespaced && info.namespace === undefined && (info.name || verb === 'create' || verb === 'deletecollection')) throw notFoundPath();
  if ((verb === 'create' && info.name && info.subresource !== 'token') || (['update', 'patch'].includes(verb) && !info.name)) throw notAllowed();
  const sub = info.subresource;
  if (!sub) return;
  const ok = (sub === 'status' && rt.status) || (sub === 'scale' && !!rt.scale) || rt.extraSubresources.includes(sub);
  if (!ok) throw notFoundPath();
  if (sub === 'token' && verb !== 'create') throw notAllowed();
  if (sub === 'finalize' && verb !== 'update') throw notAllowed();
  if (['watch', 'list', 'delete', 'deletecollection'].includes(verb) || (verb === 'create' && sub !== 'token')) throw notAllowed();
}

/**
 * Serves one resource request. Warnings reach the client on every answer: handlers that collect
 * more send them all, other answers (reads, watches, errors) carry what is set on the response.
 */
export async function handleResource(ctx: ApiContext, r: ApiRequest, tokens: TokenAuthenticator): Promise<void> {
  try {
    await dispatch(ctx, r, tokens);
  } catch (err) {
    if (r.warnings.length && !r.res.headersSent) r.res.setHeader('Warning', warningHeaders(r.warnings).Warning!);
    throw err;
  }
}

async function dispatch(ctx: ApiContext, r: ApiRequest, tokens: TokenAuthenticator): Promise<void> {
  const verb = verbOf(r.req.method ?? 'GET', r);
  checkShape(r, verb);
  const { info, rt } = r;
  // Self-reviews are granted to every authenticated user (system:basic-user in Kubernetes).
  const selfReview = rt.virtual && rt.kind.startsWith('SelfSubject');
  if (!selfReview) requireAllowed(ctx, { user: r.user, verb, apiGroup: rt.group, resource: rt.plural, subresource: info.subresource, namespace: info.namespace, name: info.name });
  // Deprecation warnings come from the version's handler, which only authorized requests reach.
  r.warnings.push(...deprecationWarnings(rt, ctx.kubeVersion));
  if (r.warnings.length) r.res.setHeader('Warning', warningHeaders(r.warnings).Warning!);
  if (rt.virtual) return handleReview(ctx, r, tokens);
  if (info.subresource === 'token') return handleTokenRequest(ctx, r, tokens);
  if (info.subresource === 'scale') return handleScale(ctx, r, verb as 'get' | 'update' | 'patch');
  switch (verb) {
    case 'get': return handleGet(ctx, r);
    case 'list': return handleList(ctx, r);
    case 'watch': return handleWatch(ctx, r);
    case 'create': return handleCreate(ctx, r);
    case 'update': return handleReplace(ctx, r);
    case 'patch': return handlePatch(ctx, r);
    case 'delete': return handleDelete(ctx, r);
    case 'deletecollection': return handleDeleteCollection(ctx, r);
  }
}

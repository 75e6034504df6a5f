/**
 * The paths and operations of one resource in a group-version document, shaped like the
 * apiserver's: every operation carries `x-kubernetes-group-version-kind` (an object) and
 * `x-kubernetes-action`; PATCH declares `dryRun`, `fieldManager`, `fieldValidation` and `force`
 * (kubectl's fieldValidation capability probe reads exactly that).
 */
import type { ServedResource } from './index.ts';

const q = (name: string, description: string, type = 'string') => ({ name, in: 'query', description, schema: { type, uniqueItems: true } });
const dryRun = q('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const fieldManager = q('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const fieldValidation = q('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict');
const force = q('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const pretty = q('pretty', "If 'true', then the output is pretty printed.");
const listParams = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch']
  .map((n) => q(n, n, n === 'limit' || n === 'timeoutSeconds' ? 'integer' : n === 'watch' || n === 'allowWatchBookmarks' || n === 'sendInitialEvents' ? 'boolean' : 'string'));

function ref(name: string) {
  return { $ref: `#/components/schemas/${name}` };
}

function jsonBody(schemaName: string) {
  return { content: { 'application/json': { schema: ref(schemaName) }, 'application/yaml': { schema: ref(schemaName) } } };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The path entries of one resource (collection, item and subresources). */
export function resourcePaths(r: ServedResource, defName: string, listDefName: string, builtin: boolean): Record<string, unknown> {
  const { group, version, kind, plural, namespaced } = r.desc;
  const gvk = { group, version, kind };
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const collection = namespaced ? `${base}/namespaces/{namespace}/${plural}` : `${base}/${plural}`;
  const tag = group ? `${group.split('.')[0]}_${version}` : `core_${version}`;
  const opKind = `${namespaced ? 'Namespaced' : ''}${kind}`;
  const idSuffix = `${capitalize(tag.replace(/_(.)/g, (_m, c: string) => c.toUpperCase()))}${opKind}`;
  const op = (verb: string, action: string, extra: Record<string, unknown>) => ({
    tags: [tag], operationId: `${verb}${idSuffix}`, description: `${action} ${kind}`,
    responses: { 200: { description: 'OK', ...jsonBody(defName) }, 401: { description: 'Unauthorized' } },
    'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, ...extra,
  });
  const commonParams = [pretty, ...(namespaced ? [{ name: 'namespace', in: 'path', required: true, description: 'object name and auth scope, such as for teams and projects', schema: { type: 'string', uniqueItems: true } }] : [])];
  const nameParam = { name: 'name', in: 'path', required: true, description: `name of the ${kind}`, schema: { type: 'string', uniqueItems: true } };
  const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', ...(builtin ? ['application/strategic-merge-patch+json'] : [])];
  const patchOp = (suffix: string) => op(`patch${suffix}`, 'patch', {
    parameters: [dryRun, fieldManager, fieldValidation, force],
    requestBody: { content: Object.fromEntries(patchTypes.map((t) => [t, { schema: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Patch') }])), required: true },
  });
  const writeParams = [dryRun, fieldManager, fieldValidation];
  const create = op('create', 'post', { parameters: writeParams, requestBody: { ...jsonBody(defName), required: true } });
  // Access and token reviews are only ever created (never stored, listed or read back).
  if (r.createOnly) return { [collection]: { post: create, parameters: commonParams } };
  const item = (suffix: string) => ({
    get: op(`read${suffix}`, 'get', {}),
    put: op(`replace${suffix}`, 'put', { parameters: writeParams, requestBody: { ...jsonBody(defName), required: true } }),
    patch: patchOp(suffix),
    parameters: [nameParam, ...commonParams],
  });
  const paths: Record<string, unknown> = {
    [collection]: {
      get: { ...op('list', 'list', { parameters: listParams }), responses: { 200: { description: 'OK', ...jsonBody(listDefName) } } },
      post: create,
      delete: op('deletecollection', 'deletecollection', { parameters: listParams }),
      parameters: commonParams,
    },
    [`${collection}/{name}`]: {
      ...item(''),
      delete: op('delete', 'delete', { parameters: [dryRun, q('gracePeriodSeconds', 'grace period', 'integer'), q('propagationPolicy', 'propagation policy')] }),
    },
  };
  if (r.subresources?.status) paths[`${collection}/{name}/status`] = item('Status');
  if (r.subresources?.ephemeralContainers) paths[`${collection}/{name}/ephemeralcontainers`] = item('Ephemeralcontainers');
  if (r.subresources?.scale) {
    const scale = item('Scale') as unknown as Record<string, Record<string, unknown>>;
    for (const verb of ['get', 'put', 'patch']) {
      scale[verb] = { ...scale[verb], 'x-kubernetes-group-version-kind': { group: 'autoscaling', version: 'v1', kind: 'Scale' } };
    }
    paths[`${collection}/{name}/scale`] = scale;
  }
  if (namespaced) {
    paths[`${base}/${plural}`] = {
      get: { ...op('list', 'list', { parameters: listParams }), operationId: `list${idSuffix.replace('Namespaced', '')}ForAllNamespaces`, responses: { 200: { description: 'OK', ...jsonBody(listDefName) } } },
      parameters: [pretty],
    };
  }
  return paths;
}

/**
 * The paths of one resource in the OpenAPI v2 document, shaped like the apiserver's swagger: every
 * operation carries `x-kubernetes-action` and `x-kubernetes-group-version-kind`, and writes declare
 * `dryRun`, `fieldManager` and `fieldValidation` as query parameters (kubectl's v2 capability probe
 * looks for `fieldValidation` among the PATCH parameters of the kind's path).
 */
import type { ServedResource } from './index.ts';
import { definitionRef } from './v2-schemas.ts';

const q = (name: string, description: string, type = 'string') => ({ uniqueItems: true, type, description, name, in: 'query' });
const dryRun = q('dryRun', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed');
const fieldManager = q('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const fieldValidation = q('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict');
const force = q('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const pretty = q('pretty', "If 'true', then the output is pretty printed.");
const listParams = [
  q('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK".', 'boolean'),
  q('continue', 'The continue option should be set when retrieving more results from the server.'),
  q('fieldSelector', 'A selector to restrict the list of returned objects by their fields.'),
  q('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
  q('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
  q('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  q('resourceVersionMatch', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  q('sendInitialEvents', 'sendInitialEvents=true may be set together with watch=true.', 'boolean'),
  q('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  q('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.', 'boolean'),
];
const produces = ['application/json', 'application/yaml'];
const body = (definition: string, required = true) => ({ name: 'body', in: 'body', required, schema: definitionRef(definition) });
const ok = (definition: string) => ({ description: 'OK', schema: definitionRef(definition) });
const unauthorized = { description: 'Unauthorized' };
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

/** The definitions the operations of every resource refer to besides the kind's own. */
export const operationDefinitions = [STATUS, PATCH, DELETE_OPTIONS];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The path entries of one resource (collection, item, status, scale and ephemeral containers), in v2 form. */
export function resourcePathsV2(r: ServedResource, defName: string, listDefName: string, builtin: boolean): Record<string, unknown> {
  const { group, version, kind, plural, namespaced } = r.desc;
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const collection = namespaced ? `${base}/namespaces/{namespace}/${plural}` : `${base}/${plural}`;
  const tag = group ? `${group.split('.')[0]}_${version}` : `core_${version}`;
  const idSuffix = `${capitalize(tag.replace(/_(.)/g, (_m, c: string) => c.toUpperCase()))}${namespaced ? 'Namespaced' : ''}${kind}`;
  const op = (verb: string, action: string, response: string, extra: Record<string, unknown>, gvk = { group, version, kind }) => ({
    description: `${verb} ${kind}`, consumes: ['*/*'], produces, schemes: ['https'], tags: [tag], operationId: `${verb}${idSuffix}`,
    responses: { 200: ok(response), 401: unauthorized },
    'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, ...extra,
  });
  const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', ...(builtin ? ['application/strategic-merge-patch+json'] : [])];
  const item = (suffix: string, def: string, gvk?: { group: string; version: string; kind: string }) => ({
    get: op(`read${suffix}`, 'get', def, {}, gvk),
    put: op(`replace${suffix}`, 'put', def, { parameters: [body(def), dryRun, fieldManager, fieldValidation], responses: { 200: ok(def), 201: { description: 'Created', schema: definitionRef(def) }, 401: unauthorized } }, gvk),
    patch: op(`patch${suffix}`, 'patch', def, { consumes: patchTypes, parameters: [body(PATCH), dryRun, fieldManager, fieldValidation, force] }, gvk),
  });
  const namespaceParam = { uniqueItems: true, type: 'string', description: 'object name and auth scope, such as for teams and projects', name: 'namespace', in: 'path', required: true };
  const nameParam = { uniqueItems: true, type: 'string', description: `name of the ${kind}`, name: 'name', in: 'path', required: true };
  const scopeParams = namespaced ? [namespaceParam, pretty] : [pretty];
  const create = op('create', 'post', defName, { parameters: [body(defName), dryRun, fieldManager, fieldValidation], responses: { 200: ok(defName), 201: { description: 'Created', schema: definitionRef(defName) }, 202: { description: 'Accepted', schema: definitionRef(defName) }, 401: unauthorized } });
  if (r.createOnly) return { [collection]: { post: create, parameters: scopeParams } };
  const paths: Record<string, unknown> = {
    [collection]: {
      get: op('list', 'list', listDefName, { parameters: listParams }),
      post: create,
      delete: op('deletecollection', 'deletecollection', STATUS, { parameters: [body(DELETE_OPTIONS, false), ...listParams, dryRun] }),
      parameters: scopeParams,
    },
    [`${collection}/{name}`]: {
      ...item('', defName),
      delete: op('delete', 'delete', STATUS, { parameters: [body(DELETE_OPTIONS, false), dryRun, q('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'), q('propagationPolicy', 'Whether and how garbage collection will be performed.')] }),
      parameters: [nameParam, ...scopeParams],
    },
  };
  if (r.subresources?.status) paths[`${collection}/{name}/status`] = { ...item('Status', defName), parameters: [nameParam, ...scopeParams] };
  if (r.subresources?.ephemeralContainers) paths[`${collection}/{name}/ephemeralcontainers`] = { ...item('Ephemeralcontainers', defName), parameters: [nameParam, ...scopeParams] };
  if (r.subresources?.scale) {
    paths[`${collection}/{name}/scale`] = { ...item('Scale', SCALE, { group: 'autoscaling', version: 'v1', kind: 'Scale' }), parameters: [nameParam, ...scopeParams] };
  }
  if (namespaced) {
    paths[`${base}/${plural}`] = {
      get: { ...op('list', 'list', listDefName, { parameters: listParams }), operationId: `list${idSuffix.replace('Namespaced', '')}ForAllNamespaces` },
      parameters: [pretty],
    };
  }
  return paths;
}

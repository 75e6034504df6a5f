/**
 * A minimal OpenAPI v3 group-version document, used only while the OpenAPI module is absent: paths
 * whose PATCH declares fieldValidation (so kubectl leaves validation to the server) and the CR
 * schemas kubectl explain reads.
 */
import type { ResourceType } from '../resources/types.ts';

const PARAM = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });

function schemaName(rt: ResourceType): string {
  const rev = rt.group ? rt.group.split('.').reverse().join('.') : 'io.k8s.api.core';
  return `${rev}.${rt.version}.${rt.kind}`;
}

/** The document for the resources of one group version. */
export function fallbackOpenApiDocument(group: string, version: string, rts: ResourceType[]): object {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', description: 'ObjectMeta is metadata that all persisted resources must have.' },
  };
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  for (const rt of rts) {
    if (rt.virtual) continue;
    const gvk = { group, version, kind: rt.kind };
    const ref = { $ref: `#/components/schemas/${schemaName(rt)}` };
    const op = (action: string, extra: object = {}) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, responses: { '200': { content: { 'application/json': { schema: ref } } } }, ...extra });
    const coll = rt.namespaced ? `${base}/namespaces/{namespace}/${rt.plural}` : `${base}/${rt.plural}`;
    paths[coll] = { get: op('list'), post: op('post', { parameters: [PARAM('dryRun'), PARAM('fieldManager'), PARAM('fieldValidation')] }) };
    paths[`${coll}/{name}`] = {
      get: op('get'), put: op('put', { parameters: [PARAM('dryRun'), PARAM('fieldManager'), PARAM('fieldValidation')] }), delete: op('delete'),
      patch: op('patch', { parameters: [PARAM('dryRun'), PARAM('fieldManager'), PARAM('fieldValidation'), PARAM('force')] }),
    };
    const body = (rt.schema as Record<string, unknown> | undefined) ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const props = { ...((body.properties as Record<string, unknown>) ?? {}) };
    props.apiVersion = { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
    props.kind = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
    props.metadata = { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], description: 'Standard object metadata.' };
    schemas[schemaName(rt)] = { ...body, properties: props, 'x-kubernetes-group-version-kind': [gvk] };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths, components: { schemas } };
}

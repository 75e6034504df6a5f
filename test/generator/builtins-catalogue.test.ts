/** The built-in type catalogue in runtime/core/builtins, checked against facts of the Kubernetes API. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  builtinDefinition,
  builtinDefinitionNames,
  clientNodeTypeForDefinition,
  definitionForClientNodeType,
  definitionForKind,
  refName,
} from '../../runtime/core/builtins/index.ts';

test('client-node type names map to definition names and back', () => {
  const cases: Record<string, string> = {
    V1PodTemplateSpec: 'io.k8s.api.core.v1.PodTemplateSpec',
    V1ResourceRequirements: 'io.k8s.api.core.v1.ResourceRequirements',
    V1Toleration: 'io.k8s.api.core.v1.Toleration',
    V1Affinity: 'io.k8s.api.core.v1.Affinity',
    V1EnvVar: 'io.k8s.api.core.v1.EnvVar',
    V1Volume: 'io.k8s.api.core.v1.Volume',
    V1VolumeMount: 'io.k8s.api.core.v1.VolumeMount',
    V1ObjectReference: 'io.k8s.api.core.v1.ObjectReference',
    V1LocalObjectReference: 'io.k8s.api.core.v1.LocalObjectReference',
    V1SecretKeySelector: 'io.k8s.api.core.v1.SecretKeySelector',
    V1ObjectMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    V1LabelSelector: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
    V1JobTemplateSpec: 'io.k8s.api.batch.v1.JobTemplateSpec',
    CoreV1Event: 'io.k8s.api.core.v1.Event',
    EventsV1Event: 'io.k8s.api.events.v1.Event',
    V1CustomResourceDefinition: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  };
  for (const [client, def] of Object.entries(cases)) {
    assert.equal(definitionForClientNodeType(client), def, client);
    assert.equal(clientNodeTypeForDefinition(def), client, def);
  }
  assert.equal(definitionForClientNodeType('NoSuchType'), undefined);
});

test('kinds resolve to their definitions, including kinds newer than the extension source', () => {
  assert.equal(definitionForKind('apps/v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(definitionForKind('v1', 'ConfigMap'), 'io.k8s.api.core.v1.ConfigMap');
  assert.equal(definitionForKind('rbac.authorization.k8s.io/v1', 'ClusterRole'), 'io.k8s.api.rbac.v1.ClusterRole');
  assert.equal(definitionForKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition');
  assert.equal(definitionForKind('resource.k8s.io/v1', 'ResourceClaim'), 'io.k8s.api.resource.v1.ResourceClaim');
  assert.equal(definitionForKind('v1', 'NoSuchKind'), undefined);
  assert.deepEqual(builtinDefinition('io.k8s.api.apps.v1.Deployment')?.['x-kubernetes-group-version-kind'],
    [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
});

test('PodSpec carries required lists, formats, references and merge strategies', () => {
  const pod = builtinDefinition('io.k8s.api.core.v1.PodSpec')!;
  assert.equal(pod.type, 'object');
  assert.deepEqual(pod.required, ['containers']);
  const containers = pod.properties!.containers!;
  assert.equal(containers.type, 'array');
  assert.equal(refName(containers.items), 'io.k8s.api.core.v1.Container');
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.match(containers.description!, /containers belonging to the pod/);
  assert.deepEqual(pod.properties!.activeDeadlineSeconds, {
    type: 'integer', format: 'int64', description: pod.properties!.activeDeadlineSeconds!.description,
  });
  // Definition-typed properties keep a description next to the reference.
  assert.equal(refName(pod.properties!.affinity), 'io.k8s.api.core.v1.Affinity');
  assert.match(pod.properties!.affinity!.description!, /scheduling constraints/);
  // A field added after the extension source (release 1.32) is still present.
  assert.equal(refName(pod.properties!.resources), 'io.k8s.api.core.v1.ResourceRequirements');
});

test('value types are references to the apimachinery definitions', () => {
  const rr = builtinDefinition('io.k8s.api.core.v1.ResourceRequirements')!;
  assert.equal(refName(rr.properties!.limits!.additionalProperties as object), 'io.k8s.apimachinery.pkg.api.resource.Quantity');
  assert.equal(rr.properties!.claims!['x-kubernetes-list-type'], 'map');
  assert.deepEqual(rr.properties!.claims!['x-kubernetes-list-map-keys'], ['name']);
  const meta = builtinDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')!;
  assert.equal(refName(meta.properties!.creationTimestamp), 'io.k8s.apimachinery.pkg.apis.meta.v1.Time');
  assert.equal(builtinDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.Time')!.format, 'date-time');
  const port = builtinDefinition('io.k8s.api.core.v1.HTTPGetAction')!;
  assert.equal(refName(port.properties!.port), 'io.k8s.apimachinery.pkg.util.intstr.IntOrString');
  assert.equal(builtinDefinition('io.k8s.apimachinery.pkg.util.intstr.IntOrString')!['x-kubernetes-int-or-string'], true);
  const lease = builtinDefinition('io.k8s.api.coordination.v1.LeaseSpec')!;
  assert.equal(refName(lease.properties!.renewTime), 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime');
});

test('reference types are atomic maps and selectors keep their list semantics', () => {
  for (const def of ['LocalObjectReference', 'SecretKeySelector', 'ConfigMapKeySelector', 'ObjectFieldSelector']) {
    assert.equal(builtinDefinition(`io.k8s.api.core.v1.${def}`)!['x-kubernetes-map-type'], 'atomic', def);
  }
  const sel = builtinDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')!;
  assert.equal(sel['x-kubernetes-map-type'], 'atomic');
  const env = builtinDefinition('io.k8s.api.core.v1.Container')!.properties!.env!;
  assert.equal(env['x-kubernetes-patch-merge-key'], 'name');
  const tol = builtinDefinition('io.k8s.api.core.v1.Toleration')!;
  assert.equal(tol.properties!.tolerationSeconds!.format, 'int64');
  assert.equal(tol.properties!.key!.type, 'string');
});

test('every reference in every definition resolves inside the catalogue', () => {
  const names = builtinDefinitionNames();
  assert.ok(names.length > 800, `only ${names.length} definitions`);
  const known = new Set(names);
  const dangling = new Set<string>();
  const visit = (s: unknown): void => {
    if (!s || typeof s !== 'object') return;
    const ref = refName(s as object);
    if (ref && !known.has(ref)) dangling.add(ref);
    for (const v of Object.values(s)) visit(v);
  };
  for (const name of names) visit(builtinDefinition(name));
  assert.deepEqual([...dangling], []);
});

test('list and patch semantics come from the registry-package overlay alone', () => {
  const overlay = JSON.parse(readFileSync(new URL('../../runtime/core/builtins/overlay.json', import.meta.url), 'utf8'));
  assert.deepEqual(Object.keys(overlay.sources).sort(), ['clientNode', 'descriptions', 'extensions']);
  for (const source of Object.values(overlay.sources) as string[]) assert.match(source, /^(@[\w-]+\/)?[\w-]+@\d+\.\d+\.\d+$/);
  const c = builtinDefinition('io.k8s.api.core.v1.Container')!.properties!;
  assert.equal(c.ports!['x-kubernetes-list-type'], 'map');
  assert.deepEqual(c.ports!['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  assert.equal(c.ports!['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(c.ports!['x-kubernetes-patch-merge-key'], 'containerPort');
  const gates = builtinDefinition('io.k8s.api.core.v1.PodSpec')!.properties!.schedulingGates!;
  assert.deepEqual([gates['x-kubernetes-list-type'], gates['x-kubernetes-list-map-keys']], ['map', ['name']]);
  // Markers added after the overlay's OpenAPI document are absent (see builtins-known-differences.json).
  assert.equal(c.command!['x-kubernetes-list-type'], undefined);
  assert.equal(builtinDefinition('io.k8s.api.core.v1.ConfigMapEnvSource')!['x-kubernetes-map-type'], undefined);
});

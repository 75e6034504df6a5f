/**
 * The `pods/ephemeralcontainers` write as Kubernetes 1.32 shapes and judges it: only the ephemeral
 * containers change, existing ones stay as they are, new ones follow the ephemeral container
 * rules, static pods refuse it. The pods are created over HTTP on a real server and the candidate
 * and validation are exercised directly on what was stored, to reach cases kubectl never sends
 * (the routed subresource is covered in ephemeral-containers.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ephemeralContainersCandidate, validateEphemeralContainersUpdate } from '../../apiserver/objects/builtin-pod-ephemeral-containers.ts';
import { defaultPod } from '../../apiserver/objects/builtin-pod-defaults.ts';
import { toCauses } from '../../apiserver/validation/field-errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { raw } from './helpers.ts';
import { coreSuite } from './validation-core-helpers.ts';
import type { Cause, Obj } from './validation-helpers.ts';

const NS = 'status-ephemeral';
/** What `kubectl debug -it --image=busybox --target=main` adds. */
const debugger_ = (name = 'debugger-x1', extra: Obj = {}) => ({ name, image: 'busybox', stdin: true, tty: true, targetContainerName: 'main', ...extra });

describe('pods/ephemeralcontainers writes', () => {
  const suite = coreSuite(NS);
  const stored = async (name: string, metadata: Obj = {}, spec: Obj = {}): Promise<KubeObject> =>
    (await suite.created('pods', { metadata: { name, ...metadata }, spec: { containers: [{ name: 'main', image: 'nginx' }], ...spec } })) as KubeObject;
  /** The write's candidate after defaulting, as the pipeline would judge it. */
  const write = (live: KubeObject, ephemeralContainers: unknown, other: Obj = {}) => {
    const desired = structuredClone(live);
    desired.spec = { ...(desired.spec as Obj), ...other, ephemeralContainers };
    const candidate = ephemeralContainersCandidate(live, desired);
    defaultPod(candidate);
    return candidate;
  };
  const causes = (pod: KubeObject, old: KubeObject): Cause[] => toCauses(validateEphemeralContainersUpdate(pod, old)).map((c) => [c.reason ?? '', c.field ?? '', c.message ?? '']);

  it('adds a debugging container and nothing else', async () => {
    const live = await stored('web');
    const candidate = write(live, [debugger_()], { containers: [{ name: 'main', image: 'nginx:2' }], restartPolicy: 'Never' });
    assert.deepEqual(causes(candidate, live), []);
    const spec = candidate.spec as Obj;
    assert.equal(spec.containers[0].image, 'nginx', 'other spec fields stay as stored');
    assert.equal(spec.restartPolicy, 'Always');
    assert.equal(spec.ephemeralContainers[0].terminationMessagePolicy, 'File', 'the new container is defaulted');
    assert.equal(candidate.metadata.resourceVersion, live.metadata.resourceVersion);
    // A second debugging container beside the first, which stays as it was.
    assert.deepEqual(causes(write(candidate, [...spec.ephemeralContainers, debugger_('debugger-x2')]), candidate), []);
  });

  it('existing ephemeral containers may be neither removed nor changed', async () => {
    const live = await stored('kept');
    const withOne = write(live, [debugger_()]);
    const [first] = (withOne.spec as Obj).ephemeralContainers;
    const removed = causes(write(withOne, []), withOne);
    assert.deepEqual(removed, [['FieldValueForbidden', 'spec.ephemeralContainers', 'Forbidden: existing ephemeral containers "debugger-x1" may not be removed\n']]);
    const changed = causes(write(withOne, [{ ...first, image: 'alpine' }]), withOne);
    assert.equal(changed.length, 1);
    assert.equal(changed[0]![1], 'spec.ephemeralContainers');
    assert.match(changed[0]![2], /^Forbidden: existing ephemeral containers "debugger-x1" may not be changed\n/);
    assert.match(changed[0]![2], /busybox/);
    assert.match(changed[0]![2], /alpine/);
  });

  it('new ephemeral containers follow the ephemeral container rules', async () => {
    const live = await stored('rules');
    assert.deepEqual(causes(write(live, [debugger_('main', { targetContainerName: 'sidecar', ports: [{ containerPort: 80 }] })]), live), [
      ['FieldValueDuplicate', 'spec.ephemeralContainers[0].name', 'Duplicate value: "main"'],
      ['FieldValueNotFound', 'spec.ephemeralContainers[0].targetContainerName', 'Not found: "sidecar"'],
      ['FieldValueForbidden', 'spec.ephemeralContainers[0].ports', 'Forbidden: cannot be set for an Ephemeral Container'],
    ]);
  });

  it('static pods do not support ephemeral containers', async () => {
    const live = await stored('static', { annotations: { 'kubernetes.io/config.mirror': 'abc' } }, { nodeName: 'node-1' });
    const res = await raw(suite.api, 'GET', `${suite.path('pods')}/static`);
    assert.equal(res.json.metadata.annotations['kubernetes.io/config.mirror'], 'abc');
    // Only this error, whatever else the write gets wrong (Kubernetes roots it at the empty path).
    const refused = causes(write(live, [debugger_('main', { ports: [{ containerPort: 80 }] })]), live);
    assert.deepEqual(refused.map(([reason, , message]) => [reason, message]), [['FieldValueForbidden', 'Forbidden: static pods do not support ephemeral containers']]);
  });
});

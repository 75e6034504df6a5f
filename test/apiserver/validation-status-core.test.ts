/**
 * Pod and Namespace `/status` writes judged as Kubernetes 1.32 judges them: pod condition types,
 * the pod's and the host's IP lists (with the singular fields authoritative, as decoding makes
 * them), an unchanging QoS class, ephemeral containers that never restart, and a namespace phase
 * in step with its deletion. Real HTTP, and kubectl 1.32 for the text it prints.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';
import { coreSuite } from './validation-core-helpers.ts';
import { NAME_PART, type Obj } from './validation-helpers.ts';

const NS = 'status-core';
const IP_FORMAT = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const FAMILY = 'may specify no more than one IP for each IP family';

describe('Pod status writes', () => {
  const suite = coreSuite(NS);
  const pods = () => suite.path('pods');
  /** PUTs `status` onto the stored pod through `/status`. */
  const putStatus = async (name: string, status: Obj) => {
    const current = (await raw(suite.api, 'GET', `${pods()}/${name}`)).json;
    return raw(suite.api, 'PUT', `${pods()}/${name}/status`, { ...current, status: { ...current.status, ...status } });
  };
  const createPod = (name: string, spec: Obj = {}) =>
    suite.created('pods', { metadata: { name }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }], ...spec } });

  it('custom condition types are qualified names; the system types pass as they are', async () => {
    await createPod('conditions');
    await suite.refused(await putStatus('conditions', { conditions: [{ type: 'Ready', status: 'True' }, { type: 'bad type!', status: 'True' }, { type: 'example.com/', status: 'False' }] }), 'Pod', 'conditions', [
      ['FieldValueInvalid', 'metadata.conditions[1].Type', `Invalid value: "bad type!": ${NAME_PART}`],
      ['FieldValueInvalid', 'metadata.conditions[2].Type', 'Invalid value: "example.com/": name part must be non-empty'],
      ['FieldValueInvalid', 'metadata.conditions[2].Type', `Invalid value: "example.com/": ${NAME_PART}`],
    ]);
    const ok = await putStatus('conditions', { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'example.com/synced', status: 'True' }, { type: 'DisruptionTarget', status: 'False' }] });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json.status.conditions.map((c: Obj) => c.type), ['PodScheduled', 'example.com/synced', 'DisruptionTarget']);
  });

  it('pod IPs: valid, no repeats, one per family; podIP is authoritative over podIPs', async () => {
    await createPod('pod-ips');
    await suite.refused(await putStatus('pod-ips', { podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.1' }] }), 'Pod', 'pod-ips', [
      ['FieldValueInvalid', 'status.podIPs', `Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"10.0.0.1"}}: ${FAMILY}`],
      ['FieldValueDuplicate', 'status.podIPs[1]', 'Duplicate value: core.PodIP{IP:"10.0.0.1"}'],
    ]);
    await suite.refused(await putStatus('pod-ips', { podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }, { ip: '10.0.0.2' }] }), 'Pod', 'pod-ips', [
      ['FieldValueInvalid', 'status.podIPs', `Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"fd00::1"}, core.PodIP{IP:"10.0.0.2"}}: ${FAMILY}`],
    ]);
    await suite.refused(await putStatus('pod-ips', { podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::x' }] }), 'Pod', 'pod-ips', [
      ['FieldValueInvalid', 'status.podIPs[1]', `Invalid value: "fd00::x": ${IP_FORMAT}`],
      ['InternalError', 'status.podIPs', 'Internal error: failed to check for dual stack with error:invalid IP[1]: fd00::x'],
      ['FieldValueInvalid', 'status.podIPs', `Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"fd00::x"}}: ${FAMILY}`],
    ]);
    // podIP alone fills the list; a podIP that differs from podIPs[0] replaces it, so only podIP is judged.
    await suite.refused(await putStatus('pod-ips', { podIP: '10.0.0.300' }), 'Pod', 'pod-ips', [
      ['FieldValueInvalid', 'status.podIPs[0]', `Invalid value: "10.0.0.300": ${IP_FORMAT}`],
    ]);
    await suite.refused(await putStatus('pod-ips', { podIP: 'nope', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] }), 'Pod', 'pod-ips', [
      ['FieldValueInvalid', 'status.podIPs[0]', `Invalid value: "nope": ${IP_FORMAT}`],
    ]);
    const replaced = await putStatus('pod-ips', { podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.1' }] });
    assert.equal(replaced.status, 200, replaced.text);
    const ok = await putStatus('pod-ips', { podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json.status.podIPs, [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }]);
  });

  it('host IPs: the first is hostIP, valid, no repeats, one per family', async () => {
    await createPod('host-ips');
    await suite.refused(await putStatus('host-ips', { hostIPs: [{ ip: '192.168.1.4' }] }), 'Pod', 'host-ips', [
      ['FieldValueInvalid', 'status.hostIPs[0].ip', 'Invalid value: "192.168.1.4": must be equal to `hostIP`'],
    ]);
    await suite.refused(await putStatus('host-ips', { hostIP: '192.168.1.4', hostIPs: [{ ip: '192.168.1.4' }, { ip: '192.168.1.4' }] }), 'Pod', 'host-ips', [
      ['FieldValueDuplicate', 'status.hostIPs[1]', 'Duplicate value: core.HostIP{IP:"192.168.1.4"}'],
      ['FieldValueInvalid', 'status.hostIPs', `Invalid value: []core.HostIP{core.HostIP{IP:"192.168.1.4"}, core.HostIP{IP:"192.168.1.4"}}: ${FAMILY}`],
    ]);
    await suite.refused(await putStatus('host-ips', { hostIP: '192.168.1.400' }), 'Pod', 'host-ips', [
      ['FieldValueInvalid', 'status.hostIPs[0]', `Invalid value: "192.168.1.400": ${IP_FORMAT}`],
    ]);
    const ok = await putStatus('host-ips', { hostIP: '192.168.1.4', hostIPs: [{ ip: '192.168.1.4' }, { ip: 'fd00::4' }] });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await putStatus('host-ips', { hostIP: '192.168.1.5', hostIPs: [] })).status, 200, 'hostIP alone fills the list');
  });

  it('the QoS class never changes; a write that leaves it out keeps it', async () => {
    const pod = await createPod('qos');
    assert.equal(pod.status.qosClass, 'BestEffort');
    await suite.refused(await putStatus('qos', { qosClass: 'Guaranteed' }), 'Pod', 'qos', [
      ['FieldValueInvalid', 'status.qosClass', 'Invalid value: "Guaranteed": field is immutable'],
    ]);
    assert.equal((await putStatus('qos', { qosClass: 'BestEffort', phase: 'Running' })).status, 200);
    const current = (await raw(suite.api, 'GET', `${pods()}/qos`)).json;
    const omitted = await raw(suite.api, 'PUT', `${pods()}/qos/status`, { ...current, status: { phase: 'Running' } });
    assert.equal(omitted.status, 200, omitted.text);
  });

  it('ephemeral containers never come back from a termination, whatever the pod\'s policy', async () => {
    await createPod('debugged', { restartPolicy: 'Always' });
    const status = (state: Obj) => ({ name: 'debugger', image: 'busybox', imageID: '', ready: false, restartCount: 0, state });
    const done = await putStatus('debugged', { ephemeralContainerStatuses: [status({ terminated: { exitCode: 1, reason: 'Error' } })] });
    assert.equal(done.status, 200, done.text);
    await suite.refused(await putStatus('debugged', { ephemeralContainerStatuses: [status({ running: { startedAt: '2026-01-01T00:00:00Z' } })] }), 'Pod', 'debugged', [
      ['FieldValueForbidden', 'status.ephemeralContainerStatuses[0].state', 'Forbidden: may not be transitioned to non-terminated state'],
    ]);
    const main = { name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0 };
    assert.equal((await putStatus('debugged', { containerStatuses: [{ ...main, state: { terminated: { exitCode: 0 } } }] })).status, 200);
    const restarted = await putStatus('debugged', { containerStatuses: [{ ...main, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] });
    assert.equal(restarted.status, 200, 'regular containers of an Always pod may restart');
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32: patching a pod\'s status prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    await createPod('patched');
    const k = new Kubectl(kubectl!, suite.api.kubeconfigPath);
    const patch = JSON.stringify({ status: { hostIP: '10.1.0.1', hostIPs: [{ ip: '10.1.0.1' }, { ip: '10.1.0.2' }] } });
    const r = await k.run(['patch', 'pod', 'patched', '-n', NS, '--subresource=status', '--type=merge', '-p', patch]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^The Pod "patched" is invalid: status\.hostIPs: Invalid value: \[\]core\.HostIP\{core\.HostIP\{IP:"10\.1\.0\.1"\}, core\.HostIP\{IP:"10\.1\.0\.2"\}\}: may specify no more than one IP for each IP family$/m);
    const ok = JSON.stringify({ status: { hostIP: '10.1.0.1', hostIPs: [{ ip: '10.1.0.1' }, { ip: 'fd00::2' }] } });
    await k.ok(['patch', 'pod', 'patched', '-n', NS, '--subresource=status', '--type=merge', '-p', ok]);
  });
});

describe('Namespace status writes', () => {
  const suite = coreSuite(`${NS}-ns`);
  const putPhase = async (name: string, phase: string | undefined) => {
    const current = (await raw(suite.api, 'GET', `/api/v1/namespaces/${name}`)).json;
    // Unconditional: the namespace controller writes conditions of its own while it deletes.
    delete current.metadata.resourceVersion;
    return raw(suite.api, 'PUT', `/api/v1/namespaces/${name}/status`, { ...current, status: { ...current.status, phase } });
  };

  it('the phase is Active until the namespace is deleted, and Terminating after', async () => {
    assert.equal((await raw(suite.api, 'POST', '/api/v1/namespaces', { metadata: { name: 'phases', finalizers: ['example.com/hold'] } })).status, 201);
    await suite.refused(await putPhase('phases', 'Terminating'), 'Namespace', 'phases', [
      ['FieldValueInvalid', 'status.Phase', 'Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty'],
    ]);
    assert.equal((await putPhase('phases', 'Active')).status, 200);
    assert.equal((await putPhase('phases', undefined)).status, 200, 'an absent phase is Active after defaulting');
    assert.equal((await raw(suite.api, 'DELETE', '/api/v1/namespaces/phases')).status, 200);
    await suite.refused(await putPhase('phases', 'Active'), 'Namespace', 'phases', [
      ['FieldValueInvalid', 'status.Phase', 'Invalid value: "Active": may only be \'Terminating\' if `deletionTimestamp` is not empty'],
    ]);
    const ok = await putPhase('phases', 'Terminating');
    assert.equal(ok.status, 200, ok.text);
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32: a Terminating phase on a live namespace prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, suite.api.kubeconfigPath);
    await k.ok(['create', 'namespace', 'kubectl-phase']);
    const file = join(k.home, 'patch.json');
    writeFileSync(file, JSON.stringify({ status: { phase: 'Terminating' } }));
    const r = await k.run(['patch', 'namespace', 'kubectl-phase', '--subresource=status', '--type=merge', '--patch-file', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^The Namespace "kubectl-phase" is invalid: status\.Phase: Invalid value: "Terminating": may only be 'Active' if `deletionTimestamp` is empty$/m);
  });
});

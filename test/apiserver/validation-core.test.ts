/**
 * Core kinds refuse the content a Kubernetes 1.32 cluster refuses: ConfigMap and Secret keys, sizes
 * and Secret types, claims, Endpoints and Events (core/v1 and events.k8s.io/v1), each with
 * Kubernetes' field, reason and message (Services have their own file); the objects kubectl's
 * generators and our event recorder write are still accepted. Real HTTPS, real kubectl 1.32.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ApiClient } from '../../runtime/client/api-client.ts';
import { Events } from '../../runtime/client/builtins.ts';
import { EventRecorder } from '../../runtime/events/recorder.ts';
import { kubeConfigFrom } from '../support/api.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';
import { coreSuite, svc } from './validation-core-helpers.ts';
import { DNS_LABEL, NAME_PART, PORT_RANGE, SUBDOMAIN, type Cause, type Obj } from './validation-helpers.ts';

const NS = 'core-validation';

const CONFIG_KEY = `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('core kinds refuse the content Kubernetes refuses', () => {
  const suite = coreSuite(NS);
  const { path, created, refused, refusedCreate } = suite;

  it('ConfigMap: keys, a key in both data and binaryData, at most 1 MiB', async () => {
    await refusedCreate('configmaps', { metadata: { name: 'keys' }, data: { 'a b': '1', '..x': '2', k: 'v' }, binaryData: { k: b64('v'), 'c/d': b64('x') } }, 'ConfigMap', [
      ['FieldValueInvalid', 'data[..x]', `Invalid value: "..x": must not start with '..'`],
      ['FieldValueInvalid', 'data[a b]', `Invalid value: "a b": ${CONFIG_KEY}`],
      ['FieldValueInvalid', 'data[k]', 'Invalid value: "k": duplicate of key present in binaryData'],
      ['FieldValueInvalid', 'binaryData[c/d]', `Invalid value: "c/d": ${CONFIG_KEY}`],
    ]);
    await refusedCreate('configmaps', { metadata: { name: 'big' }, data: { a: 'x'.repeat(1024 * 1024), b: 'y' } }, 'ConfigMap', [
      ['FieldValueTooLong', '[]', 'Too long: may not be more than 1048576 bytes'],
    ]);
    await created('configmaps', { metadata: { name: 'full' }, data: { 'app.properties': 'x'.repeat(1024 * 1024 - 1) }, binaryData: { 'k.bin': b64('y') } });
  });

  it('Secret: keys, size, and the keys of its type', async () => {
    await refusedCreate('secrets', { metadata: { name: 'keys' }, stringData: { 'a/b': 'x' }, data: { big: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }, 'Secret', [
      ['FieldValueInvalid', 'data[a/b]', `Invalid value: "a/b": ${CONFIG_KEY}`],
      ['FieldValueTooLong', 'data', 'Too long: may not be more than 1048576 bytes'],
    ]);
    await refusedCreate('secrets', { metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }, 'Secret', [['FieldValueRequired', 'data[tls.key]', 'Required value']]);
    await refusedCreate('secrets', { metadata: { name: 'auth' }, type: 'kubernetes.io/basic-auth', data: {} }, 'Secret', [
      ['FieldValueRequired', 'data[username]', 'Required value'], ['FieldValueRequired', 'data[password]', 'Required value'],
    ]);
    await created('secrets', { metadata: { name: 'auth' }, type: 'kubernetes.io/basic-auth', stringData: { password: '' } });
    await refusedCreate('secrets', { metadata: { name: 'ssh' }, type: 'kubernetes.io/ssh-auth', stringData: { 'ssh-privatekey': '' } }, 'Secret', [['FieldValueRequired', 'data[ssh-privatekey]', 'Required value']]);
    await refusedCreate('secrets', { metadata: { name: 'sa' }, type: 'kubernetes.io/service-account-token' }, 'Secret', [
      ['FieldValueRequired', 'metadata.annotations[kubernetes.io/service-account.name]', 'Required value'],
    ]);
    await refusedCreate('secrets', { metadata: { name: 'cfg' }, type: 'kubernetes.io/dockercfg' }, 'Secret', [['FieldValueRequired', 'data[.dockercfg]', 'Required value']]);
    const docker = (name: string, text: string) => ({ metadata: { name }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': text } });
    const redacted = (why: string): Cause[] => [['FieldValueInvalid', 'data[.dockerconfigjson]', `Invalid value: "<secret contents redacted>": ${why}`]];
    await refusedCreate('secrets', docker('d1', '{"auths": {'), 'Secret', redacted('unexpected end of JSON input'));
    await refusedCreate('secrets', docker('d2', '{auths}'), 'Secret', redacted(`invalid character 'a' looking for beginning of object key string`));
    await refusedCreate('secrets', docker('d3', '["auths"]'), 'Secret', redacted('json: cannot unmarshal array into Go value of type map[string]interface {}'));
    await refusedCreate('secrets', docker('d4', '{"auths": {}} x'), 'Secret', redacted(`invalid character 'x' after top-level value`));
    await refusedCreate('secrets', docker('d5', '{"a": nul}'), 'Secret', redacted(`invalid character '}' in literal null (expecting 'l')`));
    await created('secrets', docker('d6', '{"auths":{"r.io":{"auth":"dTpw"}}}'));
  });

  it('PersistentVolumeClaim: access modes, a positive storage request, class name, volume mode, data sources', async () => {
    const claim = (name: string, spec: Obj) => ({ metadata: { name }, spec });
    await refusedCreate('persistentvolumeclaims', claim('empty', {}), 'PersistentVolumeClaim', [
      ['FieldValueRequired', 'spec.accessModes', 'Required value: at least 1 access mode is required'],
      ['FieldValueRequired', 'spec.resources[storage]', 'Required value'],
    ]);
    const storage = (q: string) => ({ requests: { storage: q } });
    await refusedCreate('persistentvolumeclaims', claim('modes', { accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'Shared'], selector: { matchExpressions: [{ key: 'tier', operator: 'Near' }] }, resources: storage('0Gi'), volumeMode: 'Raw', storageClassName: 'Fast_SSD' }), 'PersistentVolumeClaim', [
      ['FieldValueInvalid', 'spec.selector.matchExpressions[0].operator', 'Invalid value: "Near": not a valid selector operator'],
      ['FieldValueNotSupported', 'spec.accessModes', 'Unsupported value: "Shared": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
      ['FieldValueForbidden', 'spec.accessModes', 'Forbidden: may not use ReadWriteOncePod with other access modes'],
      ['FieldValueInvalid', 'spec.resources[storage]', 'Invalid value: "0": must be greater than zero'],
      ['FieldValueInvalid', 'spec.storageClassName', `Invalid value: "Fast_SSD": ${SUBDOMAIN}`],
      ['FieldValueNotSupported', 'spec.volumeMode', 'Unsupported value: "Raw": supported values: "Block", "Filesystem"'],
    ]);
    await refusedCreate('persistentvolumeclaims', claim('source', { accessModes: ['ReadWriteOnce'], resources: storage('1Gi'), dataSource: { kind: 'Secret', name: 's' }, dataSourceRef: { kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io' } }), 'PersistentVolumeClaim', [
      ['FieldValueInvalid', 'spec.dataSource', `Invalid value: "Secret": must be 'PersistentVolumeClaim' when referencing the default apiGroup`],
      ['FieldValueRequired', 'spec.dataSourceRef.name', 'Required value'],
      ['FieldValueInvalid', 'spec', 'Invalid value: spec.dataSource: must match dataSourceRef'],
    ]);
    await created('persistentvolumeclaims', claim('clone', { accessModes: ['ReadWriteOnce'], resources: storage('1Gi'), dataSource: { kind: 'PersistentVolumeClaim', name: 'src' } }));
  });

  it('Endpoints: addresses required and usable, ports in range with known protocols and names when several', async () => {
    await refusedCreate('endpoints', { metadata: { name: 'ep' }, subsets: [{ ports: [{ port: 80 }] }, { addresses: [{ ip: '127.0.0.1' }, { ip: 'nope', hostname: 'Web' }], notReadyAddresses: [{ ip: '0.0.0.0' }], ports: [{ port: 0, protocol: 'HTTP' }, { name: 'b', port: 81 }] }] }, 'Endpoints', [
      ['FieldValueRequired', 'subsets[0]', 'Required value: must specify `addresses` or `notReadyAddresses`'],
      ['FieldValueInvalid', 'subsets[1].addresses[0].ip', 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
      ['FieldValueInvalid', 'subsets[1].addresses[1].ip', 'Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
      ['FieldValueInvalid', 'subsets[1].addresses[1].hostname', `Invalid value: "Web": ${DNS_LABEL}`],
      ['FieldValueInvalid', 'subsets[1].addresses[1].ip', 'Invalid value: "nope": must be a valid IP address'],
      ['FieldValueInvalid', 'subsets[1].notReadyAddresses[0].ip', 'Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'],
      ['FieldValueRequired', 'subsets[1].ports[0].name', 'Required value'],
      ['FieldValueInvalid', 'subsets[1].ports[0].port', `Invalid value: 0: ${PORT_RANGE}`],
      ['FieldValueNotSupported', 'subsets[1].ports[0].protocol', 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ]);
    await created('endpoints', { metadata: { name: 'ep' }, subsets: [{ addresses: [{ ip: '10.1.2.3', hostname: 'web-0' }, { ip: 'fd00::1' }], ports: [{ port: 80 }] }] });
  });

  it('core/v1 Events: the involved object\'s namespace, and new-style events name their reporter', async () => {
    const event = (name: string, extra: Obj) => ({ metadata: { name }, involvedObject: { kind: 'Pod', name: 'p', namespace: NS }, reason: 'Started', message: 'm', type: 'Normal', ...extra });
    await refusedCreate('events', event('elsewhere', { involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }), 'Event', [
      ['FieldValueInvalid', 'involvedObject.namespace', 'Invalid value: "other": does not match event.namespace'],
    ]);
    await refusedCreate('events', event('node', { involvedObject: { kind: 'Node', name: 'n1' } }), 'Event', [
      ['FieldValueInvalid', 'involvedObject.namespace', 'Invalid value: "": does not match event.namespace'],
    ]);
    const nodeEvent = await raw(suite.api, 'POST', '/api/v1/namespaces/default/events', event('node', { involvedObject: { kind: 'Node', name: 'n1' } }));
    assert.equal(nodeEvent.status, 201, nodeEvent.text);
    await refusedCreate('events', event('modern', { eventTime: '2024-05-01T10:00:00.000000Z', message: 'x'.repeat(1025) }), 'Event', [
      ['FieldValueRequired', 'reportingController', 'Required value'],
      ['FieldValueInvalid', 'reportingController', 'Invalid value: "": name part must be non-empty'],
      ['FieldValueInvalid', 'reportingController', `Invalid value: "": ${NAME_PART}`],
      ['FieldValueRequired', 'reportingInstance', 'Required value'],
      ['FieldValueRequired', 'action', 'Required value'],
      ['FieldValueInvalid', 'message', 'Invalid value: "": can have at most 1024 characters'],
    ]);
    await created('events', event('modern', { eventTime: '2024-05-01T10:00:00.000000Z', reportingComponent: 'example.com/ctl', reportingInstance: 'ctl-0', action: 'Start' }));
  });

  it('events.k8s.io/v1 Events: strict on create, only the series changes afterwards', async () => {
    const group = 'events.k8s.io/v1';
    // Kubernetes validates both APIs' events as its internal core Event, so the 422 names that kind (and no group).
    const loose = await refusedCreate('events', { metadata: { name: 'loose' }, regarding: { kind: 'Pod', name: 'p', namespace: NS }, reason: 'Started', type: 'Info', deprecatedCount: 3, series: { count: 1 } }, 'Event', [
      ['FieldValueInvalid', 'series.count', 'Invalid value: "": should be at least 2'],
      ['FieldValueRequired', 'series.lastObservedTime', 'Required value'],
      ['FieldValueRequired', 'eventTime', 'Required value'],
      ['FieldValueInvalid', 'type', 'Invalid value: "": has invalid value: Info'],
      ['FieldValueInvalid', 'count', 'Invalid value: "": needs to be unset'],
    ], group);
    assert.deepEqual([loose.details.group, loose.details.kind, loose.details.name], [undefined, 'Event', 'loose']);
    const good = { metadata: { name: 'good' }, eventTime: '2024-05-01T10:00:00.000000Z', regarding: { kind: 'Pod', name: 'p', namespace: NS }, reason: 'Started', note: 'started', type: 'Normal', action: 'Start', reportingController: 'example.com/ctl', reportingInstance: 'ctl-0' };
    const ev = await created('events', good, group);
    const p = `${path('events', group)}/good`;
    const series = await raw(suite.api, 'PUT', p, { ...ev, series: { count: 2, lastObservedTime: '2024-05-01T10:01:00.000000Z' } });
    assert.equal(series.status, 200, series.text);
    await refused(await raw(suite.api, 'PUT', p, { ...series.json, note: 'changed', series: { count: 1, lastObservedTime: '2024-05-01T10:02:00.000000Z' } }), 'Event', 'good', [
      ['FieldValueInvalid', 'series.count', 'Invalid value: "": should be at least 2'],
      ['FieldValueInvalid', 'message', 'Invalid value: "changed": field is immutable'],
    ]);
    await refused(await raw(suite.api, 'PUT', p, { ...series.json, eventTime: '2024-05-01T11:00:00.5Z' }), 'Event', 'good', [
      ['FieldValueInvalid', 'eventTime', 'Invalid value: 2024-05-01 11:00:00.5 +0000 UTC: field is immutable'],
    ]);
  });

  it('the event recorder\'s events are accepted, for namespaced and cluster-scoped objects', async () => {
    const client = new ApiClient(kubeConfigFrom(suite.api.kubeconfig));
    try {
      const recorder = new EventRecorder({ client, component: 'core-validation-test', host: 'node-1' });
      recorder.event({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, uid: 'u1' } }, 'Normal', 'Seen', 'cluster-scoped');
      recorder.event({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: NS, uid: 'u2' } }, 'Warning', 'Seen', 'namespaced');
      recorder.event({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: NS, uid: 'u2' } }, 'Warning', 'Seen', 'namespaced');
      await recorder.flush();
      assert.deepEqual([recorder.stats.created, recorder.stats.aggregated, recorder.stats.failed], [2, 1, 0]);
      const inDefault = await client.list(Events, { namespace: 'default', fieldSelector: 'reason=Seen' });
      assert.equal((inDefault.items[0] as Obj | undefined)?.involvedObject?.name, NS);
    } finally {
      client.transport.close();
    }
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32: generator output is accepted and an out-of-range port prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, suite.api.kubeconfigPath);
    await k.ok(['create', 'service', 'clusterip', 'gen-ip', '--tcp=80:8080', '--tcp=443:8443', '-n', NS]);
    await k.ok(['create', 'service', 'nodeport', 'gen-np', '--tcp=80:8080', '-n', NS]);
    await k.ok(['create', 'service', 'loadbalancer', 'gen-lb', '--tcp=80:8080', '-n', NS]);
    await k.ok(['create', 'service', 'externalname', 'gen-ext', '--external-name=db.example.com', '-n', NS]);
    await k.ok(['create', 'service', 'clusterip', 'gen-headless', '--clusterip=None', '-n', NS]);
    await k.ok(['create', 'configmap', 'gen-cm', '--from-literal=key.name=v', '-n', NS]);
    await k.ok(['create', 'secret', 'generic', 'gen-secret', '--from-literal=password=p', '-n', NS]);
    await k.ok(['create', 'secret', 'docker-registry', 'gen-pull', '--docker-server=r.io', '--docker-username=u', '--docker-password=p', '-n', NS]);
    await k.ok(['expose', 'service', 'gen-ip', '--name=gen-exposed', '--port=8080', '--target-port=http', '-n', NS]);
    const file = join(k.home, 'svc.json');
    writeFileSync(file, JSON.stringify({ ...svc('applied', { selector: { app: 'a' }, ports: [{ name: 'web', port: 70000, targetPort: 8080 }] }), metadata: { name: 'applied', namespace: NS } }));
    const r = await k.run(['apply', '-f', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^The Service "applied" is invalid: spec\.ports\[0\]\.port: Invalid value: 70000: must be between 1 and 65535, inclusive$/m);
  });
});

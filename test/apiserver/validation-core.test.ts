/**
 * Core kinds refuse the content a Kubernetes 1.32 cluster refuses: Services (ports, names, target
 * ports, protocols, types, affinity, ExternalName, selectors, traffic policies, source ranges),
 * ConfigMap and Secret keys, sizes and Secret types, claims, Endpoints and Events (core/v1 and
 * events.k8s.io/v1), each with Kubernetes' field, reason and message; the objects kubectl's
 * generators and our event recorder write are still accepted. Real HTTPS, real kubectl 1.32.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { ApiClient } from '../../runtime/client/api-client.ts';
import { Events } from '../../runtime/client/builtins.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { toCauses } from '../../apiserver/validation/field-errors.ts';
import { validateService } from '../../apiserver/validation/builtin/core-service.ts';
import { EventRecorder } from '../../runtime/events/recorder.ts';
import { kubeConfigFrom } from '../support/api.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const NS = 'core-validation';
type Obj = Record<string, any>;
type Cause = [reason: string, field: string, message: string];

const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const DNS_LABEL = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
const DNS_SUBDOMAIN = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const CONFIG_KEY = `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`;
const QUALIFIED_NAME_PART = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const svc = (name: string, spec: Obj, metadata: Obj = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...metadata }, spec });

describe('core kinds refuse the content Kubernetes refuses', () => {
  let api: RunningApiServer;
  const path = (plural: string, group = '') => (group ? `/apis/${group}/namespaces/${NS}/${plural}` : `/api/v1/namespaces/${NS}/${plural}`);
  const created = async (plural: string, body: Obj, group = ''): Promise<Obj> => {
    const res = await raw(api, 'POST', path(plural, group), body);
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  /** The write is refused with exactly these causes, and the message Kubernetes builds from them (each text once). */
  const refused = async (res: { status: number; text: string; json: Obj }, kind: string, name: string, causes: Cause[]): Promise<Obj> => {
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.json.details.causes.map((c: Obj) => [c.reason, c.field, c.message]), causes);
    const texts = [...new Set(causes.map(([, f, m]) => `${f}: ${m}`))];
    assert.equal(res.json.message, `${kind} "${name}" is invalid: ${texts.length > 1 ? `[${texts.join(', ')}]` : texts[0]}`);
    return res.json;
  };
  const refusedCreate = async (plural: string, body: Obj, kind: string, causes: Cause[], group = '') =>
    refused(await raw(api, 'POST', path(plural, group), body), kind, body.metadata.name, causes);

  before(async () => {
    api = await startApiServer();
    assert.equal((await raw(api, 'POST', '/api/v1/namespaces', { metadata: { name: NS } })).status, 201);
  });
  after(async () => { await api?.stop(); });

  it('Service ports: required, in range, named when several, unique, with known protocols and valid target ports', async () => {
    await refusedCreate('services', svc('bare', { selector: { app: 'x' } }), 'Service', [['FieldValueRequired', 'spec.ports', 'Required value']]);
    await created('services', svc('headless', { clusterIP: 'None', selector: { app: 'x' } }));
    await refusedCreate('services', svc('high', { ports: [{ port: 70000 }] }), 'Service', [
      ['FieldValueInvalid', 'spec.ports[0].port', `Invalid value: 70000: ${PORT_RANGE}`],
      ['FieldValueInvalid', 'spec.ports[0].targetPort', `Invalid value: 70000: ${PORT_RANGE}`],
    ]);
    await refusedCreate('services', svc('unnamed', { ports: [{ port: 80 }, { name: 'Web', port: 81 }, { name: 'Web', port: 82 }] }), 'Service', [
      ['FieldValueRequired', 'spec.ports[0].name', 'Required value'],
      ['FieldValueInvalid', 'spec.ports[1].name', `Invalid value: "Web": ${DNS_LABEL}`],
      ['FieldValueInvalid', 'spec.ports[2].name', `Invalid value: "Web": ${DNS_LABEL}`],
      ['FieldValueDuplicate', 'spec.ports[2].name', 'Duplicate value: "Web"'],
    ]);
    await refusedCreate('services', svc('proto', { ports: [{ port: 80, protocol: 'HTTP', targetPort: 'http_port' }] }), 'Service', [
      ['FieldValueNotSupported', 'spec.ports[0].protocol', 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
      ['FieldValueInvalid', 'spec.ports[0].targetPort', 'Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ]);
    await refusedCreate('services', svc('numeric', { ports: [{ port: 80, targetPort: '8080', appProtocol: 'k8s.io/' }] }), 'Service', [
      ['FieldValueInvalid', 'spec.ports[0].targetPort', 'Invalid value: "8080": must contain at least one letter (a-z)'],
      ['FieldValueInvalid', 'spec.ports[0].appProtocol', 'Invalid value: "k8s.io/": name part must be non-empty'],
      ['FieldValueInvalid', 'spec.ports[0].appProtocol', `Invalid value: "k8s.io/": ${QUALIFIED_NAME_PART}`],
    ]);
    await refusedCreate('services', svc('twice', { ports: [{ name: 'a', port: 53 }, { name: 'b', port: 53, targetPort: 5353 }] }), 'Service', [
      ['FieldValueDuplicate', 'spec.ports[1]', 'Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:53, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'],
    ]);
    const dns = await created('services', svc('dns', { selector: { app: 'dns' }, ports: [{ name: 'tcp', port: 53 }, { name: 'udp', port: 53, protocol: 'UDP', targetPort: 'dns' }] }));
    assert.deepEqual(dns.spec.ports.map((p: Obj) => p.targetPort), [53, 'dns']);
  });

  it('Service type, session affinity, ExternalName, selector, cluster and external IPs', async () => {
    const port = [{ port: 80 }];
    await refusedCreate('services', svc('kind', { type: 'Ingress', ports: port }), 'Service', [
      ['FieldValueNotSupported', 'spec.type', 'Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ]);
    await refusedCreate('services', svc('sticky', { sessionAffinity: 'Sticky', ports: port }), 'Service', [
      ['FieldValueNotSupported', 'spec.sessionAffinity', 'Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    ]);
    await refusedCreate('services', svc('long', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 100000 } }, ports: port }), 'Service', [
      ['FieldValueInvalid', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'Invalid value: 100000: must be greater than 0 and less than 86400'],
    ]);
    // Decoding drops the configuration of an affinity that is None, so there is nothing left to refuse.
    const noAffinity = await created('services', svc('noaff', { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } }, ports: port }));
    assert.equal((noAffinity.spec as Obj).sessionAffinityConfig, undefined);
    await refusedCreate('services', svc('ext', { type: 'ExternalName' }), 'Service', [['FieldValueRequired', 'spec.externalName', 'Required value']]);
    await refusedCreate('services', svc('ext', { type: 'ExternalName', externalName: 'DB_Host.example.com' }), 'Service', [
      ['FieldValueInvalid', 'spec.externalName', `Invalid value: "DB_Host.example.com": ${DNS_SUBDOMAIN}`],
    ]);
    await refusedCreate('services', svc('ext', { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.200.1' }), 'Service', [
      ['FieldValueForbidden', 'spec.clusterIPs', 'Forbidden: may not be set for ExternalName services'],
    ]);
    await created('services', svc('ext', { type: 'ExternalName', externalName: 'db.example.com.' }));
    await refusedCreate('services', svc('sel', { selector: { 'app/x/y': 'a b' }, ports: port }), 'Service', [
      ['FieldValueInvalid', 'spec.selector', `Invalid value: "app/x/y": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
      ['FieldValueInvalid', 'spec.selector', `Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`],
    ]);
    await refusedCreate('services', svc('headnp', { type: 'NodePort', clusterIP: 'None', selector: { app: 'x' }, ports: port }), 'Service', [
      ['FieldValueInvalid', 'spec.clusterIPs[0]', `Invalid value: "None": may not be set to 'None' for NodePort services`],
    ]);
    await refusedCreate('services', svc('badip', { clusterIP: '10.96.300.1', ports: port }), 'Service', [
      ['FieldValueInvalid', 'spec.clusterIPs[0]', 'Invalid value: "10.96.300.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ]);
    await refusedCreate('services', svc('extip', { externalIPs: ['127.0.0.1', 'host', '169.254.1.1'], ports: port }), 'Service', [
      ['FieldValueInvalid', 'spec.externalIPs[0]', 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
      ['FieldValueInvalid', 'spec.externalIPs[1]', 'Invalid value: "host": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
      ['FieldValueInvalid', 'spec.externalIPs[2]', 'Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
    ]);
  });

  it('Service fields that belong to other types, traffic policies and source ranges', async () => {
    const port = [{ port: 80 }];
    await refusedCreate('services', svc('etp', { externalTrafficPolicy: 'Local', ports: port }), 'Service', [
      ['FieldValueInvalid', 'spec.externalTrafficPolicy', 'Invalid value: "Local": may only be set for externally-accessible services'],
    ]);
    await refusedCreate('services', svc('etp', { type: 'NodePort', externalTrafficPolicy: 'Nearest', internalTrafficPolicy: 'Node', ports: port }), 'Service', [
      ['FieldValueNotSupported', 'spec.externalTrafficPolicy', 'Unsupported value: "Nearest": supported values: "Cluster", "Local"'],
      ['FieldValueNotSupported', 'spec.internalTrafficPolicy', 'Unsupported value: "Node": supported values: "Cluster", "Local"'],
    ]);
    await refusedCreate('services', svc('np', { ports: [{ port: 80, nodePort: 30999 }], allocateLoadBalancerNodePorts: false, loadBalancerClass: 'x.io/lb', loadBalancerSourceRanges: ['10.0.0.0/8'] }), 'Service', [
      ['FieldValueForbidden', 'spec.ports[0].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"],
      ['FieldValueForbidden', 'spec.LoadBalancerSourceRanges', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
      ['FieldValueForbidden', 'spec.allocateLoadBalancerNodePorts', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
      ['FieldValueForbidden', 'spec.loadBalancerClass', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
    ]);
    await refusedCreate('services', svc('lb', { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/33', ' 192.168.0.0/16 '], trafficDistribution: 'Nearby', ports: port }), 'Service', [
      ['FieldValueInvalid', 'spec.LoadBalancerSourceRanges[0]', 'Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
      ['FieldValueNotSupported', 'spec.trafficDistribution', 'Unsupported value: "Nearby": supported values: "PreferClose"'],
    ]);
    await created('services', svc('lb-direct', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: false, selector: { app: 'x' }, ports: port }));
    const lb = await created('services', svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerClass: 'example.com/lb', selector: { app: 'x' }, ports: port }));
    const lbPath = `${path('services')}/lb`;
    await refused(await raw(api, 'PUT', lbPath, { ...lb, spec: { ...lb.spec, loadBalancerClass: 'example.com/other' } }), 'Service', 'lb', [
      ['FieldValueInvalid', 'spec.loadBalancerClass', 'Invalid value: "example.com/other": may not change once set'],
    ]);
    await refused(await raw(api, 'PUT', lbPath, { ...lb, spec: { ...lb.spec, healthCheckNodePort: lb.spec.healthCheckNodePort + 1 } }), 'Service', 'lb', [
      ['FieldValueForbidden', 'spec.healthCheckNodePort', 'Forbidden: field is immutable'],
    ]);
  });

  it('Service updates: the new object is validated; what a type change clears does not block later writes', async () => {
    const np = await created('services', svc('switch', { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] }));
    const p = `${path('services')}/switch`;
    await refused(await raw(api, 'PUT', p, { ...np, spec: { ...np.spec, ports: [{ ...np.spec.ports[0], port: 0 }] } }), 'Service', 'switch', [
      ['FieldValueInvalid', 'spec.ports[0].port', `Invalid value: 0: ${PORT_RANGE}`],
    ]);
    const cluster = await raw(api, 'PUT', p, { ...np, spec: { ...np.spec, type: 'ClusterIP' } });
    assert.equal(cluster.status, 200, cluster.text);
    const relabelled = await raw(api, 'PUT', p, { ...cluster.json, metadata: { ...cluster.json.metadata, labels: { a: 'b' } } });
    assert.equal(relabelled.status, 200, relabelled.text);
    const grown = structuredClone(relabelled.json);
    grown.spec.ports.push({ name: 'b', port: 81, nodePort: 31999 });
    grown.spec.ports[0].name = 'a';
    await refused(await raw(api, 'PUT', p, grown), 'Service', 'switch', [
      ['FieldValueForbidden', 'spec.ports[1].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"],
    ]);
    const external = await raw(api, 'PUT', p, { ...relabelled.json, spec: { ...relabelled.json.spec, type: 'ExternalName', externalName: 'db.example.com' } });
    assert.equal(external.status, 200, external.text);
    const lb = await created('services', svc('lb-switch', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { app: 'x' }, ports: [{ port: 80 }] }));
    const toCluster = await raw(api, 'PUT', `${path('services')}/lb-switch`, { ...lb, spec: { ...lb.spec, type: 'ClusterIP' } });
    assert.equal(toCluster.status, 200, toCluster.text);
  });

  it('Service updates: a misplaced class is reported by the update check and by ValidateService; ClusterIP node ports once per protocol', async () => {
    const plain = await created('services', svc('classless', { selector: { app: 'x' }, ports: [{ port: 80 }] }));
    const p = `${path('services')}/classless`;
    // ValidateServiceUpdate checks the class, then ValidateService checks it again: two causes, one message.
    await refused(await raw(api, 'PUT', p, { ...plain, spec: { ...plain.spec, loadBalancerClass: 'x.io/lb' } }), 'Service', 'classless', [
      ['FieldValueForbidden', 'spec.loadBalancerClass', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
      ['FieldValueForbidden', 'spec.loadBalancerClass', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
    ]);
    // On create only ValidateService runs.
    await refusedCreate('services', svc('classy', { loadBalancerClass: 'x.io/lb', ports: [{ port: 80 }] }), 'Service', [
      ['FieldValueForbidden', 'spec.loadBalancerClass', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
    ]);
    const twice = [{ name: 'a', port: 80, nodePort: 30100 }, { name: 'b', port: 81, nodePort: 30100 }, { name: 'c', port: 82, protocol: 'UDP', nodePort: 30100 }];
    await refusedCreate('services', svc('np-twice', { ports: twice }), 'Service', [
      ['FieldValueForbidden', 'spec.ports[0].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"],
      ['FieldValueForbidden', 'spec.ports[1].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"],
      ['FieldValueForbidden', 'spec.ports[2].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"],
      ['FieldValueDuplicate', 'spec.ports[1].nodePort', 'Duplicate value: 30100'],
    ]);
    // An ExternalName service whose update names only a clusterIP gets clusterIPs from it, which it may not have.
    const ext = await created('services', svc('ext-ip', { type: 'ExternalName', externalName: 'db.example.com' }));
    await refused(await raw(api, 'PUT', `${path('services')}/ext-ip`, { ...ext, spec: { ...ext.spec, clusterIP: '10.96.201.1' } }), 'Service', 'ext-ip', [
      ['FieldValueForbidden', 'spec.clusterIPs', 'Forbidden: may not be set for ExternalName services'],
    ]);
    await refusedCreate('services', svc('ext-fam', { type: 'ExternalName', externalName: 'db.example.com', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }), 'Service', [
      ['FieldValueForbidden', 'spec.ipFamilies', 'Forbidden: may not be set for ExternalName services'],
      ['FieldValueForbidden', 'spec.ipFamilyPolicy', 'Forbidden: may not be set for ExternalName services'],
    ]);
  });

  it('Service type-dependent fields are judged on every write, not only when they differ from the stored object', () => {
    /** What validateService answers for spec, updating a stored object with oldSpec (the same spec unless given). */
    const judged = (spec: Obj, oldSpec: Obj = spec) => toCauses(validateService(svc('s', spec) as KubeObject, svc('s', oldSpec) as KubeObject)).map((c) => [c.reason, c.field, c.message]);
    const base = { sessionAffinity: 'None', ports: [{ name: 'a', port: 80, protocol: 'TCP', targetPort: 80 }] };
    const cluster = { ...base, type: 'ClusterIP', clusterIP: '10.96.0.8', clusterIPs: ['10.96.0.8'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' };
    // A ClusterIP service carrying every field of the other types, stored exactly so: each is still refused.
    const leftovers = {
      ...cluster, ports: [{ ...base.ports[0], nodePort: 30200 }], loadBalancerSourceRanges: ['10.0.0.0/8'], allocateLoadBalancerNodePorts: true,
      loadBalancerClass: 'x.io/lb', externalTrafficPolicy: 'Local', healthCheckNodePort: 30201,
    };
    assert.deepEqual(judged(leftovers), [
      ['FieldValueForbidden', 'spec.loadBalancerClass', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
      ['FieldValueForbidden', 'spec.ports[0].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"],
      ['FieldValueForbidden', 'spec.LoadBalancerSourceRanges', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
      ['FieldValueForbidden', 'spec.allocateLoadBalancerNodePorts', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
      ['FieldValueForbidden', 'spec.loadBalancerClass', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
      ['FieldValueInvalid', 'spec.externalTrafficPolicy', 'Invalid value: "Local": may only be set for externally-accessible services'],
      ['FieldValueInvalid', 'spec.healthCheckNodePort', "Invalid value: 30201: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"],
    ]);
    const external = { ...base, type: 'ExternalName', externalName: 'db.example.com', clusterIPs: ['10.96.0.8'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' };
    assert.deepEqual(judged(external), [
      ['FieldValueForbidden', 'spec.clusterIPs', 'Forbidden: may not be set for ExternalName services'],
      ['FieldValueForbidden', 'spec.ipFamilies', 'Forbidden: may not be set for ExternalName services'],
      ['FieldValueForbidden', 'spec.ipFamilyPolicy', 'Forbidden: may not be set for ExternalName services'],
    ]);
    // clusterIPs is what ValidateService reads: the server fills it from a lone clusterIP before validation.
    assert.deepEqual(judged({ ...base, type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.8' }), []);
  });

  it('Service: a health check port and an external traffic policy are required where they apply', () => {
    const judged = (spec: Obj, old?: Obj) => toCauses(validateService(svc('s', spec) as KubeObject, old && (svc('s', old) as KubeObject))).map((c) => [c.reason, c.field, c.message]);
    const base = { sessionAffinity: 'None', clusterIP: '10.96.0.8', clusterIPs: ['10.96.0.8'], internalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30300 }] };
    const local = { ...base, type: 'LoadBalancer', allocateLoadBalancerNodePorts: true, externalTrafficPolicy: 'Local' };
    assert.deepEqual(judged(local), [['FieldValueRequired', 'spec.healthCheckNodePort', 'Required value']]);
    assert.deepEqual(judged({ ...local, healthCheckNodePort: -1 }), [['FieldValueInvalid', 'spec.healthCheckNodePort', 'Invalid value: -1: must be between 1 and 65535, inclusive']]);
    assert.deepEqual(judged({ ...local, healthCheckNodePort: 30301 }), []);
    // Immutable while the load balancer keeps needing it; checked before ValidateService's own rules.
    assert.deepEqual(judged({ ...local, healthCheckNodePort: 30302, externalIPs: ['host'] }, { ...local, healthCheckNodePort: 30301 }), [
      ['FieldValueForbidden', 'spec.healthCheckNodePort', 'Forbidden: field is immutable'],
      ['FieldValueInvalid', 'spec.externalIPs[0]', 'Invalid value: "host": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ]);
    assert.deepEqual(judged({ ...base, type: 'NodePort' }), [['FieldValueRequired', 'spec.externalTrafficPolicy', 'Required value']]);
    const { ports, ...portless } = base;
    assert.deepEqual(judged({ ...portless, ports: ports.map(({ nodePort, ...p }) => p), type: 'ClusterIP', externalIPs: ['192.0.2.1'] }), [
      ['FieldValueRequired', 'spec.externalTrafficPolicy', 'Required value'],
    ]);
  });

  it('Service: cluster IPs are judged as written, the server having kept clusterIP and clusterIPs in step', () => {
    const spec = { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', clusterIP: '10.96.0.9', clusterIPs: ['10.96.0.8'], ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] };
    const old = { ...spec, clusterIP: '10.96.0.8' };
    assert.deepEqual(toCauses(validateService(svc('s', spec) as KubeObject, svc('s', old) as KubeObject)).map((c) => [c.reason, c.field, c.message]), [
      ['FieldValueInvalid', 'spec.clusterIPs', 'Invalid value: []string{"10.96.0.8"}: first value must match `clusterIP`'],
    ]);
  });

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
      ['FieldValueInvalid', 'spec.storageClassName', `Invalid value: "Fast_SSD": ${DNS_SUBDOMAIN}`],
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
    const nodeEvent = await raw(api, 'POST', '/api/v1/namespaces/default/events', event('node', { involvedObject: { kind: 'Node', name: 'n1' } }));
    assert.equal(nodeEvent.status, 201, nodeEvent.text);
    await refusedCreate('events', event('modern', { eventTime: '2024-05-01T10:00:00.000000Z', message: 'x'.repeat(1025) }), 'Event', [
      ['FieldValueRequired', 'reportingController', 'Required value'],
      ['FieldValueInvalid', 'reportingController', 'Invalid value: "": name part must be non-empty'],
      ['FieldValueInvalid', 'reportingController', `Invalid value: "": ${QUALIFIED_NAME_PART}`],
      ['FieldValueRequired', 'reportingInstance', 'Required value'],
      ['FieldValueRequired', 'action', 'Required value'],
      ['FieldValueInvalid', 'message', 'Invalid value: "": can have at most 1024 characters'],
    ]);
    await created('events', event('modern', { eventTime: '2024-05-01T10:00:00.000000Z', reportingComponent: 'example.com/ctl', reportingInstance: 'ctl-0', action: 'Start' }));
  });

  it('events.k8s.io/v1 Events: strict on create, only the series changes afterwards', async () => {
    const group = 'events.k8s.io/v1';
    // Kubernetes validates both APIs' events as its internal core Event, so the 422 names that kind.
    const loose = await refusedCreate('events', { metadata: { name: 'loose' }, regarding: { kind: 'Pod', name: 'p', namespace: NS }, reason: 'Started', type: 'Info', deprecatedCount: 3, series: { count: 1 } }, 'Event', [
      ['FieldValueInvalid', 'series.count', 'Invalid value: "": should be at least 2'],
      ['FieldValueRequired', 'series.lastObservedTime', 'Required value'],
      ['FieldValueRequired', 'eventTime', 'Required value'],
      ['FieldValueInvalid', 'type', 'Invalid value: "": has invalid value: Info'],
      ['FieldValueInvalid', 'count', 'Invalid value: "": needs to be unset'],
    ], group);
    assert.deepEqual([loose.details.group, loose.details.kind, loose.details.name], ['', 'Event', 'loose']);
    const good = { metadata: { name: 'good' }, eventTime: '2024-05-01T10:00:00.000000Z', regarding: { kind: 'Pod', name: 'p', namespace: NS }, reason: 'Started', note: 'started', type: 'Normal', action: 'Start', reportingController: 'example.com/ctl', reportingInstance: 'ctl-0' };
    const ev = await created('events', good, group);
    const p = `${path('events', group)}/good`;
    const series = await raw(api, 'PUT', p, { ...ev, series: { count: 2, lastObservedTime: '2024-05-01T10:01:00.000000Z' } });
    assert.equal(series.status, 200, series.text);
    await refused(await raw(api, 'PUT', p, { ...series.json, note: 'changed', series: { count: 1, lastObservedTime: '2024-05-01T10:02:00.000000Z' } }), 'Event', 'good', [
      ['FieldValueInvalid', 'series.count', 'Invalid value: "": should be at least 2'],
      ['FieldValueInvalid', 'message', 'Invalid value: "changed": field is immutable'],
    ]);
    await refused(await raw(api, 'PUT', p, { ...series.json, eventTime: '2024-05-01T11:00:00.5Z' }), 'Event', 'good', [
      ['FieldValueInvalid', 'eventTime', 'Invalid value: 2024-05-01 11:00:00.5 +0000 UTC: field is immutable'],
    ]);
  });

  it('the event recorder\'s events are accepted, for namespaced and cluster-scoped objects', async () => {
    const client = new ApiClient(kubeConfigFrom(api.kubeconfig));
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
    const k = new Kubectl(kubectl!, api.kubeconfigPath);
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

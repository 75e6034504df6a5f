/**
 * Services refuse the content a Kubernetes 1.32 cluster refuses: ports (names, target ports,
 * protocols), types, affinity, ExternalName, selectors, cluster and external IPs, traffic policies,
 * source ranges and the fields of other types, on create and on every update, each with
 * Kubernetes' field, reason and message. Real HTTPS.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { toCauses } from '../../apiserver/validation/field-errors.ts';
import { validateService } from '../../apiserver/validation/builtin/core-service.ts';
import { raw } from './helpers.ts';
import { coreSuite, svc } from './validation-core-helpers.ts';
import { DNS_LABEL, NAME_PART, PORT_RANGE, SUBDOMAIN, type Cause, type Obj } from './validation-helpers.ts';

const NS = 'service-validation';

describe('Services refuse the content Kubernetes refuses', () => {
  const suite = coreSuite(NS);
  const { path, created, refused, refusedCreate } = suite;

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
      ['FieldValueInvalid', 'spec.ports[0].appProtocol', `Invalid value: "k8s.io/": ${NAME_PART}`],
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
      ['FieldValueInvalid', 'spec.externalName', `Invalid value: "DB_Host.example.com": ${SUBDOMAIN}`],
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
    await refused(await raw(suite.api, 'PUT', lbPath, { ...lb, spec: { ...lb.spec, loadBalancerClass: 'example.com/other' } }), 'Service', 'lb', [
      ['FieldValueInvalid', 'spec.loadBalancerClass', 'Invalid value: "example.com/other": may not change once set'],
    ]);
    await refused(await raw(suite.api, 'PUT', lbPath, { ...lb, spec: { ...lb.spec, healthCheckNodePort: lb.spec.healthCheckNodePort + 1 } }), 'Service', 'lb', [
      ['FieldValueForbidden', 'spec.healthCheckNodePort', 'Forbidden: field is immutable'],
    ]);
  });

  it('Service updates: the new object is validated; what a type change clears does not block later writes', async () => {
    const np = await created('services', svc('switch', { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] }));
    const p = `${path('services')}/switch`;
    await refused(await raw(suite.api, 'PUT', p, { ...np, spec: { ...np.spec, ports: [{ ...np.spec.ports[0], port: 0 }] } }), 'Service', 'switch', [
      ['FieldValueInvalid', 'spec.ports[0].port', `Invalid value: 0: ${PORT_RANGE}`],
    ]);
    const cluster = await raw(suite.api, 'PUT', p, { ...np, spec: { ...np.spec, type: 'ClusterIP' } });
    assert.equal(cluster.status, 200, cluster.text);
    const relabelled = await raw(suite.api, 'PUT', p, { ...cluster.json, metadata: { ...cluster.json.metadata, labels: { a: 'b' } } });
    assert.equal(relabelled.status, 200, relabelled.text);
    const grown = structuredClone(relabelled.json);
    grown.spec.ports.push({ name: 'b', port: 81, nodePort: 31999 });
    grown.spec.ports[0].name = 'a';
    await refused(await raw(suite.api, 'PUT', p, grown), 'Service', 'switch', [
      ['FieldValueForbidden', 'spec.ports[1].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"],
    ]);
    const external = await raw(suite.api, 'PUT', p, { ...relabelled.json, spec: { ...relabelled.json.spec, type: 'ExternalName', externalName: 'db.example.com' } });
    assert.equal(external.status, 200, external.text);
    const lb = await created('services', svc('lb-switch', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { app: 'x' }, ports: [{ port: 80 }] }));
    const toCluster = await raw(suite.api, 'PUT', `${path('services')}/lb-switch`, { ...lb, spec: { ...lb.spec, type: 'ClusterIP' } });
    assert.equal(toCluster.status, 200, toCluster.text);
  });

  it('Service updates: a misplaced class is reported by the update check and by ValidateService; ClusterIP node ports once per protocol', async () => {
    const plain = await created('services', svc('classless', { selector: { app: 'x' }, ports: [{ port: 80 }] }));
    const p = `${path('services')}/classless`;
    // ValidateServiceUpdate checks the class, then ValidateService checks it again: two causes, one message.
    await refused(await raw(suite.api, 'PUT', p, { ...plain, spec: { ...plain.spec, loadBalancerClass: 'x.io/lb' } }), 'Service', 'classless', [
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
    await refused(await raw(suite.api, 'PUT', `${path('services')}/ext-ip`, { ...ext, spec: { ...ext.spec, clusterIP: '10.96.201.1' } }), 'Service', 'ext-ip', [
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
});

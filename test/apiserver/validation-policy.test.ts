/**
 * Networking, RBAC, coordination, policy, quota and limit kinds refuse what a Kubernetes 1.32
 * cluster refuses, with its field paths, cause reasons and messages, and accept what it accepts,
 * including the objects kubectl's `create` generators write. Everything goes through the real
 * server over HTTPS; kubectl cases run the pinned kubectl 1.32.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

type Obj = Record<string, any>;
type Cause = [reason: string, field: string, message: string];

const NS = 'policy';
const RBAC = `/apis/rbac.authorization.k8s.io/v1`;
const NET = `/apis/networking.k8s.io/v1/namespaces/${NS}`;
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
/** Go's `%#v` of a resource.Quantity held as an int64 mantissa and scale. */
const quantity = (value: number, scale: number, text: string, format = 'DecimalSI') =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(text)}, Format:${JSON.stringify(format)}}`;
const svc = (name: string, port: Obj) => ({ service: { name, port } });

describe('networking, RBAC and policy kinds refuse what Kubernetes refuses', () => {
  let api: RunningApiServer;

  const accepted = async (path: string, body: Obj): Promise<Obj> => {
    const res = await raw(api, 'POST', path, body);
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  /** The create is refused with 422 Invalid and exactly these causes, in this order. */
  const refused = async (path: string, body: Obj, causes: Cause[]): Promise<Obj> => {
    const res = await raw(api, 'POST', path, body);
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.reason, 'Invalid');
    assert.deepEqual(res.json.details.causes.map((c: Obj) => [c.reason, c.field, c.message]), causes);
    return res.json;
  };

  before(async () => {
    api = await startApiServer();
    await accepted('/api/v1/namespaces', { metadata: { name: NS } });
  });
  after(async () => { await api?.stop(); });

  it('Role and ClusterRole rules need verbs, groups and resources; non-resource URLs only cluster-wide and alone', async () => {
    const status = await refused(`${RBAC}/namespaces/${NS}/roles`, {
      metadata: { name: 'bad' },
      rules: [{}, { verbs: ['get'], nonResourceURLs: ['/healthz'] }, { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }],
    }, [
      ['FieldValueRequired', 'rules[0].verbs', 'Required value: verbs must contain at least one value'],
      ['FieldValueRequired', 'rules[0].apiGroups', 'Required value: resource rules must supply at least one api group'],
      ['FieldValueRequired', 'rules[0].resources', 'Required value: resource rules must supply at least one resource'],
      ['FieldValueInvalid', 'rules[1].nonResourceURLs', 'Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs'],
    ]);
    assert.match(status.message, /^Role\.rbac\.authorization\.k8s\.io "bad" is invalid: \[rules\[0\]\.verbs: Required value: verbs must contain at least one value, /);
    await refused(`${RBAC}/clusterroles`, {
      metadata: { name: 'mixed' },
      rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'], resources: ['pods'] }],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'yes please' } }] },
    }, [
      ['FieldValueInvalid', 'rules[0].nonResourceURLs', 'Invalid value: []string{"/metrics"}: rules cannot apply to both regular resources and non-resource URLs'],
      ['FieldValueInvalid', 'aggregationRule.clusterRoleSelectors[0].matchLabels', `Invalid value: "yes please": ${LABEL_VALUE}`],
    ]);
    await refused(`${RBAC}/clusterroles`, { metadata: { name: 'empty-aggregation' }, aggregationRule: {} }, [
      ['FieldValueRequired', 'aggregationRule.clusterRoleSelectors', 'Required value: at least one clusterRoleSelector required if aggregationRule is non-nil'],
    ]);
    await accepted(`${RBAC}/clusterroles`, { metadata: { name: 'health' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez'] }] });
    await accepted(`${RBAC}/namespaces/${NS}/roles`, { metadata: { name: 'reader' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] });
    // Updates are checked the same way.
    const got = await raw(api, 'GET', `${RBAC}/namespaces/${NS}/roles/reader`);
    got.json.rules[0].verbs = [];
    const res = await raw(api, 'PUT', `${RBAC}/namespaces/${NS}/roles/reader`, got.json);
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.message, 'Role.rbac.authorization.k8s.io "reader" is invalid: rules[0].verbs: Required value: verbs must contain at least one value');
  });

  it('bindings reference a role they may bind and name well-formed subjects; omitted API groups are defaulted', async () => {
    await refused(`${RBAC}/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'bad' },
      roleRef: { apiGroup: 'apps', kind: 'Deployment', name: 'a/b' },
      subjects: [
        { kind: 'Bot', name: 'x' },
        { kind: 'ServiceAccount', name: 'Bad_SA', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'User', name: '', apiGroup: 'example.com' },
      ],
    }, [
      ['FieldValueNotSupported', 'roleRef.apiGroup', 'Unsupported value: "apps": supported values: "rbac.authorization.k8s.io"'],
      ['FieldValueNotSupported', 'roleRef.kind', 'Unsupported value: "Deployment": supported values: "Role", "ClusterRole"'],
      ['FieldValueInvalid', 'roleRef.name', `Invalid value: "a/b": may not contain '/'`],
      ['FieldValueNotSupported', 'subjects[0].kind', 'Unsupported value: "Bot": supported values: "ServiceAccount", "User", "Group"'],
      ['FieldValueInvalid', 'subjects[1].name', `Invalid value: "Bad_SA": ${SUBDOMAIN}`],
      ['FieldValueNotSupported', 'subjects[1].apiGroup', 'Unsupported value: "rbac.authorization.k8s.io": supported values: ""'],
      ['FieldValueRequired', 'subjects[2].name', 'Required value'],
      ['FieldValueNotSupported', 'subjects[2].apiGroup', 'Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"'],
    ]);
    await refused(`${RBAC}/clusterrolebindings`, {
      metadata: { name: 'bad' }, roleRef: { kind: 'Role', name: '' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }],
    }, [
      ['FieldValueNotSupported', 'roleRef.kind', 'Unsupported value: "Role": supported values: "ClusterRole"'],
      ['FieldValueRequired', 'roleRef.name', 'Required value'],
      ['FieldValueRequired', 'subjects[0].namespace', 'Required value'],
    ]);
    // A cluster defaults roleRef.apiGroup and the group of User and Group subjects.
    await accepted(`${RBAC}/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'defaulted' }, roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'default' }],
    });
  });

  it('NetworkPolicy: ports, end ports, protocols, peers, ipBlocks, selectors and policy types', async () => {
    await refused(`${NET}/networkpolicies`, {
      metadata: { name: 'bad' },
      spec: {
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }, { key: 'bad key', operator: 'Equals', values: ['x'] }] },
        ingress: [
          { ports: [{ port: 70000 }, { port: 80, endPort: 79 }, { port: 'http', endPort: 90 }, { protocol: 'ICMP', port: 'Http_1' }, { endPort: 100 }] },
          { from: [{}, { ipBlock: { cidr: '10.0.0.0/33' } }, { ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24', '10.0.0.0/16'] } }, { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }, { ipBlock: {} }] },
        ],
        policyTypes: ['Ingress', 'Egress', 'Ingress'],
      },
    }, [
      ['FieldValueForbidden', 'spec.podSelector.matchExpressions[0].values', "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
      ['FieldValueInvalid', 'spec.podSelector.matchExpressions[1].operator', 'Invalid value: "Equals": not a valid selector operator'],
      ['FieldValueInvalid', 'spec.podSelector.matchExpressions[1].key', `Invalid value: "bad key": ${NAME_PART}`],
      ['FieldValueInvalid', 'spec.ingress[0].ports[0].port', `Invalid value: 70000: ${PORT_RANGE}`],
      ['FieldValueInvalid', 'spec.ingress[0].ports[1].endPort', 'Invalid value: 79: must be greater than or equal to `port`'],
      ['FieldValueInvalid', 'spec.ingress[0].ports[2].endPort', 'Invalid value: 90: may not be specified when `port` is non-numeric'],
      ['FieldValueNotSupported', 'spec.ingress[0].ports[3].protocol', 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'],
      ['FieldValueInvalid', 'spec.ingress[0].ports[3].port', 'Invalid value: "Http_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
      ['FieldValueInvalid', 'spec.ingress[0].ports[4].endPort', 'Invalid value: 100: may not be specified when `port` is not specified'],
      ['FieldValueRequired', 'spec.ingress[1].from[0]', 'Required value: must specify a peer'],
      ['FieldValueInvalid', 'spec.ingress[1].from[1].ipBlock.cidr', 'Invalid value: "10.0.0.0/33": not a valid CIDR'],
      ['FieldValueInvalid', 'spec.ingress[1].from[2].ipBlock.except[0]', 'Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`'],
      ['FieldValueInvalid', 'spec.ingress[1].from[2].ipBlock.except[1]', 'Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`'],
      ['FieldValueForbidden', 'spec.ingress[1].from[3]', 'Forbidden: may not specify both ipBlock and another peer'],
      ['FieldValueRequired', 'spec.ingress[1].from[4].ipBlock.cidr', 'Required value'],
      ['FieldValueInvalid', 'spec.policyTypes', 'Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes'],
    ]);
    await refused(`${NET}/networkpolicies`, { metadata: { name: 'types' }, spec: { podSelector: {}, policyTypes: ['Both'] } }, [
      ['FieldValueNotSupported', 'spec.policyTypes[0]', 'Unsupported value: "Both": supported values: "Ingress", "Egress"'],
    ]);
    const ok = {
      metadata: { name: 'web' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 8000, endPort: 9000 }, { port: 'http' }] }],
        egress: [{ to: [{ ipBlock: { cidr: 'fd00::/8', except: ['fd00:1::/32'] } }] }],
        policyTypes: ['Ingress', 'Egress'],
      },
    };
    await accepted(`${NET}/networkpolicies`, ok);
    const got = await raw(api, 'GET', `${NET}/networkpolicies/web`);
    got.json.spec.egress[0].to[0].ipBlock.except = ['fc00::/8'];
    const res = await raw(api, 'PUT', `${NET}/networkpolicies/web`, got.json);
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.message, 'NetworkPolicy.networking.k8s.io "web" is invalid: spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "fc00::/8": must be a strict subset of `cidr`');
  });

  it('Ingress: rules or a default backend, DNS hosts, HTTP paths, backends, TLS and the class', async () => {
    await refused(`${NET}/ingresses`, { metadata: { name: 'empty' }, spec: {} }, [
      ['FieldValueInvalid', 'spec', 'Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified'],
    ]);
    const web = svc('web', { number: 80 });
    await refused(`${NET}/ingresses`, {
      metadata: { name: 'hosts' },
      spec: { rules: [{ host: '10.0.0.1', http: { paths: [] } }, { host: '*', http: { paths: [{ path: 'api', pathType: 'Prefix', backend: web }] } }, { host: 'Foo.com' }] },
    }, [
      ['FieldValueInvalid', 'spec.rules[0].host', 'Invalid value: "10.0.0.1": must be a DNS name, not an IP address'],
      ['FieldValueRequired', 'spec.rules[0].http.paths', 'Required value'],
      ['FieldValueInvalid', 'spec.rules[1].host', `Invalid value: "*": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`],
      ['FieldValueInvalid', 'spec.rules[1].http.paths[0].path', 'Invalid value: "api": must be an absolute path'],
      ['FieldValueInvalid', 'spec.rules[2].host', `Invalid value: "Foo.com": ${SUBDOMAIN}`],
    ]);
    const paths = 'spec.rules[0].http.paths';
    await refused(`${NET}/ingresses`, {
      metadata: { name: 'paths' },
      spec: {
        rules: [{ http: { paths: [
          { path: '/a//b', pathType: 'Exact', backend: { service: { name: 'web' } } },
          { path: '/x', backend: web },
          { path: '/y', pathType: 'Regex', backend: svc('Web', { name: 'http', number: 80 }) },
          { path: '/z', pathType: 'ImplementationSpecific', backend: {} },
          { path: '/r', pathType: 'Prefix', backend: { resource: { kind: 'Bucket', name: 'b' }, ...svc('s', { number: 1 }) } },
          { path: '/p', pathType: 'Prefix', backend: svc('web', { number: 70000 }) },
        ] } }],
      },
    }, [
      ['FieldValueInvalid', `${paths}[0].path`, `Invalid value: "/a//b": must not contain '//'`],
      ['FieldValueRequired', `${paths}[0].backend`, 'Required value: port name or number is required'],
      ['FieldValueRequired', `${paths}[1].pathType`, 'Required value: pathType must be specified'],
      ['FieldValueNotSupported', `${paths}[2].pathType`, 'Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"'],
      ['FieldValueInvalid', `${paths}[2].backend.service.name`, `Invalid value: "Web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`],
      ['FieldValueInvalid', `${paths}[2].backend`, 'Invalid value: "": cannot set both port name & port number'],
      ['FieldValueInvalid', `${paths}[3].backend`, 'Invalid value: "": resource or service backend is required'],
      ['FieldValueInvalid', `${paths}[4].backend`, 'Invalid value: "": cannot set both resource and service backends'],
      ['FieldValueInvalid', `${paths}[5].backend.service.port.number`, `Invalid value: 70000: ${PORT_RANGE}`],
    ]);
    await refused(`${NET}/ingresses`, {
      metadata: { name: 'tls', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
      spec: { ingressClassName: 'Nginx!', defaultBackend: svc('web', { name: 'http' }), tls: [{ hosts: ['*.example.com', 'bad_host'], secretName: 'Bad' }] },
    }, [
      ['FieldValueInvalid', 'spec.tls[0].hosts[1]', `Invalid value: "bad_host": ${SUBDOMAIN}`],
      ['FieldValueInvalid', 'spec.tls[0].secretName', `Invalid value: "Bad": ${SUBDOMAIN}`],
      ['FieldValueInvalid', 'spec.ingressClassName', `Invalid value: "Nginx!": ${SUBDOMAIN}`],
      ['FieldValueInvalid', 'annotations.kubernetes.io/ingress.class', 'Invalid value: "nginx": can not be set when the class field is also set'],
    ]);
    await accepted(`${NET}/ingresses`, {
      metadata: { name: 'ok' },
      spec: {
        ingressClassName: 'nginx', tls: [{ hosts: ['*.example.com'], secretName: 'cert' }],
        rules: [{ host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: web }, { pathType: 'ImplementationSpecific', backend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' } } }] } }],
      },
    });
    // An ingress controller's status report: addresses where it says IP, names where it says hostname.
    const got = await raw(api, 'GET', `${NET}/ingresses/ok`);
    got.json.status = { loadBalancer: { ingress: [{ ip: '10.0.0.300' }, { hostname: '192.168.0.1' }, { ip: '10.0.0.3', hostname: 'lb.example.com' }] } };
    const res = await raw(api, 'PUT', `${NET}/ingresses/ok/status`, got.json);
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.json.details.causes.map((c: Obj) => [c.reason, c.field, c.message]), [
      ['FieldValueInvalid', 'status.loadBalancer.ingress[0].ip', 'Invalid value: "10.0.0.300": must be a valid IP address'],
      ['FieldValueInvalid', 'status.loadBalancer.ingress[1].hostname', 'Invalid value: "192.168.0.1": must be a DNS name, not an IP address'],
    ]);
    got.json.status.loadBalancer.ingress.splice(0, 2);
    const reported = await raw(api, 'PUT', `${NET}/ingresses/ok/status`, got.json);
    assert.equal(reported.status, 200, reported.text);
  });

  it('PodDisruptionBudget: one of minAvailable and maxUnavailable, counts or percents up to 100%, a valid selector', async () => {
    const path = `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`;
    const both = await raw(api, 'POST', path, { metadata: { name: 'both' }, spec: { minAvailable: 1, maxUnavailable: 1 } });
    assert.equal(both.status, 422, both.text);
    assert.equal(both.json.details.causes.length, 1);
    assert.deepEqual([both.json.details.causes[0].reason, both.json.details.causes[0].field], ['FieldValueInvalid', 'spec']);
    assert.match(both.json.details.causes[0].message, /^Invalid value: policy\.PodDisruptionBudgetSpec\{MinAvailable:\(\*intstr\.IntOrString\)\(0x[0-9a-f]+\), Selector:\(\*v1\.LabelSelector\)\(nil\), MaxUnavailable:\(\*intstr\.IntOrString\)\(0x[0-9a-f]+\), UnhealthyPodEvictionPolicy:\(\*policy\.UnhealthyPodEvictionPolicyType\)\(nil\)\}: minAvailable and maxUnavailable cannot be both set$/);
    await refused(path, { metadata: { name: 'percent' }, spec: { minAvailable: '50', selector: { matchLabels: { app: 'a b' } }, unhealthyPodEvictionPolicy: 'Never' } }, [
      ['FieldValueInvalid', 'spec.minAvailable', `Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"50"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`],
      ['FieldValueInvalid', 'spec.selector.matchLabels', `Invalid value: "a b": ${LABEL_VALUE}`],
      ['FieldValueNotSupported', 'spec.unhealthyPodEvictionPolicy', 'Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"'],
    ]);
    await refused(path, { metadata: { name: 'over' }, spec: { maxUnavailable: '150%' } }, [
      ['FieldValueInvalid', 'spec.maxUnavailable', 'Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%'],
    ]);
    await refused(path, { metadata: { name: 'negative' }, spec: { maxUnavailable: -1 } }, [
      ['FieldValueInvalid', 'spec.maxUnavailable', 'Invalid value: -1: must be greater than or equal to 0'],
    ]);
    await accepted(path, { metadata: { name: 'ok' }, spec: { maxUnavailable: '100%', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } });

    const got = await raw(api, 'GET', `${path}/ok`);
    got.json.status = {
      disruptionsAllowed: -1, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1,
      conditions: [
        { type: 'DisruptionAllowed', status: 'Maybe', reason: 'Sufficient Pods', lastTransitionTime: '2026-01-01T00:00:00Z' },
        { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' },
      ],
    };
    const res = await raw(api, 'PUT', `${path}/ok/status`, got.json);
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.json.details.causes.map((c: Obj) => [c.reason, c.field, c.message]), [
      ['FieldValueNotSupported', 'status.conditions[0].status', 'Unsupported value: "Maybe": supported values: "False", "True", "Unknown"'],
      ['FieldValueInvalid', 'status.conditions[0].reason', `Invalid value: "Sufficient Pods": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')`],
      ['FieldValueDuplicate', 'status.conditions[1].type', 'Duplicate value: "DisruptionAllowed"'],
      ['FieldValueRequired', 'status.conditions[1].lastTransitionTime', 'Required value: must be set'],
      ['FieldValueInvalid', 'status.disruptionsAllowed', 'Invalid value: -1: must be greater than or equal to 0'],
    ]);
  });

  it('Lease: positive duration and non-negative transitions', async () => {
    const path = `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases`;
    await refused(path, { metadata: { name: 'bad' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 0, leaseTransitions: -1 } }, [
      ['FieldValueInvalid', 'spec.leaseDurationSeconds', 'Invalid value: 0: must be greater than 0'],
      ['FieldValueInvalid', 'spec.leaseTransitions', 'Invalid value: -1: must be greater than or equal to 0'],
    ]);
    await accepted(path, { metadata: { name: 'ok' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0, acquireTime: '2026-01-01T00:00:00.000000Z' } });
    // A default 1.32 cluster drops the alpha coordinated-election fields instead of checking them.
    await accepted(path, { metadata: { name: 'alpha-fields' }, spec: { holderIdentity: 'a', preferredHolder: 'b' } });
  });

  it('ResourceQuota: resource names quota knows, non-negative and whole amounts, compatible scopes', async () => {
    const path = `/api/v1/namespaces/${NS}/resourcequotas`;
    await refused(path, { metadata: { name: 'names' }, spec: { hard: { foo: '1', storage: '1Gi', pods: '-1', services: '1.5' } } }, [
      ['FieldValueInvalid', 'spec.hard[foo]', 'Invalid value: "foo": must be a standard resource type or fully qualified'],
      ['FieldValueInvalid', 'spec.hard[foo]', 'Invalid value: "foo": must be a standard resource for quota'],
      ['FieldValueInvalid', 'spec.hard[storage]', 'Invalid value: "storage": must be a standard resource for quota'],
      ['FieldValueInvalid', 'spec.hard[pods]', 'Invalid value: "-1": must be greater than or equal to 0'],
      ['FieldValueInvalid', 'spec.hard[services]', `Invalid value: ${quantity(15, -1, '')}: must be an integer`],
    ]);
    await refused(path, { metadata: { name: 'scopes' }, spec: { hard: { cpu: '1', pods: '2' }, scopes: ['BestEffort', 'NotBestEffort', 'Everything'] } }, [
      ['FieldValueInvalid', 'spec.scopes', 'Invalid value: []core.ResourceQuotaScope{"BestEffort", "NotBestEffort", "Everything"}: unsupported scope applied to resource'],
      ['FieldValueInvalid', 'spec.scopes', 'Invalid value: []core.ResourceQuotaScope{"BestEffort", "NotBestEffort", "Everything"}: unsupported scope'],
      ['FieldValueInvalid', 'spec.scopes', 'Invalid value: []core.ResourceQuotaScope{"BestEffort", "NotBestEffort", "Everything"}: conflicting scopes'],
    ]);
    await refused(path, {
      metadata: { name: 'selector' },
      spec: { hard: { pods: '2' }, scopeSelector: { matchExpressions: [{ scopeName: 'Terminating', operator: 'In', values: ['x'] }, { scopeName: 'PriorityClass', operator: 'Exists', values: ['high'] }] } },
    }, [
      ['FieldValueInvalid', 'spec.scopeSelector.matchExpressions.operator', "Invalid value: \"In\": must be 'Exist' only operator when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort and ResourceQuotaScopeNotBestEffort"],
      ['FieldValueInvalid', 'spec.scopeSelector.matchExpressions.values', `Invalid value: []string{"high"}: must be no value when \`operator\` is 'Exist' or 'DoesNotExist' for scope selector`],
    ]);
    await accepted(path, { metadata: { name: 'ok' }, spec: { hard: { 'requests.cpu': '500m', memory: '1Gi', pods: '10', 'count/deployments.apps': '3', 'requests.example.com/gpu': '2' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } } });

    // Scopes stay as created; a status write is held to the same rules as the spec.
    await accepted(path, { metadata: { name: 'scoped' }, spec: { hard: { pods: '3' }, scopes: ['BestEffort'] } });
    const update = async (subresource: string, change: (o: Obj) => void) => {
      const got = await raw(api, 'GET', `${path}/scoped`);
      change(got.json);
      return raw(api, 'PUT', `${path}/scoped${subresource}`, got.json);
    };
    const moved = await update('', (o) => { o.spec.scopes = ['NotBestEffort']; });
    assert.equal(moved.status, 422, moved.text);
    assert.equal(moved.json.message, 'ResourceQuota "scoped" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"NotBestEffort"}: field is immutable');
    const grown = await update('', (o) => { o.spec.hard.pods = '5'; });
    assert.equal(grown.status, 200, grown.text);
    const negative = await update('/status', (o) => { o.status = { hard: { pods: '5' }, used: { pods: '-1' } }; });
    assert.equal(negative.status, 422, negative.text);
    assert.equal(negative.json.message, 'ResourceQuota "scoped" is invalid: status.used[pods]: Invalid value: "-1": must be greater than or equal to 0');
  });

  it('LimitRange: known types once each, names the type may bound, min ≤ defaultRequest ≤ default ≤ max, ratios', async () => {
    const path = `/api/v1/namespaces/${NS}/limitranges`;
    await refused(path, {
      metadata: { name: 'bounds' },
      spec: { limits: [
        { type: 'Pod', min: { cpu: '2' }, max: { cpu: '1' }, default: { cpu: '1' } },
        { type: 'Container', default: { memory: '256Mi' }, defaultRequest: { memory: '512Mi' }, maxLimitRequestRatio: { cpu: '500m' } },
      ] },
    }, [
      ['FieldValueForbidden', 'spec.limits[0].default', "Forbidden: may not be specified when `type` is 'Pod'"],
      ['FieldValueInvalid', 'spec.limits[0].min[cpu]', `Invalid value: ${quantity(2, 0, '2')}: min value 2 is greater than max value 1`],
      ['FieldValueInvalid', 'spec.limits[1].maxLimitRequestRatio[cpu]', `Invalid value: ${quantity(500, -3, '500m')}: ratio 500m is less than 1`],
      ['FieldValueInvalid', 'spec.limits[1].defaultRequest[memory]', `Invalid value: ${quantity(536870912, 0, '512Mi', 'BinarySI')}: default request value 512Mi is greater than default limit value 256Mi`],
    ]);
    await refused(path, {
      metadata: { name: 'types' },
      spec: { limits: [
        { type: 'Pod', min: { cpu: '100m' }, max: { cpu: '200m' }, maxLimitRequestRatio: { cpu: '3' } },
        { type: 'Pod', max: { pods: '1' } },
        { type: 'Node', max: { cpu: '1' } },
        { type: 'PersistentVolumeClaim' },
      ] },
    }, [
      ['FieldValueInvalid', 'spec.limits[0].maxLimitRequestRatio[cpu]', `Invalid value: ${quantity(3, 0, '3')}: ratio 3 is greater than max/min = 2.000000`],
      ['FieldValueDuplicate', 'spec.limits[1].type', 'Duplicate value: "Pod"'],
      ['FieldValueInvalid', 'spec.limits[1].max[pods]', 'Invalid value: "pods": must be a standard resource for containers'],
      ['FieldValueInvalid', 'spec.limits[2].type', 'Invalid value: "Node": must be a standard limit type or fully qualified'],
      ['FieldValueRequired', 'spec.limits[3].limits', 'Required value: either minimum or maximum storage value is required, but neither was provided'],
    ]);
    // Defaults filled from max and min pass the same checks.
    const ok = await accepted(path, { metadata: { name: 'ok' }, spec: { limits: [
      { type: 'Container', min: { cpu: '100m' }, max: { cpu: '1', memory: '1Gi' }, defaultRequest: { memory: '256Mi' }, maxLimitRequestRatio: { cpu: '10' } },
      { type: 'PersistentVolumeClaim', max: { storage: '10Gi' } },
    ] } });
    assert.deepEqual(ok.spec.limits[0].default, { cpu: '1', memory: '1Gi' });
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32: objects its create generators write are accepted; an invalid binding prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, api.kubeconfigPath);
    const n = ['-n', NS];
    await k.ok(['create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods,deployments.apps', '--resource-name=one', ...n]);
    await k.ok(['create', 'clusterrole', 'node-reader', '--verb=get', '--resource=namespaces']);
    await k.ok(['create', 'clusterrole', 'probe', '--verb=get', '--non-resource-url=/healthz', '--non-resource-url=/logs/*']);
    await k.ok(['create', 'clusterrole', 'aggregate', '--aggregation-rule=rbac.example.com/aggregate-to-view=true']);
    await k.ok(['create', 'rolebinding', 'readers', '--role=pod-reader', '--user=alice', '--group=devs', `--serviceaccount=${NS}:default`, ...n]);
    await k.ok(['create', 'clusterrolebinding', 'node-readers', '--clusterrole=node-reader', '--user=bob', `--serviceaccount=${NS}:default`]);
    await k.ok(['create', 'ingress', 'site', '--class=nginx', '--rule=foo.example.com/api*=api:8080,tls=site-cert', '--rule=*.example.com/=web:http', '--default-backend=web:80', ...n]);
    await k.ok(['create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=50%', ...n]);
    await k.ok(['create', 'quota', 'compute', '--hard=cpu=1,memory=1G,pods=2,services=3,count/deployments.apps=2', ...n]);
    await k.ok(['create', 'quota', 'best-effort', '--hard=pods=5', '--scopes=BestEffort,NotTerminating', ...n]);

    const dir = mkdtempSync(join(tmpdir(), 'tsop-policy-'));
    const file = join(dir, 'binding.json');
    writeFileSync(file, JSON.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'misbound', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Deployment', name: 'web' }, subjects: [{ kind: 'User', name: 'carol' }],
    }));
    const r = await k.run(['apply', '-f', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^The RoleBinding "misbound" is invalid: roleRef\.kind: Unsupported value: "Deployment": supported values: "Role", "ClusterRole"$/m);
  });
});

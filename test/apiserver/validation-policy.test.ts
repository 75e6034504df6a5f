/**
 * RBAC kinds, NetworkPolicies and Ingresses refuse what a Kubernetes 1.32 cluster refuses, with
 * its field paths, cause reasons and messages, and accept what it accepts, including the objects
 * kubectl's `create` generators write for the policy kinds. Everything goes through the real
 * server over HTTPS; kubectl cases run the pinned kubectl 1.32. Budgets, Leases, quotas and
 * limits are in validation-policy-quota.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';
import { type Obj, LABEL_VALUE, NAME_PART, SUBDOMAIN, causesOf, policySuite } from './validation-policy-helpers.ts';

const NS = 'policy';
const RBAC = `/apis/rbac.authorization.k8s.io/v1`;
const NET = `/apis/networking.k8s.io/v1/namespaces/${NS}`;
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const svc = (name: string, port: Obj) => ({ service: { name, port } });

describe('networking and RBAC kinds refuse what Kubernetes refuses', () => {
  const suite = policySuite(NS);
  const { accepted, refused } = suite;

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
    const got = await raw(suite.api(), 'GET', `${RBAC}/namespaces/${NS}/roles/reader`);
    got.json.rules[0].verbs = [];
    const res = await raw(suite.api(), 'PUT', `${RBAC}/namespaces/${NS}/roles/reader`, got.json);
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
    const got = await raw(suite.api(), 'GET', `${NET}/networkpolicies/web`);
    got.json.spec.egress[0].to[0].ipBlock.except = ['fc00::/8'];
    const res = await raw(suite.api(), 'PUT', `${NET}/networkpolicies/web`, got.json);
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.message, 'NetworkPolicy.networking.k8s.io "web" is invalid: spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "fc00::/8": must be a strict subset of `cidr`');
  });

  it('port names and qualified names report every rule they break, as apimachinery checks each on its own', async () => {
    await refused(`${NET}/networkpolicies`, {
      metadata: { name: 'formats' },
      spec: {
        podSelector: { matchLabels: { 'example.com/': 'x' }, matchExpressions: [{ key: '', operator: 'Exists' }] },
        ingress: [{ ports: [{ port: '__' }, { port: '80' }] }],
      },
    }, [
      ['FieldValueInvalid', 'spec.podSelector.matchLabels', 'Invalid value: "example.com/": name part must be non-empty'],
      ['FieldValueInvalid', 'spec.podSelector.matchLabels', `Invalid value: "example.com/": ${NAME_PART}`],
      ['FieldValueInvalid', 'spec.podSelector.matchExpressions[0].key', 'Invalid value: "": name part must be non-empty'],
      ['FieldValueInvalid', 'spec.podSelector.matchExpressions[0].key', `Invalid value: "": ${NAME_PART}`],
      ['FieldValueInvalid', 'spec.ingress[0].ports[0].port', 'Invalid value: "__": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
      ['FieldValueInvalid', 'spec.ingress[0].ports[0].port', 'Invalid value: "__": must contain at least one letter (a-z)'],
      ['FieldValueInvalid', 'spec.ingress[0].ports[1].port', 'Invalid value: "80": must contain at least one letter (a-z)'],
    ]);
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
    const got = await raw(suite.api(), 'GET', `${NET}/ingresses/ok`);
    got.json.status = { loadBalancer: { ingress: [{ ip: '10.0.0.300' }, { hostname: '192.168.0.1' }, { ip: '10.0.0.3', hostname: 'lb.example.com' }] } };
    const res = await raw(suite.api(), 'PUT', `${NET}/ingresses/ok/status`, got.json);
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(causesOf(res.json), [
      ['FieldValueInvalid', 'status.loadBalancer.ingress[0].ip', 'Invalid value: "10.0.0.300": must be a valid IP address'],
      ['FieldValueInvalid', 'status.loadBalancer.ingress[1].hostname', 'Invalid value: "192.168.0.1": must be a DNS name, not an IP address'],
    ]);
    got.json.status.loadBalancer.ingress.splice(0, 2);
    const reported = await raw(suite.api(), 'PUT', `${NET}/ingresses/ok/status`, got.json);
    assert.equal(reported.status, 200, reported.text);
  });

  const kubectl = pinnedKubectl('1.32');
  it('kubectl 1.32: objects its create generators write are accepted; an invalid binding prints Kubernetes\' error', { skip: !kubectl && 'kubectl.1.32 is not installed' }, async () => {
    const k = new Kubectl(kubectl!, suite.api().kubeconfigPath);
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

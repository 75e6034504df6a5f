/**
 * PodDisruptionBudgets, Leases, ResourceQuotas and LimitRanges refuse what a Kubernetes 1.32
 * cluster refuses, on create and on spec and status writes, with its field paths, reasons and
 * messages (quantities printed as Go prints a resource.Quantity), and accept what it accepts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { type Obj, LABEL_VALUE, causesOf, policySuite } from './validation-policy-helpers.ts';

const NS = 'quota';
/** Go's `%#v` of a resource.Quantity held as an int64 mantissa and scale. */
const quantity = (value: number, scale: number, text: string, format = 'DecimalSI') =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(text)}, Format:${JSON.stringify(format)}}`;

describe('budget, lease, quota and limit kinds refuse what Kubernetes refuses', () => {
  const suite = policySuite(NS);
  const { accepted, refused } = suite;

  it('PodDisruptionBudget: one of minAvailable and maxUnavailable, counts or percents up to 100%, a valid selector', async () => {
    const path = `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`;
    const both = await raw(suite.api(), 'POST', path, { metadata: { name: 'both' }, spec: { minAvailable: 1, maxUnavailable: 1 } });
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

    const got = await raw(suite.api(), 'GET', `${path}/ok`);
    got.json.status = {
      disruptionsAllowed: -1, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1,
      conditions: [
        { type: 'DisruptionAllowed', status: 'Maybe', reason: 'Sufficient Pods', lastTransitionTime: '2026-01-01T00:00:00Z' },
        { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' },
      ],
    };
    const res = await raw(suite.api(), 'PUT', `${path}/ok/status`, got.json);
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(causesOf(res.json), [
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
      const got = await raw(suite.api(), 'GET', `${path}/scoped`);
      change(got.json);
      return raw(suite.api(), 'PUT', `${path}/scoped${subresource}`, got.json);
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
});

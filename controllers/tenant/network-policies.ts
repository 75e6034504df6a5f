/**
 * Isolation of the tenant namespace: deny all ingress by default, allow traffic inside the
 * namespace, allow the server's API port (from allowedNamespaces, or from anywhere when none are
 * listed), plus one policy per custom ingress or egress rule of the spec.
 */
import type { KubeObject } from '../../runtime/index.ts';
import type { NetworkPolicyPort, NetworkPolicyRule, Tenant } from '../../apis/neurallog/v1/tenant_types.ts';
import { childNames, tenantLabels } from './kinds.ts';

/** Whether the tenant gets network policies (spec.networkPolicy.enabled, default true). */
export function networkPoliciesEnabled(t: Tenant): boolean {
  return t.spec?.networkPolicy?.enabled ?? true;
}

function policy(t: Tenant, name: string, spec: Record<string, unknown>): KubeObject {
  const tenant = t.metadata!.name!;
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { name, namespace: childNames(tenant).namespace, labels: tenantLabels(tenant, 'network-policy') },
    spec,
  };
}

function ports(list: NetworkPolicyPort[] | undefined): Record<string, unknown> {
  if (!list?.length) return {};
  return { ports: list.map((p) => ({ protocol: p.protocol || 'TCP', ...(p.port !== undefined ? { port: p.port } : {}) })) };
}

const podSelector = (labels: Record<string, string> | undefined) => (labels && Object.keys(labels).length ? { matchLabels: labels } : {});

function customIngress(t: Tenant, rule: NetworkPolicyRule, i: number): KubeObject {
  const from = rule.from && Object.keys(rule.from).length ? { from: [{ podSelector: { matchLabels: rule.from } }] } : {};
  return policy(t, `custom-ingress-${i}`, { podSelector: podSelector(rule.to), policyTypes: ['Ingress'], ingress: [{ ...from, ...ports(rule.ports) }] });
}

function customEgress(t: Tenant, rule: NetworkPolicyRule, i: number): KubeObject {
  const to = rule.to && Object.keys(rule.to).length ? { to: [{ podSelector: { matchLabels: rule.to } }] } : {};
  return policy(t, `custom-egress-${i}`, { podSelector: podSelector(rule.from), policyTypes: ['Egress'], egress: [{ ...to, ...ports(rule.ports) }] });
}

/** Every NetworkPolicy the tenant should have (none when disabled). */
export function tenantNetworkPolicies(t: Tenant): KubeObject[] {
  if (!networkPoliciesEnabled(t)) return [];
  const np = t.spec?.networkPolicy;
  const allowed = np?.allowedNamespaces ?? [];
  const apiFrom = allowed.length
    ? { from: allowed.map((n) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': n } } })) }
    : {};
  return [
    policy(t, 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy(t, 'allow-internal-traffic', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] }),
    policy(t, 'allow-api-access', {
      podSelector: { matchLabels: { app: 'neurallog-server' } },
      policyTypes: ['Ingress'],
      ingress: [{ ...apiFrom, ports: [{ protocol: 'TCP', port: 'http' }] }],
    }),
    ...(np?.ingressRules ?? []).map((r, i) => customIngress(t, r, i)),
    ...(np?.egressRules ?? []).map((r, i) => customEgress(t, r, i)),
  ];
}

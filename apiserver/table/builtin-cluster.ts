/**
 * Printers of the networking, policy, coordination, RBAC, admission and scheduling groups.
 * Roles, cluster roles and CRDs are absent on purpose: Kubernetes serves them through its
 * default convertor (Name, Created At).
 */
import { ageColumn, column, nameColumn, printer, wide, type BuiltinPrinter, type Obj } from './columns.ts';
import { formatSelector, intOrString, loadBalancerIngress } from './format.ts';

/** Up to three rule hosts, `*` when no rule names one. */
function ingressHosts(ing: Obj): string {
  const rules = (ing.spec?.rules ?? []) as Obj[];
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (hosts.length === 3) more = true;
    if (!more && rule.host) hosts.push(String(rule.host));
  }
  if (!hosts.length) return '*';
  return more ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

/** Subjects of a binding split into users, groups and `namespace/name` service accounts. */
function subjects(binding: Obj): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[] };
  for (const s of (binding.subjects ?? []) as Obj[]) {
    if (s.kind === 'User') out.users.push(String(s.name ?? ''));
    else if (s.kind === 'Group') out.groups.push(String(s.name ?? ''));
    else if (s.kind === 'ServiceAccount') out.serviceAccounts.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
  }
  return out;
}

function bindingPrinter(scope: string): BuiltinPrinter {
  return printer(
    nameColumn,
    column('Role', 'string', 'The bound role as Kind/name.', (o) => `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`),
    ageColumn,
    wide('Users', 'string', `Users in the ${scope}.`, (o) => subjects(o).users.join(', ')),
    wide('Groups', 'string', `Groups in the ${scope}.`, (o) => subjects(o).groups.join(', ')),
    wide('ServiceAccounts', 'string', `Service accounts in the ${scope}, as namespace/name.`, (o) => subjects(o).serviceAccounts.join(', ')),
  );
}

const webhooksPrinter = printer(
  nameColumn,
  column('Webhooks', 'integer', 'Number of webhooks in the configuration.', (o) => (o.webhooks ?? []).length),
  ageColumn,
);

const orNA = (v: unknown) => (v === undefined || v === null ? 'N/A' : intOrString(v));

/** Printers by group, then kind. */
export const clusterPrinters: Record<string, Record<string, BuiltinPrinter>> = {
  'networking.k8s.io': {
    NetworkPolicy: printer(nameColumn, column('Pod-Selector', 'string', 'The pods the policy applies to.', (o) => formatSelector(o.spec?.podSelector ?? {})), ageColumn),
    Ingress: printer(
      nameColumn,
      column('Class', 'string', 'The IngressClass handling the ingress.', (o) => o.spec?.ingressClassName ?? '<none>'),
      column('Hosts', 'string', 'Hosts the rules match.', ingressHosts),
      column('Address', 'string', 'Load balancer addresses of the ingress.', (o) => loadBalancerIngress(o.status?.loadBalancer)),
      column('Ports', 'string', 'Ports served: 80, plus 443 with TLS.', (o) => ((o.spec?.tls ?? []).length ? '80, 443' : '80')),
      ageColumn,
    ),
  },
  policy: {
    PodDisruptionBudget: printer(
      nameColumn,
      column('Min Available', 'string', 'Pods that must stay available, or N/A.', (o) => orNA(o.spec?.minAvailable)),
      column('Max Unavailable', 'string', 'Pods that may be unavailable, or N/A.', (o) => orNA(o.spec?.maxUnavailable)),
      column('Allowed Disruptions', 'integer', 'Pod disruptions currently allowed.', (o) => Number(o.status?.disruptionsAllowed ?? 0)),
      ageColumn,
    ),
  },
  'coordination.k8s.io': {
    Lease: printer(nameColumn, column('Holder', 'string', 'The current holder of the lease.', (o) => o.spec?.holderIdentity ?? ''), ageColumn),
  },
  'rbac.authorization.k8s.io': {
    RoleBinding: bindingPrinter('role binding'),
    ClusterRoleBinding: bindingPrinter('cluster role binding'),
  },
  'admissionregistration.k8s.io': {
    MutatingWebhookConfiguration: webhooksPrinter,
    ValidatingWebhookConfiguration: webhooksPrinter,
  },
  'scheduling.k8s.io': {
    PriorityClass: printer(
      nameColumn,
      column('Value', 'integer', 'The priority of pods using the class.', (o) => Number(o.value ?? 0)),
      column('Global-Default', 'boolean', 'Whether pods without a class get this one.', (o) => o.globalDefault === true),
      ageColumn,
      // Not a wide column: Kubernetes always prints it.
      column('PreemptionPolicy', 'string', 'Whether pods of the class may preempt others.', (o) => o.preemptionPolicy ?? 'PreemptLowerPriority'),
    ),
  },
};

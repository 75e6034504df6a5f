/**
 * Defaults of the RBAC, networking, coordination and Endpoints kinds (Kubernetes 1.32, default
 * feature gates), applied as the object is decoded: a binding's role and user or group subjects
 * name the RBAC group, ports are TCP, and a NetworkPolicy's policyTypes follow its rules. The alpha
 * coordinated-leader-election fields of a Lease are dropped as the registry prepares the write.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { objectAt, objectsIn } from './builtin-pod-defaults.ts';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** RoleBinding and ClusterRoleBinding: roleRef and User/Group subjects default to the RBAC group. */
export function defaultRoleBinding(obj: KubeObject): void {
  const roleRef = objectAt(obj.roleRef);
  if (roleRef) roleRef.apiGroup ||= RBAC_GROUP;
  for (const s of objectsIn(obj.subjects)) {
    if (s.apiGroup) continue;
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
    else if (s.kind === 'ServiceAccount') s.apiGroup = '';
  }
}

/** NetworkPolicy: TCP ports; policyTypes Ingress, plus Egress when there are egress rules. */
export function defaultNetworkPolicy(obj: KubeObject): void {
  const spec = objectAt(obj.spec);
  if (!spec) return;
  for (const rule of [...objectsIn(spec.ingress), ...objectsIn(spec.egress)]) {
    for (const port of objectsIn(rule.ports)) port.protocol ||= 'TCP';
  }
  if (!Array.isArray(spec.policyTypes) || !spec.policyTypes.length) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

/** Lease: `strategy` and `preferredHolder` belong to an alpha feature that is off, so they are dropped unless already stored. */
export function dropDisabledLeaseFields(obj: KubeObject, old: KubeObject | undefined): void {
  const spec = objectAt(obj.spec);
  if (!spec) return;
  const oldSpec = objectAt(old?.spec);
  if (oldSpec?.strategy === undefined) delete spec.strategy;
  if (oldSpec?.preferredHolder === undefined) delete spec.preferredHolder;
}

/** Endpoints: ports without a protocol are TCP. */
export function defaultEndpoints(obj: KubeObject): void {
  for (const subset of objectsIn(obj.subsets)) {
    for (const port of objectsIn(subset.ports)) port.protocol ||= 'TCP';
  }
}

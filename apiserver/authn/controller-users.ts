/**
 * Who the server's own controllers act as. In Kubernetes they run in kube-controller-manager with
 * their own ServiceAccounts (or as the API server's loopback user), and admission webhooks see
 * those identities in the review's userInfo.
 */
import type { UserInfo } from '../extensions.ts';

function kubeSystemServiceAccount(name: string): UserInfo {
  return {
    username: `system:serviceaccount:kube-system:${name}`,
    groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
  };
}

/** The garbage collector (deletes dependents, removes dangling owner references). */
export const GARBAGE_COLLECTOR_USER: UserInfo = kubeSystemServiceAccount('generic-garbage-collector');

/** The namespace controller (empties and finalizes terminating namespaces). */
export const NAMESPACE_CONTROLLER_USER: UserInfo = kubeSystemServiceAccount('namespace-controller');

/** The resource quota controller (keeps quota usage current). */
export const RESOURCE_QUOTA_CONTROLLER_USER: UserInfo = kubeSystemServiceAccount('resourcequota-controller');

/** The service account controller (a `default` ServiceAccount in every namespace). */
export const SERVICE_ACCOUNT_CONTROLLER_USER: UserInfo = kubeSystemServiceAccount('service-account-controller');

/** The root CA publisher (the `kube-root-ca.crt` ConfigMap in every namespace). */
export const ROOT_CA_PUBLISHER_USER: UserInfo = kubeSystemServiceAccount('root-ca-cert-publisher');

/** The API server acting on itself (CRD instance cleanup and other loopback writes). */
export const LOOPBACK_USER: UserInfo = { username: 'system:apiserver', groups: ['system:authenticated', 'system:masters'] };

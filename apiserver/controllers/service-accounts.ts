/**
 * The service account controller: every active namespace has a ServiceAccount named `default`,
 * which Pods that name no account run as (the ServiceAccount admission plugin requires it).
 */
import type { UserInfo } from '../extensions.ts';
import type { ApiContext } from '../objects/context.ts';
import { DEFAULT_SERVICE_ACCOUNT } from '../objects/builtin-pod-service-account.ts';
import { BUILTIN_RESOURCES } from '../resources/registry.ts';
import { keepInEveryNamespace } from './namespace-object.ts';

/** kube-controller-manager's identity for this controller. */
export const SERVICE_ACCOUNT_CONTROLLER_USER: UserInfo = {
  username: 'system:serviceaccount:kube-system:service-account-controller',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
};

/** Starts the service account controller; returns its stop function. */
export function startServiceAccountController(ctx: ApiContext): () => void {
  return keepInEveryNamespace(ctx, {
    rt: BUILTIN_RESOURCES.find((r) => r.kind === 'ServiceAccount')!,
    name: DEFAULT_SERVICE_ACCOUNT,
    desired: () => ({}),
    manager: 'kube-controller-manager',
    user: SERVICE_ACCOUNT_CONTROLLER_USER,
  });
}

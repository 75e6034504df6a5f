/**
 * The service account controller: every active namespace has a ServiceAccount named `default`,
 * which Pods that name no account run as (the ServiceAccount admission plugin requires it).
 */
import { SERVICE_ACCOUNT_CONTROLLER_USER } from '../authn/controller-users.ts';
import type { ApiContext } from '../objects/context.ts';
import { DEFAULT_SERVICE_ACCOUNT } from '../objects/builtin-pod-service-account.ts';
import { BUILTIN_RESOURCES } from '../resources/registry.ts';
import { keepInEveryNamespace } from './namespace-object.ts';

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

/**
 * The root CA publisher: every active namespace has the ConfigMap `kube-root-ca.crt` holding the
 * cluster CA under `ca.crt` (Pods' API access volumes project it), with the annotation describing
 * it. A changed copy is put back.
 */
import type { KubeObject } from '../../runtime/core/meta.ts';
import { ROOT_CA_PUBLISHER_USER } from '../authn/controller-users.ts';
import type { ApiContext } from '../objects/context.ts';
import { ROOT_CA_CONFIGMAP } from '../objects/builtin-pod-service-account.ts';
import { BUILTIN_RESOURCES } from '../resources/registry.ts';
import { keepInEveryNamespace } from './namespace-object.ts';

const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The ConfigMap with its data and annotation put right, or undefined when they are right already. */
function repair(caPem: string, cm: KubeObject): KubeObject | undefined {
  const data = cm.data as Record<string, unknown> | undefined;
  const dataRight = !!data && Object.keys(data).length === 1 && data['ca.crt'] === caPem;
  if (dataRight && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return undefined;
  return { ...cm, data: { 'ca.crt': caPem }, metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } } };
}

/** Starts publishing the CA (PEM) to every namespace; returns the stop function. */
export function startRootCaPublisher(ctx: ApiContext, caPem: string): () => void {
  return keepInEveryNamespace(ctx, {
    rt: BUILTIN_RESOURCES.find((r) => r.kind === 'ConfigMap')!,
    name: ROOT_CA_CONFIGMAP,
    desired: () => ({ metadata: { annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data: { 'ca.crt': caPem } }),
    repair: (cm) => repair(caPem, cm),
    manager: 'kube-controller-manager',
    user: ROOT_CA_PUBLISHER_USER,
  });
}

/**
 * The forked Deployment and Service of one sandbox service, built from the baseline without I/O.
 * A fork copies the baseline's pod template and Service ports, applies the sandbox's image and
 * environment overrides, and relabels its pods so that neither the baseline Deployment nor the
 * baseline Service ever selects them.
 */
import type { V1Container, V1ContainerPort, V1Deployment, V1EnvVar, V1PodTemplateSpec, V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { Sandbox, SandboxService } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import type { KubeObject } from '../../runtime/index.ts';
import { SANDBOX_API_VERSION } from './kinds.ts';
import {
  ANNOTATION_BASELINE, LABEL_MANAGED_BY, LABEL_ROUTING_KEY, LABEL_SANDBOX, LABEL_SERVICE, MANAGED_BY,
  effectiveRoutingKey, forkName, forkSelector,
} from './naming.ts';

/** The baseline a fork is made from. */
export interface Baseline {
  deployment: V1Deployment;
  /** The Service in front of the baseline pods, when one was found. */
  service?: V1Service;
}

/** The objects to apply for one fork. */
export interface ForkObjects {
  deployment: KubeObject;
  /** Absent when neither the baseline Service nor the containers declare a port. */
  service?: KubeObject;
}

function forkMetadata(sb: Sandbox, svc: SandboxService, baselineKey: string): KubeObject['metadata'] {
  const name = sb.metadata?.name ?? '';
  return {
    name: forkName(name, svc.name),
    namespace: sb.metadata?.namespace,
    labels: { [LABEL_MANAGED_BY]: MANAGED_BY, ...forkSelector(name, svc.name), [LABEL_ROUTING_KEY]: effectiveRoutingKey(sb) },
    annotations: { [ANNOTATION_BASELINE]: baselineKey },
    ownerReferences: [{ apiVersion: SANDBOX_API_VERSION, kind: 'Sandbox', name, uid: sb.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
  };
}

/** Sets or replaces each override in env, keeping the baseline's order for the rest. */
export function overrideEnv(env: V1EnvVar[] | undefined, overrides: { name: string; value: string }[]): V1EnvVar[] | undefined {
  if (!overrides.length) return env;
  const out = (env ?? []).map((e) => {
    const o = overrides.find((x) => x.name === e.name);
    return o ? { name: o.name, value: o.value } : e;
  });
  for (const o of overrides) if (!out.some((e) => e.name === o.name)) out.push({ name: o.name, value: o.value });
  return out;
}

/**
 * The fork's pod template: the baseline's, minus the labels the baseline's selectors use, plus the
 * sandbox labels; the image replaces every container's image, the env overrides go into every container.
 */
export function forkTemplate(sb: Sandbox, svc: SandboxService, baseline: Baseline): V1PodTemplateSpec {
  const template = structuredClone(baseline.deployment.spec?.template ?? {}) as V1PodTemplateSpec;
  const selectorKeys = new Set([
    ...Object.keys(baseline.deployment.spec?.selector?.matchLabels ?? {}),
    ...(baseline.deployment.spec?.selector?.matchExpressions ?? []).map((e) => e.key),
    ...Object.keys(baseline.service?.spec?.selector ?? {}),
  ]);
  const labels = Object.fromEntries(Object.entries(template.metadata?.labels ?? {}).filter(([k]) => !selectorKeys.has(k)));
  const name = sb.metadata?.name ?? '';
  template.metadata = {
    labels: { ...labels, ...forkSelector(name, svc.name), [LABEL_ROUTING_KEY]: effectiveRoutingKey(sb) },
    ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
  };
  const spec = template.spec ?? { containers: [] };
  spec.containers = spec.containers.map((c: V1Container) => {
    const out: V1Container = { ...c };
    if (svc.image) out.image = svc.image;
    const env = overrideEnv(c.env, svc.env ?? []);
    if (env) out.env = env;
    return out;
  });
  template.spec = spec;
  return template;
}

/** Service ports of the fork: the baseline Service's, else one per declared container port. */
export function forkPorts(baseline: Baseline): V1ServicePort[] {
  if (baseline.service?.spec?.ports?.length) {
    return baseline.service.spec.ports.map((p) => {
      const out: V1ServicePort = { port: p.port, protocol: p.protocol ?? 'TCP' };
      if (p.name) out.name = p.name;
      if (p.targetPort !== undefined) out.targetPort = p.targetPort;
      if (p.appProtocol) out.appProtocol = p.appProtocol;
      return out;
    });
  }
  const ports: V1ContainerPort[] = (baseline.deployment.spec?.template?.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  const seen = new Set<string>();
  return ports.flatMap((p) => {
    const protocol = p.protocol ?? 'TCP';
    const key = `${p.containerPort}/${protocol}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ...(p.name ? { name: p.name } : {}), port: p.containerPort, targetPort: p.containerPort, protocol } as V1ServicePort];
  });
}

/** The fork of svc as objects to server-side apply in the sandbox's namespace. */
export function buildFork(sb: Sandbox, svc: SandboxService, baseline: Baseline, baselineKey: string): ForkObjects {
  const name = sb.metadata?.name ?? '';
  const deployment: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: forkMetadata(sb, svc, baselineKey),
    spec: { replicas: 1, selector: { matchLabels: forkSelector(name, svc.name) }, template: forkTemplate(sb, svc, baseline) },
  };
  const ports = forkPorts(baseline);
  if (!ports.length) return { deployment };
  const service: KubeObject = {
    apiVersion: 'v1', kind: 'Service', metadata: forkMetadata(sb, svc, baselineKey),
    spec: { type: 'ClusterIP', selector: forkSelector(name, svc.name), ports },
  };
  return { deployment, service };
}

/** Whether a fork's Deployment has rolled out its current spec and all its replicas are available. */
export function deploymentAvailable(d: KubeObject | undefined): boolean {
  if (!d) return false;
  const spec = d.spec as { replicas?: number } | undefined;
  const status = d.status as { observedGeneration?: number; availableReplicas?: number; updatedReplicas?: number } | undefined;
  const want = spec?.replicas ?? 1;
  if ((status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) return false;
  return (status?.availableReplicas ?? 0) >= want && (status?.updatedReplicas ?? want) >= want;
}

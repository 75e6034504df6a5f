/**
 * Validation of Pods and of the pod templates workloads embed (Kubernetes' ValidatePodSpec,
 * ValidatePodTemplateSpec, ValidatePodCreate and ValidatePodUpdate), with Kubernetes' field
 * paths and messages. The checks of each part of a spec live in the `pod-*.ts` files; this file
 * runs them in Kubernetes' order, so a request with several mistakes lists them as a cluster does.
 */
import { childPath, forbiddenError, indexPath, invalidError, invalidErrors, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123LabelErrors } from '../names.ts';
import { annotationMapErrors, labelMapErrors } from './formats.ts';
import { inclusiveRange, MAX_INT32, subdomainNameErrors } from './pod-formats.ts';
import { numberOf, objectOf, objectsOf, stringOf, type Obj } from './readers.ts';
import { defaultPodSpec } from '../../objects/builtin-pod-defaults.ts';
import { semanticEqual } from '../../objects/builtin-immutability.ts';
import { podAnnotationErrors } from './pod-annotations.ts';
import { annotationUpdateErrors, profileAnnotationErrors } from './pod-profile-annotations.ts';
import { containersErrors, ephemeralContainersErrors, hostNetworkPortErrors, initContainersErrors, podImageErrors, type ContainerContext } from './pod-containers.ts';
import { dnsConfigErrors, dnsPolicyErrors, hostAliasErrors } from './pod-dns.ts';
import { osErrors } from './pod-os.ts';
import { affinityErrors, gateErrors, tolerationErrors, topologySpreadErrors } from './pod-scheduling.ts';
import { podSecurityErrors } from './pod-security.ts';
import { validateVolumes } from './pod-volumes.ts';
import type { BuiltinValidator } from './types.ts';

/** How a pod spec is being validated. */
export interface PodSpecOptions {
  /** The spec is a Pod's own rather than a template's (host ports must then be set for hostNetwork). */
  isPod?: boolean;
  /** The Pod's name, which names the claims of its ephemeral volumes. */
  podName?: string;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

/** An absent template spec decodes to an empty spec that defaulting fills, as it would on a cluster. */
function specOf(spec: unknown): Obj {
  const s = objectOf(spec);
  if (s) return s;
  const empty: Obj = {};
  defaultPodSpec(empty);
  return empty;
}

const nameErrors = (value: unknown, path: string, check: (v: string) => string[]): FieldError[] => {
  const v = stringOf(value);
  return v ? invalidErrors(path, v, check(v)) : [];
};

/** Errors of a pod spec at `path` (ValidatePodSpec): a Pod's `spec` or a template's `spec.template.spec`. */
export function validatePodSpec(spec: unknown, path: string, options: PodSpecOptions = {}): FieldError[] {
  const s = specOf(spec);
  const errs: FieldError[] = [];
  const grace = numberOf(s.terminationGracePeriodSeconds);
  if (grace === undefined) errs.push(requiredError(childPath(path, 'terminationGracePeriodSeconds')));
  const { volumes, errors: volumeErrors } = validateVolumes(s.volumes, childPath(path, 'volumes'), options.podName);
  errs.push(...volumeErrors);
  const ctx: ContainerContext = { volumes, gracePeriod: grace };
  errs.push(...containersErrors(s.containers, ctx, childPath(path, 'containers')));
  errs.push(...initContainersErrors(s.initContainers, s.containers, ctx, childPath(path, 'initContainers')));
  errs.push(...ephemeralContainersErrors(s, ctx, childPath(path, 'ephemeralContainers')));
  errs.push(...hostNetworkPortErrors(s, !!options.isPod, path));
  const restart = stringOf(s.restartPolicy);
  if (!restart) errs.push(requiredError(childPath(path, 'restartPolicy')));
  else if (!RESTART_POLICIES.includes(restart)) errs.push(notSupportedError(childPath(path, 'restartPolicy'), restart, RESTART_POLICIES));
  errs.push(...dnsPolicyErrors(s, path));
  errs.push(...labelMapErrors(objectOf(s.nodeSelector) ?? {}, childPath(path, 'nodeSelector')));
  errs.push(...podSecurityErrors(s, path));
  errs.push(...affinityErrors(s.affinity, childPath(path, 'affinity')));
  errs.push(...dnsConfigErrors(s, childPath(path, 'dnsConfig')));
  errs.push(...gateErrors(s, path));
  errs.push(...topologySpreadErrors(s.topologySpreadConstraints, childPath(path, 'topologySpreadConstraints')));
  errs.push(...nameErrors(s.serviceAccountName, childPath(path, 'serviceAccountName'), (v) => subdomainNameErrors(v)));
  errs.push(...nameErrors(s.nodeName, childPath(path, 'nodeName'), (v) => subdomainNameErrors(v)));
  const deadline = numberOf(s.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errs.push(invalidError(childPath(path, 'activeDeadlineSeconds'), deadline, inclusiveRange(1, MAX_INT32)));
  }
  errs.push(...nameErrors(s.hostname, childPath(path, 'hostname'), dns1123LabelErrors));
  errs.push(...nameErrors(s.subdomain, childPath(path, 'subdomain'), dns1123LabelErrors));
  errs.push(...tolerationErrors(s.tolerations, childPath(path, 'tolerations')));
  errs.push(...hostAliasErrors(s.hostAliases, childPath(path, 'hostAliases')));
  errs.push(...nameErrors(s.priorityClassName, childPath(path, 'priorityClassName'), (v) => subdomainNameErrors(v)));
  if (typeof s.runtimeClassName === 'string') {
    errs.push(...invalidErrors(childPath(path, 'runtimeClassName'), s.runtimeClassName, subdomainNameErrors(s.runtimeClassName)));
  }
  if (typeof s.preemptionPolicy === 'string') {
    const policy = s.preemptionPolicy;
    if (!policy) errs.push(requiredError(childPath(path, 'preemptionPolicy')));
    else if (!PREEMPTION_POLICIES.includes(policy)) errs.push(notSupportedError(childPath(path, 'preemptionPolicy'), policy, PREEMPTION_POLICIES));
  }
  errs.push(...osErrors(s, path));
  return errs;
}

/**
 * Errors of a pod template at `path` (ValidatePodTemplateSpec): its labels and annotations,
 * which Kubernetes reports at `<path>.labels` and `<path>.annotations`, and its spec.
 */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  const t = objectOf(template);
  if (!t) return [];
  const metadata = objectOf(t.metadata) ?? {};
  const spec = specOf(t.spec);
  const errs = [
    ...labelMapErrors(objectOf(metadata.labels) ?? {}, childPath(path, 'labels')),
    ...annotationMapErrors(metadata.annotations, childPath(path, 'annotations')),
    ...podAnnotationErrors(metadata.annotations, spec, childPath(path, 'annotations')),
    ...validatePodSpec(spec, childPath(path, 'spec')),
    ...profileAnnotationErrors(metadata.annotations, spec, childPath(path, 'spec')),
  ];
  if (objectsOf(spec.ephemeralContainers).length) errs.push(forbiddenError(childPath(childPath(path, 'spec'), 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}

/** The images of an updated Pod's containers must still be set and trimmed (ValidateContainerUpdates). */
function imageUpdateErrors(spec: Obj): FieldError[] {
  return (['containers', 'initContainers'] as const).flatMap((list) => objectsOf(spec[list]).flatMap((c, i) => {
    const path = childPath(indexPath(childPath('spec', list), i), 'image');
    const image = stringOf(c.image);
    const errs = image ? [] : [requiredError(path)];
    if (image.trim() !== image) errs.push(invalidError(path, image, 'must not have leading or trailing whitespace'));
    return errs;
  }));
}

/**
 * A Pod (metadata names and labels are checked by the generic pipeline). On update, a spec equal
 * to the stored one is not checked again, so a Pod stored before a rule existed can still have
 * its metadata changed; status writes do not come here (see pods-status.ts). Pod annotations are
 * checked on every write.
 */
export const validatePod: BuiltinValidator = (pod, old) => {
  const spec = specOf(pod.spec);
  const annotations = pod.metadata.annotations;
  const errs = podAnnotationErrors(annotations, spec, 'metadata.annotations');
  const updateErrors = old ? annotationUpdateErrors(annotations, old.metadata.annotations, 'metadata.annotations') : [];
  if (old && semanticEqual(spec, objectOf(old.spec) ?? {})) return [...errs, ...updateErrors];
  errs.push(
    ...validatePodSpec(spec, 'spec', { isPod: true, podName: pod.metadata.name }),
    ...podImageErrors(spec.containers, 'spec.containers'),
    ...podImageErrors(spec.initContainers, 'spec.initContainers'),
  );
  if (old) return [...errs, ...updateErrors, ...imageUpdateErrors(spec)];
  if (objectsOf(spec.ephemeralContainers).length) errs.push(forbiddenError('spec.ephemeralContainers', 'cannot be set on create'));
  if (stringOf(spec.nodeName) && objectsOf(spec.schedulingGates).length) errs.push(forbiddenError('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return [...errs, ...profileAnnotationErrors(annotations, spec, 'spec')];
};

/** Validators of the pod kinds, by storage key (PodTemplates are not served). */
export const POD_VALIDATORS: Record<string, BuiltinValidator> = {
  '/pods': validatePod,
};

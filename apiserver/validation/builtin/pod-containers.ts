/**
 * The three container lists of a pod spec (Kubernetes' validateContainers, validateInitContainers
 * and validateEphemeralContainers) and what every container must satisfy: a DNS-label name unique
 * across the lists, an image, supported policies, valid ports, environment, mounts, resources and
 * security context. Probes and hooks belong to regular and restartable init containers only.
 */
import { childPath, duplicateError, forbiddenError, indexPath, invalidError, invalidErrors, notSupportedError, requiredError, type FieldError } from '../field-errors.ts';
import { dns1123LabelErrors } from '../names.ts';
import { portNameErrors, portNumberErrors } from './formats.ts';
import { numberOf, objectsOf, setKeys, stringOf, type Obj } from './readers.ts';
import { envErrors, envFromErrors } from './pod-env.ts';
import { volumeDeviceErrors, volumeMountErrors } from './pod-mounts.ts';
import { containerProbeErrors, lifecycleErrors } from './pod-probes.ts';
import { resourceRequirementsErrors } from './pod-resources.ts';
import { containerSecurityErrors } from './pod-security.ts';

/** What container validation needs from the pod spec. */
export interface ContainerContext {
  volumes: Map<string, Obj>;
  gracePeriod: number | undefined;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function portErrors(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objectsOf(ports).forEach((p, i) => {
    const idx = indexPath(path, i);
    const name = stringOf(p.name);
    if (name) {
      const msgs = portNameErrors(name);
      if (msgs.length) errs.push(...invalidErrors(childPath(idx, 'name'), name, msgs));
      else if (names.has(name)) errs.push(duplicateError(childPath(idx, 'name'), name));
      else names.add(name);
    }
    const containerPort = numberOf(p.containerPort) ?? 0;
    if (!containerPort) errs.push(requiredError(childPath(idx, 'containerPort')));
    else errs.push(...invalidErrors(childPath(idx, 'containerPort'), containerPort, portNumberErrors(containerPort)));
    const hostPort = numberOf(p.hostPort) ?? 0;
    if (hostPort) errs.push(...invalidErrors(childPath(idx, 'hostPort'), hostPort, portNumberErrors(hostPort)));
    const protocol = stringOf(p.protocol);
    if (!protocol) errs.push(requiredError(childPath(idx, 'protocol')));
    else if (!PROTOCOLS.includes(protocol)) errs.push(notSupportedError(childPath(idx, 'protocol'), protocol, PROTOCOLS));
  });
  return errs;
}

/** Rules every container meets, whatever its list (validateContainerCommon). */
function commonErrors(c: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = stringOf(c.name);
  if (!name) errs.push(requiredError(childPath(path, 'name')));
  else errs.push(...invalidErrors(childPath(path, 'name'), name, dns1123LabelErrors(name)));
  if (!stringOf(c.image)) errs.push(requiredError(childPath(path, 'image')));
  const messagePolicy = stringOf(c.terminationMessagePolicy);
  if (!messagePolicy) errs.push(requiredError(childPath(path, 'terminationMessagePolicy')));
  else if (messagePolicy !== 'File' && messagePolicy !== 'FallbackToLogsOnError') {
    errs.push(notSupportedError(childPath(path, 'terminationMessagePolicy'), messagePolicy, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...portErrors(c.ports, childPath(path, 'ports')));
  errs.push(...envErrors(c.env, childPath(path, 'env')));
  errs.push(...envFromErrors(c.envFrom, childPath(path, 'envFrom')));
  errs.push(...volumeMountErrors(c, ctx.volumes, childPath(path, 'volumeMounts')));
  errs.push(...volumeDeviceErrors(c, ctx.volumes, childPath(path, 'volumeDevices')));
  const pullPolicy = stringOf(c.imagePullPolicy);
  if (!pullPolicy) errs.push(requiredError(childPath(path, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pullPolicy)) errs.push(notSupportedError(childPath(path, 'imagePullPolicy'), pullPolicy, PULL_POLICIES));
  errs.push(...resourceRequirementsErrors(c.resources, childPath(path, 'resources')));
  errs.push(...containerSecurityErrors(c.securityContext, childPath(path, 'securityContext')));
  return errs;
}

/** Host ports used twice (same protocol, host IP and port) among `containers`, reported at `path`. */
function hostPortConflicts(containers: Obj[], path: string, offset = 0): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    objectsOf(c.ports).forEach((p, pi) => {
      const port = numberOf(p.hostPort) ?? 0;
      if (!port) return;
      const key = `${stringOf(p.protocol)}/${stringOf(p.hostIP)}/${port}`;
      if (seen.has(key)) errs.push(duplicateError(childPath(indexPath(childPath(indexPath(path, ci + offset), 'ports'), pi), 'hostPort'), key));
      seen.add(key);
    });
  });
  return errs;
}

/** Errors of `containers` at `path`: at least one, unique names, probes and hooks allowed. */
export function containersErrors(containers: unknown, ctx: ContainerContext, path: string): FieldError[] {
  const list = objectsOf(containers);
  if (!list.length) return [requiredError(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const idx = indexPath(path, i);
    errs.push(...commonErrors(c, ctx, idx));
    const name = stringOf(c.name);
    if (names.has(name)) errs.push(duplicateError(childPath(idx, 'name'), name));
    names.add(name);
    errs.push(...lifecycleErrors(c.lifecycle, ctx.gracePeriod, childPath(idx, 'lifecycle')));
    errs.push(...containerProbeErrors(c, ctx.gracePeriod, idx));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbiddenError(childPath(idx, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  return [...errs, ...hostPortConflicts(list, path)];
}

const INIT_ONLY = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];

/**
 * Errors of `initContainers` at `path`. Names must differ from the regular containers' too; an
 * init container with restartPolicy Always (a sidecar) may have probes and hooks, others not.
 */
export function initContainersErrors(initContainers: unknown, containers: unknown, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(objectsOf(containers).map((c) => stringOf(c.name)));
  objectsOf(initContainers).forEach((c, i) => {
    const idx = indexPath(path, i);
    errs.push(...commonErrors(c, ctx, idx));
    const restart = c.restartPolicy;
    if (typeof restart === 'string' && restart !== 'Always') errs.push(notSupportedError(childPath(idx, 'restartPolicy'), restart, ['Always']));
    const name = stringOf(c.name);
    if (names.has(name)) errs.push(duplicateError(childPath(idx, 'name'), name));
    else if (name) names.add(name);
    // Init containers run one at a time, so each is checked for conflicts on its own.
    errs.push(...hostPortConflicts([c], path, i));
    if (restart === 'Always') {
      errs.push(...lifecycleErrors(c.lifecycle, ctx.gracePeriod, childPath(idx, 'lifecycle')));
      errs.push(...containerProbeErrors(c, ctx.gracePeriod, idx));
    } else {
      for (const field of setKeys(c, INIT_ONLY)) errs.push(forbiddenError(childPath(idx, field), 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return errs;
}

/** Container fields an ephemeral container may not set, in the order of Kubernetes' struct. */
const NOT_FOR_EPHEMERAL = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];

/** Set to something other than its zero value: empty lists and structs of zero fields count as unset, as Go compares them. */
function hasContent(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  return typeof v !== 'object' || Object.values(v as Obj).some(hasContent);
}

/** Errors of `ephemeralContainers` at `path`: names unique across all lists, a known target, debugging fields only. */
export function ephemeralContainersErrors(spec: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const others = new Set([...objectsOf(spec.containers), ...objectsOf(spec.initContainers)].map((c) => stringOf(c.name)));
  const all = new Set(others);
  objectsOf(spec.ephemeralContainers).forEach((c, i) => {
    const idx = indexPath(path, i);
    errs.push(...commonErrors(c, ctx, idx));
    const image = stringOf(c.image);
    if (image.trim() !== image) errs.push(invalidError(childPath(idx, 'image'), image, 'must not have leading or trailing whitespace'));
    const name = stringOf(c.name);
    if (all.has(name)) errs.push(duplicateError(childPath(idx, 'name'), name));
    else all.add(name);
    const target = stringOf(c.targetContainerName);
    if (target && !others.has(target)) errs.push({ type: 'FieldValueNotFound', field: childPath(idx, 'targetContainerName'), badValue: target, detail: '' });
    for (const field of NOT_FOR_EPHEMERAL) if (hasContent(c[field])) errs.push(forbiddenError(childPath(idx, field), 'cannot be set for an Ephemeral Container'));
    objectsOf(c.volumeMounts).forEach((m, j) => {
      for (const field of ['subPath', 'subPathExpr']) {
        if (stringOf(m[field])) errs.push(forbiddenError(childPath(indexPath(childPath(idx, 'volumeMounts'), j), field), 'cannot be set for an Ephemeral Container'));
      }
    });
  });
  return errs;
}

/** Pods (not templates): images may not carry surrounding whitespace. */
export function podImageErrors(containers: unknown, path: string): FieldError[] {
  return objectsOf(containers).flatMap((c, i) => {
    const image = stringOf(c.image);
    return image.trim() !== image ? [invalidError(childPath(indexPath(path, i), 'image'), image, 'must not have leading or trailing whitespace')] : [];
  });
}

/** With `hostNetwork`, a container's host port is its container port (a template may leave it 0). */
export function hostNetworkPortErrors(spec: Obj, isPod: boolean, specPath: string): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  return objectsOf(spec.containers).flatMap((c, i) => objectsOf(c.ports).flatMap((p, j) => {
    const hostPort = numberOf(p.hostPort) ?? 0;
    const containerPort = numberOf(p.containerPort) ?? 0;
    if ((!isPod && hostPort === 0) || hostPort === containerPort) return [];
    return [invalidError(childPath(indexPath(childPath(indexPath(childPath(specPath, 'containers'), i), 'ports'), j), 'hostPort'), hostPort, 'must match `containerPort` when `hostNetwork` is true')];
  }));
}

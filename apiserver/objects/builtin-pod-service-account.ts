/**
 * The ServiceAccount admission plugin on Pod create: the Pod's service account (`default` when it
 * names none) must exist; unless automounting is off, every container and init container gets the
 * API access volume (a bound token, the cluster CA and the namespace) mounted read-only at the
 * well-known path; the account's image pull secrets are copied to a Pod that has none; and an
 * account annotated to enforce mountable secrets limits the secrets the Pod may reference.
 * Mirror pods (static pods of a kubelet) get nothing and may reference neither accounts nor secrets.
 */
import { statusError } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { BUILTIN_RESOURCES } from '../resources/registry.ts';
import { objectKey } from '../storage/types.ts';
import { objectAt, objectsIn, type Obj } from './builtin-pod-defaults.ts';
import type { ApiContext } from './context.ts';
import { generateName } from './generate-name.ts';

/** The account a Pod runs as when it names none; the service account controller creates it in every namespace. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';
/** Where the API access volume is mounted in containers. */
export const API_ACCESS_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The ConfigMap holding the cluster CA in every namespace (the root CA publisher keeps it). */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

const VOLUME_PREFIX = 'kube-api-access-';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const ENFORCE_MOUNTABLE_SECRETS = 'kubernetes.io/enforce-mountable-secrets';
/** Bound tokens of automounted volumes last an hour and seven seconds (the seven seconds mark them as legacy-lifetime tokens). */
const TOKEN_EXPIRATION_SECONDS = 3607;
/** 0644, set explicitly so the stored Pod carries it. */
const PROJECTED_DEFAULT_MODE = 0o644;

const SERVICE_ACCOUNTS = BUILTIN_RESOURCES.find((r) => r.kind === 'ServiceAccount')!.storageKey;

function forbidden(pod: KubeObject, reason: string): Error {
  const name = pod.metadata.name ?? '';
  // An unnamed Pod (generateName) is named after admission, so Kubernetes says just "pods".
  const subject = name ? `pods "${name}"` : 'pods';
  return statusError('Forbidden', { message: `${subject} is forbidden: ${reason}`, ...(name ? { name } : {}), kind: 'pods' });
}

/** The projected volume Kubernetes mounts for API access. */
function apiAccessVolume(name: string): Obj {
  return {
    name,
    projected: {
      defaultMode: PROJECTED_DEFAULT_MODE,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

function shouldAutomount(sa: KubeObject, spec: Obj): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof sa.automountServiceAccountToken === 'boolean') return sa.automountServiceAccountToken;
  return true;
}

/**
 * Mounts the API access volume in every container and init container that has nothing at the
 * mount path; an existing `kube-api-access-` volume is reused, else one with a random suffix is added.
 */
function mountApiAccess(spec: Obj): void {
  const volumes = objectsIn(spec.volumes);
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(VOLUME_PREFIX));
  const volumeName = typeof existing?.name === 'string' ? existing.name : generateName(VOLUME_PREFIX);
  let needed = false;
  for (const c of [...objectsIn(spec.initContainers), ...objectsIn(spec.containers)]) {
    const mounts = objectsIn(c.volumeMounts);
    if (mounts.some((m) => m.mountPath === API_ACCESS_MOUNT_PATH)) continue;
    c.volumeMounts = [...(Array.isArray(c.volumeMounts) ? c.volumeMounts : []), { name: volumeName, readOnly: true, mountPath: API_ACCESS_MOUNT_PATH }];
    needed = true;
  }
  if (needed && !existing) spec.volumes = [...(Array.isArray(spec.volumes) ? spec.volumes : []), apiAccessVolume(volumeName)];
}

function refName(v: unknown): string | undefined {
  const name = objectAt(v)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** The secrets a container references through its environment, with the words of the plugin's messages. */
function containerSecretRefs(c: Obj): { env?: string; secret: string }[] {
  const out: { env?: string; secret: string }[] = [];
  for (const e of objectsIn(c.env)) {
    const secret = refName(objectAt(e.valueFrom)?.secretKeyRef);
    if (secret !== undefined) out.push({ env: String(e.name), secret });
  }
  for (const e of objectsIn(c.envFrom)) {
    const secret = refName(e.secretRef);
    if (secret !== undefined) out.push({ secret });
  }
  return out;
}

/** Every secret name a volume source references (secret, projected secrets, and the drivers' secretRefs). */
function volumeSecretNames(v: Obj): string[] {
  const out: string[] = [];
  for (const [key, source] of Object.entries(v)) {
    const s = objectAt(source);
    if (!s || key === 'name') continue;
    if (typeof s.secretName === 'string') out.push(s.secretName);
    const ref = refName(s.secretRef) ?? refName(s.nodePublishSecretRef);
    if (ref !== undefined) out.push(ref);
    for (const p of objectsIn(s.sources)) { const n = refName(p.secret); if (n !== undefined) out.push(n); }
  }
  return out;
}

/** Mirror pods may reference no service account, no secret and no token projection. */
function validateMirrorPod(pod: KubeObject, spec: Obj): void {
  if (spec.serviceAccountName) throw forbidden(pod, 'a mirror pod may not reference service accounts');
  const containers = [...objectsIn(spec.initContainers), ...objectsIn(spec.containers), ...objectsIn(spec.ephemeralContainers)];
  const secrets = objectsIn(spec.imagePullSecrets).length > 0 ||
    containers.some((c) => containerSecretRefs(c).length > 0) ||
    objectsIn(spec.volumes).some((v) => volumeSecretNames(v).length > 0);
  if (secrets) throw forbidden(pod, 'a mirror pod may not reference secrets');
  const projectsToken = objectsIn(spec.volumes).some((v) => objectsIn(objectAt(v.projected)?.sources).some((s) => s.serviceAccountToken !== undefined));
  if (projectsToken) throw forbidden(pod, 'a mirror pod may not use ServiceAccountToken volume projections');
}

/** With the enforce-mountable-secrets annotation, the Pod may reference only the account's secrets. */
function limitSecretReferences(pod: KubeObject, spec: Obj, sa: KubeObject): void {
  const mountable = new Set(objectsIn(sa.secrets).map((s) => refName(s)));
  const account = sa.metadata.name;
  for (const v of objectsIn(spec.volumes)) {
    const secretName = objectAt(v.secret)?.secretName;
    if (typeof secretName === 'string' && !mountable.has(secretName)) {
      throw forbidden(pod, `volume with secret.secretName="${secretName}" is not allowed because service account ${account} does not reference that secret`);
    }
  }
  const groups: [string, Obj[]][] = [['init container', objectsIn(spec.initContainers)], ['container', objectsIn(spec.containers)]];
  for (const [what, containers] of groups) {
    for (const c of containers) {
      for (const ref of containerSecretRefs(c)) {
        if (mountable.has(ref.secret)) continue;
        const via = ref.env !== undefined ? `envVar ${ref.env}` : 'envFrom';
        throw forbidden(pod, `${what} ${String(c.name)} with ${via} referencing secret.secretName="${ref.secret}" is not allowed because service account ${account} does not reference that secret`);
      }
    }
  }
  const pullable = new Set(objectsIn(sa.imagePullSecrets).map((s) => refName(s)));
  objectsIn(spec.imagePullSecrets).forEach((ref, i) => {
    if (!pullable.has(refName(ref))) {
      throw forbidden(pod, `imagePullSecrets[${i}].name="${refName(ref) ?? ''}" is not allowed because service account ${account} does not reference that imagePullSecret`);
    }
  });
}

/** Runs the ServiceAccount admission plugin on a Pod being created. */
export function admitServiceAccount(pod: KubeObject, spec: Obj, ctx: ApiContext): void {
  if (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) {
    validateMirrorPod(pod, spec);
    return;
  }
  const name = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : DEFAULT_SERVICE_ACCOUNT;
  spec.serviceAccountName = name;
  spec.serviceAccount ||= name;
  const namespace = pod.metadata.namespace ?? '';
  const sa = ctx.store.get(SERVICE_ACCOUNTS, objectKey(namespace, name));
  if (!sa) throw forbidden(pod, `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`);
  if (shouldAutomount(sa, spec)) mountApiAccess(spec);
  if (objectsIn(spec.imagePullSecrets).length === 0) {
    const names = objectsIn(sa.imagePullSecrets).map((s) => refName(s)).filter((n) => n !== undefined);
    if (names.length) spec.imagePullSecrets = names.map((n) => ({ name: n }));
  }
  const enforce = sa.metadata.annotations?.[ENFORCE_MOUNTABLE_SECRETS];
  if (enforce !== undefined && /^(1|t|T|TRUE|true|True)$/.test(enforce)) limitSecretReferences(pod, spec, sa);
}

/**
 * Volumes and mounts of the pods: the test-file ConfigMaps, Secrets from env.secretMounts, and the
 * user's volumes, each mount filtered by its `target` role and each volume kept only where a
 * mount of that role uses it.
 */
import type { V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { LocustTest, TargetedVolumeMount } from '../../apis/locust/v2/locusttest_types.ts';
import { DEFAULT_LIB_MOUNT_PATH, DEFAULT_SRC_MOUNT_PATH, LIB_VOLUME_NAME, secretVolumeName, type NodeMode } from './naming.ts';

function mountApplies(mount: TargetedVolumeMount, mode: NodeMode): boolean {
  const target = mount.target || 'both';
  return target === 'both' || target === mode;
}

function userMounts(lt: LocustTest): TargetedVolumeMount[] {
  return lt.spec?.volumeMounts ?? [];
}

/** Volumes of a role's pod. `node` names the test-file volume. */
export function podVolumes(lt: LocustTest, node: string, mode: NodeMode): V1Volume[] | undefined {
  const files = lt.spec?.testFiles;
  const out: V1Volume[] = [];
  if (files?.configMapRef) out.push({ name: node, configMap: { name: files.configMapRef } });
  if (files?.libConfigMapRef) out.push({ name: LIB_VOLUME_NAME, configMap: { name: files.libConfigMapRef } });
  for (const sm of lt.spec?.env?.secretMounts ?? []) out.push({ name: secretVolumeName(sm.name), secret: { secretName: sm.name } });
  const mounts = userMounts(lt);
  for (const vol of lt.spec?.volumes ?? []) {
    if (mounts.some((m) => m.name === vol.name && mountApplies(m, mode))) out.push(structuredClone(vol));
  }
  return out.length ? out : undefined;
}

/** Volume mounts of a role's Locust container. */
export function containerMounts(lt: LocustTest, node: string, mode: NodeMode): V1VolumeMount[] | undefined {
  const files = lt.spec?.testFiles;
  const out: V1VolumeMount[] = [];
  if (files?.configMapRef) out.push({ name: node, mountPath: files.srcMountPath || DEFAULT_SRC_MOUNT_PATH });
  if (files?.libConfigMapRef) out.push({ name: LIB_VOLUME_NAME, mountPath: files.libMountPath || DEFAULT_LIB_MOUNT_PATH });
  for (const sm of lt.spec?.env?.secretMounts ?? []) {
    out.push({ name: secretVolumeName(sm.name), mountPath: sm.mountPath, ...(sm.readOnly ?? true ? { readOnly: true } : {}) });
  }
  for (const m of userMounts(lt)) {
    if (!mountApplies(m, mode)) continue;
    const { target: _target, ...mount } = m;
    out.push(structuredClone(mount));
  }
  return out.length ? out : undefined;
}

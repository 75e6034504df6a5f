/**
 * The LocustTest validating webhook: rules the CRD schema cannot state. Secret and volume mounts
 * may not cover the paths the operator mounts test files at, volume names may not collide with
 * the operator's own, every mount needs its volume, and OpenTelemetry needs an endpoint.
 */
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import type { ValidateFns } from '../../runtime/index.ts';
import { DEFAULT_LIB_MOUNT_PATH, DEFAULT_SRC_MOUNT_PATH, LIB_VOLUME_NAME, nodeName } from './naming.ts';

/** Longest test name whose `-worker` Job name still fits in 63 characters. */
export const MAX_TEST_NAME_LENGTH = 56;
const SECRET_VOLUME_PREFIX = 'secret-';

/** A LocustTest the operator cannot run as specified. */
export class LocustTestInvalid extends Error {
  readonly kind = 'LocustTestInvalid';
}

/** True when one path is the other or lies below it (trailing slashes ignored). */
export function pathsOverlap(a: string, b: string): boolean {
  const p = a.replace(/\/+$/, '');
  const q = b.replace(/\/+$/, '');
  return p === q || p.startsWith(`${q}/`) || q.startsWith(`${p}/`);
}

/** Paths the test files use; both defaults while no test files are set, since they may be added later. */
export function reservedPaths(lt: LocustTest): string[] {
  const files = lt.spec?.testFiles;
  const src = files?.srcMountPath || DEFAULT_SRC_MOUNT_PATH;
  const lib = files?.libMountPath || DEFAULT_LIB_MOUNT_PATH;
  const paths: string[] = [];
  if (files?.configMapRef) paths.push(src);
  if (files?.libConfigMapRef) paths.push(lib);
  return paths.length ? paths : [src, lib];
}

function checkName(lt: LocustTest): void {
  const name = lt.metadata?.name ?? '';
  if (name.length > MAX_TEST_NAME_LENGTH) {
    throw new LocustTestInvalid(`name "${name}" is too long: generated Job names would exceed 63 characters (max CR name length is ${MAX_TEST_NAME_LENGTH})`);
  }
}

function checkSecretMounts(lt: LocustTest, reserved: string[]): void {
  for (const m of lt.spec?.env?.secretMounts ?? []) {
    const hit = reserved.find((r) => pathsOverlap(m.mountPath, r));
    if (hit) throw new LocustTestInvalid(`secretMount path "${m.mountPath}" conflicts with reserved path "${hit}"; operator uses this path for test files`);
  }
}

function checkVolumes(lt: LocustTest, reserved: string[]): void {
  const name = lt.metadata?.name ?? '';
  const own = new Set([nodeName(name, 'master'), nodeName(name, 'worker')]);
  for (const v of lt.spec?.volumes ?? []) {
    if (v.name.startsWith(SECRET_VOLUME_PREFIX)) throw new LocustTestInvalid(`volume name "${v.name}" uses reserved prefix "${SECRET_VOLUME_PREFIX}"`);
    if (v.name === LIB_VOLUME_NAME) throw new LocustTestInvalid(`volume name "${v.name}" is reserved by the operator`);
    if (own.has(v.name)) throw new LocustTestInvalid(`volume name "${v.name}" conflicts with operator-generated name`);
  }
  for (const m of lt.spec?.volumeMounts ?? []) {
    const hit = reserved.find((r) => pathsOverlap(m.mountPath, r));
    if (hit) throw new LocustTestInvalid(`volumeMount path "${m.mountPath}" conflicts with reserved path "${hit}"`);
  }
  const defined = new Set((lt.spec?.volumes ?? []).map((v) => v.name));
  for (const m of lt.spec?.volumeMounts ?? []) {
    if (!defined.has(m.name)) throw new LocustTestInvalid(`volumeMount "${m.name}" references undefined volume`);
  }
}

function checkOpenTelemetry(lt: LocustTest): void {
  const otel = lt.spec?.observability?.openTelemetry;
  if (otel?.enabled && !otel.endpoint) throw new LocustTestInvalid('observability.openTelemetry.endpoint is required when OpenTelemetry is enabled');
}

/** Throws LocustTestInvalid naming the first rule lt breaks. */
export function validateLocustTest(lt: LocustTest): void {
  checkName(lt);
  const reserved = reservedPaths(lt);
  checkSecretMounts(lt, reserved);
  checkVolumes(lt, reserved);
  checkOpenTelemetry(lt);
}

/**
 * Checks of locust.io/v2 LocustTests on create and update; deletes are always allowed. Tests
 * written through v1 reach it converted to v2 (matchPolicy Equivalent).
 * +kubebuilder:webhook:path=/validate-locust-io-v2-locusttest,mutating=false,failurePolicy=fail,sideEffects=None,groups=locust.io,resources=locusttests,verbs=create;update,versions=v2,name=vlocusttest-v2.kb.io,admissionReviewVersions=v1
 */
export const locustTestValidator: ValidateFns<LocustTest> = {
  validateCreate: (lt) => { validateLocustTest(lt); },
  validateUpdate: (_old, lt) => { validateLocustTest(lt); },
};

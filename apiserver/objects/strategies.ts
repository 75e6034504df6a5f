/**
 * Per-kind behaviour of built-in resources on create and update: server-set defaults (namespace
 * finalizers and phase, service cluster IPs, secret types), preserved fields, extra validation.
 */
import type { StatusCause } from '../../runtime/core/errors.ts';
import type { KubeObject } from '../../runtime/core/meta.ts';
import { CRD_RESOURCE } from '../resources/registry.ts';
import type { ResourceType } from '../resources/types.ts';
import type { NameRule } from '../validation/objectmeta.ts';
import type { ApiContext } from './context.ts';
import { applyCrdStatus } from './crd-status.ts';

/** Hooks of one kind. Objects passed in are fresh copies the hook may mutate. */
export interface Strategy {
  nameRule?: NameRule;
  prepareCreate?(obj: KubeObject, ctx: ApiContext, now: string): void;
  prepareUpdate?(obj: KubeObject, old: KubeObject, ctx: ApiContext, now: string): void;
  validate?(obj: KubeObject, old: KubeObject | undefined, ctx: ApiContext): StatusCause[];
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

const namespaceStrategy: Strategy = {
  nameRule: 'label',
  prepareCreate(obj) {
    obj.spec = { ...asObj(obj.spec), finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
  },
  prepareUpdate(obj, old) {
    // spec.finalizers change only through the finalize subresource; phase only through status.
    obj.spec = { ...asObj(obj.spec), finalizers: asObj(old.spec).finalizers };
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
  },
};

let nextServiceIp = 1;
function allocateClusterIp(ctx: ApiContext): string {
  const used = new Set<string>();
  for (const s of ctx.store.list('/services')) {
    const ip = asObj(s.spec).clusterIP;
    if (typeof ip === 'string') used.add(ip);
  }
  for (;;) {
    const n = nextServiceIp++;
    const ip = `10.96.${(n >> 8) & 0xff}.${n & 0xff}`;
    if ((n & 0xff) !== 0 && !used.has(ip)) return ip;
  }
}

const serviceStrategy: Strategy = {
  nameRule: 'label',
  prepareCreate(obj, ctx) {
    const spec = { ...asObj(obj.spec) };
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    if (Array.isArray(spec.ports)) {
      spec.ports = spec.ports.map((p: Obj) => ({ protocol: 'TCP', targetPort: p.port, ...p }));
    }
    if (spec.type !== 'ExternalName' && (spec.clusterIP === undefined || spec.clusterIP === '')) {
      const ip = allocateClusterIp(ctx);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
      spec.ipFamilies = ['IPv4'];
      spec.ipFamilyPolicy = 'SingleStack';
    }
    obj.spec = spec;
    obj.status = { loadBalancer: {} };
  },
  prepareUpdate(obj, old) {
    const oldSpec = asObj(old.spec);
    const spec = { ...asObj(obj.spec) };
    if (!spec.clusterIP && oldSpec.clusterIP) { spec.clusterIP = oldSpec.clusterIP; spec.clusterIPs = oldSpec.clusterIPs; }
    obj.spec = spec;
  },
};

const secretStrategy: Strategy = {
  prepareCreate(obj) { normalizeSecret(obj); },
  prepareUpdate(obj) { normalizeSecret(obj); },
};

function normalizeSecret(obj: KubeObject): void {
  obj.type ??= 'Opaque';
  const stringData = asObj(obj.stringData);
  if (Object.keys(stringData).length) {
    const data = { ...asObj(obj.data) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v)).toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
}

const podStrategy: Strategy = {
  prepareCreate(obj) {
    obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
  },
};

const replicated: Strategy = {
  prepareCreate(obj) {
    const spec = asObj(obj.spec);
    if (spec.replicas === undefined) obj.spec = { ...spec, replicas: 1 };
  },
};

const crdStrategy: Strategy = {
  validate(obj, old, ctx) {
    return ctx.ext.crd.validateCustomResourceDefinition(obj, old);
  },
  prepareCreate(obj, ctx, now) {
    obj.status = {};
    applyCrdStatus(obj, ctx.store.list(CRD_RESOURCE.storageKey), now);
  },
  prepareUpdate(obj, old, ctx, now) {
    obj.status = old.status;
    applyCrdStatus(obj, ctx.store.list(CRD_RESOURCE.storageKey), now);
  },
};

const STRATEGIES: Record<string, Strategy> = {
  '/namespaces': namespaceStrategy,
  '/services': serviceStrategy,
  '/secrets': secretStrategy,
  '/pods': podStrategy,
  'apps/deployments': replicated,
  'apps/statefulsets': replicated,
  'apps/replicasets': replicated,
  'apiextensions.k8s.io/customresourcedefinitions': crdStrategy,
};

/** The strategy of a resource (empty for kinds with no special behaviour). */
export function strategyFor(rt: ResourceType): Strategy {
  return (!rt.custom && STRATEGIES[rt.storageKey]) || {};
}

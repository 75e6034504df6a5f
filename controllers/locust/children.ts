/**
 * The three children of a LocustTest (master Service, master Job, worker Job): which exist, and
 * creating the missing ones with the test as their controller. Children are never updated: a
 * test is immutable once it has started.
 */
import type { V1Job } from '@kubernetes/client-node';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import { isAlreadyExists, isNotFound, Jobs, Services, setControllerReference, type Client, type KubeObject, type Resource } from '../../runtime/index.ts';
import type { LocustOperatorConfig } from './config.ts';
import { buildMasterJob, buildWorkerJob } from './job.ts';
import { asObject } from './kinds.ts';
import { nodeName } from './naming.ts';
import { buildMasterService } from './service.ts';

/** Annotation on each child: the test generation whose spec it was built from. */
export const SPEC_GENERATION_ANNOTATION = 'locust.io/spec-generation';

/** One child: its kind, name, label in messages, and how to build it. */
export interface ChildSpec {
  res: Resource<KubeObject>;
  kind: 'Service' | 'Job';
  name: string;
  /** How events and messages name it, e.g. "Master Job". */
  label: string;
  build: (lt: LocustTest, cfg: LocustOperatorConfig) => object;
}

/** The children of a test, in creation order. */
export function childSpecs(lt: LocustTest): ChildSpec[] {
  const name = lt.metadata?.name ?? '';
  return [
    { res: Services, kind: 'Service', name: nodeName(name, 'master'), label: 'Master Service', build: buildMasterService },
    { res: Jobs, kind: 'Job', name: nodeName(name, 'master'), label: 'Master Job', build: buildMasterJob },
    { res: Jobs, kind: 'Job', name: nodeName(name, 'worker'), label: 'Worker Job', build: buildWorkerJob },
  ];
}

/** The children as they exist now; a missing one maps to undefined. */
export interface ChildState {
  service?: KubeObject;
  masterJob?: V1Job;
  workerJob?: V1Job;
  missing: ChildSpec[];
}

/** Reads the children through reader; errors other than NotFound propagate (no recovery on doubt). */
export async function readChildren(reader: Pick<Client, 'get'>, lt: LocustTest): Promise<ChildState> {
  const specs = childSpecs(lt);
  const found = await Promise.all(specs.map(async (c) => {
    try {
      return await reader.get(c.res, { namespace: lt.metadata?.namespace, name: c.name });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }));
  return {
    service: found[0],
    masterJob: found[1] as V1Job | undefined,
    workerJob: found[2] as V1Job | undefined,
    missing: specs.filter((_, i) => !found[i]),
  };
}

/** Builds and creates one child; resolves to the created object, or undefined when it already existed. */
export async function createChild(client: Pick<Client, 'create'>, lt: LocustTest, cfg: LocustOperatorConfig, child: ChildSpec): Promise<KubeObject | undefined> {
  const obj = child.build(lt, cfg) as KubeObject;
  obj.metadata.annotations = { ...obj.metadata.annotations, [SPEC_GENERATION_ANNOTATION]: String(lt.metadata?.generation ?? 1) };
  setControllerReference(asObject(lt), obj);
  try {
    return await client.create(child.res, obj);
  } catch (err) {
    if (isAlreadyExists(err)) return undefined;
    throw err;
  }
}

/** The generation the existing children were built from (the oldest one's, so any drift shows). */
export function builtFromGeneration(state: ChildState): number | undefined {
  const gens = [state.service, state.masterJob, state.workerJob]
    .map((o) => Number((o?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.[SPEC_GENERATION_ANNOTATION]))
    .filter((g) => Number.isFinite(g) && g > 0);
  return gens.length ? Math.min(...gens) : undefined;
}

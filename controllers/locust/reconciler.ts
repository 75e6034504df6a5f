/**
 * The LocustTest reconciler. A test is created once and then only observed: the first reconcile
 * adds the finalizer and initial status, the Pending phase creates the master Service and the two
 * Jobs, and later reconciles derive the phase from the master Job, recreate children deleted
 * behind the operator's back (until the test has finished), and flag spec edits as ignored.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { LocustTest, LocustTestStatus } from '../../apis/locust/v2/locusttest_types.ts';
import {
  addFinalizer, ConfigMaps, containsFinalizer, createMergePatch, isNotFound, Pods, removeFinalizer,
  type Client, type EventRecorder, type ReconcileContext, type Request, type Result,
} from '../../runtime/index.ts';
import { builtFromGeneration, createChild, readChildren, type ChildState } from './children.ts';
import { Cond, isTerminal, Reason } from './conditions.ts';
import type { LocustOperatorConfig } from './config.ts';
import { asObject, LocustTests, referencedConfigMaps } from './kinds.ts';
import { LABEL_TEST_NAME } from './naming.ts';
import { assessPodHealth } from './pod-health.ts';
import { applyObservation, initializeStatus, markSpecDrift, setCondition, type PendingEvent } from './status.ts';

/** The finalizer that lets the operator see (and announce) a test's deletion. */
export const FINALIZER = 'locust.io/cleanup';

/** Longest wait between checks for a missing ConfigMap (its creation also triggers a reconcile). */
const MAX_CONFIGMAP_BACKOFF_MS = 5 * 60_000;

/** What the reconciler works with. */
export interface LocustReconcilerDeps {
  /** Cache-backed client: reads from informers, writes to the API server. */
  client: Client;
  /** Uncached reads, to confirm a child is really gone before recreating it. */
  reader: Pick<Client, 'get'>;
  recorder: EventRecorder;
  config: LocustOperatorConfig;
  now?: () => Date;
}

// The operator's permissions (collected into the manager ClusterRole by `tsop generate`):
// +kubebuilder:rbac:groups=locust.io,resources=locusttests,verbs=get;list;watch;update;patch
// +kubebuilder:rbac:groups=locust.io,resources=locusttests/status,verbs=get;update;patch
// +kubebuilder:rbac:groups=locust.io,resources=locusttests/finalizers,verbs=update
// +kubebuilder:rbac:groups=batch,resources=jobs,verbs=get;list;watch;create;delete
// +kubebuilder:rbac:groups="",resources=services,verbs=get;list;watch;create;delete
// +kubebuilder:rbac:groups="",resources=pods,verbs=get;list;watch
// +kubebuilder:rbac:groups="",resources=configmaps,verbs=get;list;watch
// +kubebuilder:rbac:groups="",resources=events,verbs=create;patch

/** Reconciles LocustTests; see the module comment. */
export class LocustTestReconciler {
  readonly #d: LocustReconcilerDeps;

  constructor(deps: LocustReconcilerDeps) {
    this.#d = deps;
  }

  /** One reconcile of the test named by req. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    const { client } = this.#d;
    let lt: LocustTest;
    try {
      lt = await client.get(LocustTests, req);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const obj = asObject(lt);
    if (obj.metadata.deletionTimestamp) return this.#finalize(lt);
    if (!lt.spec) {
      ctx.logger.info('LocustTest has no spec; nothing to do');
      return;
    }
    if (addFinalizer(obj, FINALIZER)) lt = await this.#setFinalizers(lt);

    const now = this.#now();
    const status: LocustTestStatus = structuredClone(lt.status ?? {});
    const events: PendingEvent[] = [];
    if (!status.phase) initializeStatus(status, lt, now);
    let result: Result | void = undefined;
    if (isTerminal(status.phase)) {
      // A finished test keeps its outcome; its children may be gone (Job TTL) and stay gone.
      const children = await readChildren(client, lt);
      const builtFrom = builtFromGeneration(children);
      if (builtFrom !== undefined) events.push(...markSpecDrift(status, lt, builtFrom, now));
    } else {
      result = await this.#converge(lt, status, events, now, ctx);
    }
    status.observedGeneration = lt.metadata?.generation;
    await this.#writeStatus(lt, status);
    for (const e of events) this.#d.recorder.event(asObject(lt), e.type, e.reason, e.message);
    return result;
  }

  /** Non-terminal tests: ensure the children, then derive the status from them. */
  async #converge(lt: LocustTest, status: LocustTestStatus, events: PendingEvent[], now: Date, ctx: ReconcileContext): Promise<Result | void> {
    const { client, config } = this.#d;
    let children = await readChildren(client, lt);
    if (children.missing.length) {
      // The cache may lag behind a create; only the API server can say a child is really gone.
      children = await readChildren(this.#d.reader, lt);
    }
    if (children.missing.length) {
      if (status.phase !== 'Pending' || builtFromGeneration(children) !== undefined) {
        for (const c of children.missing) {
          events.push({ type: 'Warning', reason: 'ResourceDeleted', message: `${c.label} ${c.name} was deleted externally, will attempt recreation` });
        }
        status.phase = 'Pending';
        setCondition(status, lt, Cond.Ready, false, Reason.ResourcesCreating, 'Recreating externally deleted resources', now);
      }
      const absent = await this.#missingConfigMaps(lt);
      if (absent.length) return this.#waitForConfigMaps(lt, status, events, absent, now);
      for (const c of children.missing) {
        const created = await createChild(client, lt, config, c);
        if (!created) continue;
        events.push({ type: 'Normal', reason: 'Created', message: `Created ${c.kind} ${c.name}` });
        ctx.logger.info({ kind: c.kind, child: c.name }, 'created child');
      }
      setCondition(status, lt, Cond.Ready, true, Reason.ResourcesCreated, 'All resources created', now);
      children = await readChildren(this.#d.reader, lt);
    } else if (status.conditions?.find((c) => c.type === Cond.Ready)?.reason !== Reason.ResourcesCreated && status.phase === 'Pending') {
      setCondition(status, lt, Cond.Ready, true, Reason.ResourcesCreated, 'All resources created', now);
    }
    const pods = (await client.list(Pods, { namespace: lt.metadata?.namespace, labelSelector: `${LABEL_TEST_NAME}=${lt.metadata?.name}` })).items as V1Pod[];
    const podHealth = assessPodHealth(lt, pods, config.podStartupGraceMs, now.getTime());
    events.push(...applyObservation(status, lt, { masterJob: children.masterJob, workerJob: children.workerJob, podHealth }, now));
    const builtFrom = builtFromGeneration(children);
    if (builtFrom !== undefined) events.push(...markSpecDrift(status, lt, builtFrom, now));
    if (podHealth.inGracePeriod) return { requeueAfter: podHealth.graceRemainingMs };
  }

  async #missingConfigMaps(lt: LocustTest): Promise<string[]> {
    const out: string[] = [];
    for (const name of referencedConfigMaps(lt)) {
      try {
        await this.#d.client.get(ConfigMaps, { namespace: lt.metadata?.namespace, name });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        out.push(name);
      }
    }
    return out;
  }

  /**
   * Children are held back until their ConfigMaps exist (pods would only sit in
   * ContainerCreating). The wait is reported, then retried with a delay that doubles with the
   * time already waited; creating the ConfigMap triggers a reconcile at once anyway.
   */
  #waitForConfigMaps(lt: LocustTest, status: LocustTestStatus, events: PendingEvent[], absent: string[], now: Date): Result {
    const ns = lt.metadata?.namespace ?? '';
    const list = absent.map((n) => `"${n}"`).join(', ');
    const message = `ConfigMap ${list} not found in namespace "${ns}"; the test starts once it exists`;
    const ready = status.conditions?.find((c) => c.type === Cond.Ready);
    const firstReport = ready?.reason !== Reason.ConfigMapNotFound || ready.message !== message;
    setCondition(status, lt, Cond.Ready, false, Reason.ConfigMapNotFound, message, now);
    events.push({ type: 'Warning', reason: Reason.ConfigMapNotFound, message });
    const since = Date.parse(ready?.lastTransitionTime ?? '') || now.getTime();
    const waited = firstReport ? 0 : now.getTime() - since;
    return { requeueAfter: Math.min(Math.max(waited, 1000), MAX_CONFIGMAP_BACKOFF_MS) };
  }

  /** Deletion: announce it and let go; owner references make the garbage collector remove the children. */
  async #finalize(lt: LocustTest): Promise<void> {
    const obj = asObject(lt);
    if (!containsFinalizer(obj, FINALIZER)) return;
    this.#d.recorder.event(obj, 'Normal', 'Deleting', 'LocustTest and owned resources being cleaned up');
    removeFinalizer(obj, FINALIZER);
    await this.#setFinalizers(lt);
  }

  /**
   * Writes metadata.finalizers alone (a merge patch guarded by the resourceVersion), so the
   * stored spec is never rewritten, whatever API version it was written through.
   */
  #setFinalizers(lt: LocustTest): Promise<LocustTest> {
    const meta = asObject(lt).metadata;
    return this.#d.client.patch(LocustTests, { namespace: meta.namespace, name: meta.name ?? '' },
      { metadata: { finalizers: meta.finalizers ?? [], resourceVersion: meta.resourceVersion } }, { type: 'merge' });
  }

  async #writeStatus(lt: LocustTest, status: LocustTestStatus): Promise<void> {
    const patch = createMergePatch({ status: lt.status ?? {} }, { status });
    if (patch === undefined) return;
    await this.#d.client.patchStatus(LocustTests, { namespace: lt.metadata?.namespace, name: lt.metadata?.name ?? '' }, patch, { type: 'merge' });
  }

  #now(): Date {
    return this.#d.now?.() ?? new Date();
  }
}

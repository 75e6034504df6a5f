/**
 * The Sandbox reconciler. Each reconcile forks every listed service (a Deployment and a Service
 * named `<sandbox>-<service>`, server-side applied so that unchanged forks are not rewritten),
 * removes forks of services dropped from the spec, derives the status, and schedules the next
 * look at the expiry time; an expired sandbox deletes itself. The finalizer marks the sandbox
 * Terminating and removes its forks before it goes, so routes to it turn inactive first.
 */
import type { Sandbox, SandboxServiceStatus, SandboxStatus } from '../../apis/sandbox/v1alpha1/sandbox_types.ts';
import {
  addFinalizer, applyObject, containsFinalizer, createMergePatch, Deployments, findStatusCondition, isNotFound,
  removeFinalizer, rfc3339Now, Services, type Client, type EventRecorder, type KubeObject, type ReconcileContext,
  type Request, type Result,
} from '../../runtime/index.ts';
import { baselineKeyString, resolveBaseline } from './baseline.ts';
import { buildFork, deploymentAvailable } from './fork.ts';
import { asObject, Sandboxes } from './kinds.ts';
import { effectiveRoutingKey, FIELD_MANAGER, forkName, invalidForkName, LABEL_SANDBOX, LABEL_SERVICE, serviceHost } from './naming.ts';
import { applyForkObservation, markTerminating, SandboxCondition, SandboxReason, type ForkProblem } from './sandbox-status.ts';
import { expiresAt, retryDelay, sooner } from './timing.ts';

/** The finalizer that lets the operator remove the forks before the sandbox disappears. */
export const SANDBOX_FINALIZER = 'sandbox.tsop.dev/cleanup';

// +kubebuilder:rbac:groups=sandbox.tsop.dev,resources=sandboxes,verbs=get;list;watch;patch;delete
// +kubebuilder:rbac:groups=sandbox.tsop.dev,resources=sandboxes/status,verbs=get;update;patch
// +kubebuilder:rbac:groups=sandbox.tsop.dev,resources=sandboxes/finalizers,verbs=update
// +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups="",resources=services,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups="",resources=events,verbs=create;patch

/** What the Sandbox reconciler works with. */
export interface SandboxReconcilerDeps {
  /** Cache-backed client. */
  client: Client;
  /** Uncached reads, for answers the cache may not have caught up with. */
  reader: Pick<Client, 'get' | 'list'>;
  recorder: EventRecorder;
  /** The clock; tests move it to reach expiry without waiting. */
  now?: () => Date;
}

interface PendingEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

/** Reconciles Sandboxes; see the module comment. */
export class SandboxReconciler {
  readonly #d: SandboxReconcilerDeps;

  constructor(deps: SandboxReconcilerDeps) {
    this.#d = deps;
  }

  /** One reconcile of the sandbox named by req. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    const { client } = this.#d;
    let sb: Sandbox;
    try {
      sb = await client.get(Sandboxes, req);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const obj = asObject(sb, 'Sandbox');
    if (obj.metadata.deletionTimestamp) {
      try {
        return await this.#finalize(sb, ctx);
      } catch (err) {
        // The cache can still show a sandbox whose finalizer was already released: it is gone.
        if (isNotFound(err)) return;
        throw err;
      }
    }
    if (!sb.spec) return;
    const now = this.#now();
    const expiry = expiresAt(sb);
    if (expiry && now.getTime() >= expiry.getTime()) return this.#expire(sb, ctx);
    if (addFinalizer(obj, SANDBOX_FINALIZER)) sb = await this.#writeFinalizers(sb);

    const status: SandboxStatus = structuredClone(sb.status ?? {});
    const priorReady = findStatusCondition(status.conditions, SandboxCondition.Ready);
    const events: PendingEvent[] = [];
    const { services, problems } = await this.#fork(sb, events, ctx);
    await this.#prune(sb, ctx);
    const change = applyForkObservation(status, { services, problems, generation: sb.metadata?.generation }, now);
    if (change.becameReady) events.push({ type: 'Normal', reason: 'SandboxReady', message: 'all forked services are available' });
    for (const p of problems) events.push({ type: 'Warning', reason: p.reason, message: p.message });
    if (expiry) status.expiresAt = rfc3339Now(expiry);
    status.routingKey = effectiveRoutingKey(sb);
    status.observedGeneration = sb.metadata?.generation;
    await this.#writeStatus(sb, status);
    for (const e of events) this.#d.recorder.event(asObject(sb, 'Sandbox'), e.type, e.reason, e.message);

    const untilExpiry = expiry ? expiry.getTime() - now.getTime() : undefined;
    let retry: number | undefined;
    if (problems.length) {
      const since = priorReady?.status === 'False' && priorReady.reason === findStatusCondition(status.conditions, SandboxCondition.Ready)?.reason ? priorReady.lastTransitionTime : undefined;
      retry = retryDelay(since, now);
    }
    const after = sooner(retry, untilExpiry);
    return after === undefined ? undefined : { requeueAfter: Math.max(after, 1) };
  }

  /** Applies the fork of every service whose baseline exists; collects the others as problems. */
  async #fork(sb: Sandbox, events: PendingEvent[], ctx: ReconcileContext): Promise<{ services: SandboxServiceStatus[]; problems: ForkProblem[] }> {
    const { client } = this.#d;
    const ns = sb.metadata?.namespace ?? '';
    const services: SandboxServiceStatus[] = [];
    const problems: ForkProblem[] = [];
    for (const svc of sb.spec.services ?? []) {
      const name = forkName(sb.metadata?.name ?? '', svc.name);
      const invalid = invalidForkName(name);
      if (invalid) {
        problems.push({ service: svc.name, reason: SandboxReason.InvalidForkName, message: `service "${svc.name}" cannot be forked: ${invalid}` });
        services.push({ name: svc.name, ready: false });
        continue;
      }
      const baseline = await resolveBaseline(client, sb, svc);
      const key = baselineKeyString(sb, svc);
      if (!baseline) {
        problems.push({ service: svc.name, reason: SandboxReason.BaselineNotFound, message: `baseline Deployment "${key}" of service "${svc.name}" not found` });
        services.push({ name: svc.name, ready: false });
        continue;
      }
      const fork = buildFork(sb, svc, baseline, key);
      const prior = await this.#current(Deployments, ns, name);
      const priorService = fork.service ? await this.#current(Services, ns, name) : undefined;
      const foreign = [prior, priorService].find((o) => o && !o.metadata.ownerReferences?.some((r) => r.controller && r.uid === sb.metadata?.uid));
      if (foreign) {
        // Never take over an object someone else made; the sandbox waits until the name is free.
        problems.push({ service: svc.name, reason: SandboxReason.ForkNameTaken, message: `${foreign.kind} "${name}" already exists and does not belong to this sandbox` });
        services.push({ name: svc.name, ready: false });
        continue;
      }
      const deployment = await applyObject(client, Deployments, fork.deployment, { fieldManager: FIELD_MANAGER });
      if (!prior) {
        events.push({ type: 'Normal', reason: 'ForkCreated', message: `Created Deployment ${name} from baseline ${key}` });
        ctx.logger.info({ fork: name, baseline: key }, 'created fork');
      } else if (prior.metadata.generation !== deployment.metadata.generation) {
        events.push({ type: 'Normal', reason: 'ForkUpdated', message: `Updated Deployment ${name} from baseline ${key}` });
      }
      let endpoint: string | undefined;
      if (fork.service) {
        await applyObject(client, Services, fork.service, { fieldManager: FIELD_MANAGER });
        endpoint = serviceHost(name, ns);
      }
      services.push({ name: svc.name, ready: deploymentAvailable(deployment), ...(endpoint ? { endpoint } : {}) });
    }
    return { services, problems };
  }

  /** Deletes forks of services no longer listed. */
  async #prune(sb: Sandbox, ctx: ReconcileContext): Promise<void> {
    const wanted = new Set((sb.spec.services ?? []).map((s) => s.name));
    for (const res of [Deployments, Services]) {
      for (const child of await this.#owned(res, sb, this.#d.client)) {
        if (wanted.has(child.metadata.labels?.[LABEL_SERVICE] ?? '')) continue;
        await this.#deleteQuietly(res, child);
        ctx.logger.info({ kind: res.kind, child: child.metadata.name }, 'removed fork of a dropped service');
      }
    }
  }

  /** The sandbox ran out of time: announce it and delete it (the finalizer does the rest). */
  async #expire(sb: Sandbox, ctx: ReconcileContext): Promise<void> {
    this.#d.recorder.event(asObject(sb, 'Sandbox'), 'Normal', 'Expired', `time to live of ${sb.spec.ttl}s elapsed; deleting the sandbox`);
    ctx.logger.info({ ttl: sb.spec.ttl }, 'sandbox expired');
    try {
      await this.#d.client.delete(Sandboxes, { namespace: sb.metadata?.namespace, name: sb.metadata?.name ?? '' }, { preconditions: { uid: sb.metadata?.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Deletion: report Terminating, remove the forks, then release the sandbox. */
  async #finalize(current: Sandbox, ctx: ReconcileContext): Promise<void> {
    let sb = current;
    if (!containsFinalizer(asObject(sb, 'Sandbox'), SANDBOX_FINALIZER)) return;
    if (sb.status?.phase !== 'Terminating') {
      const status: SandboxStatus = structuredClone(sb.status ?? {});
      markTerminating(status, this.#now());
      sb = (await this.#writeStatus(sb, status)) ?? sb;
      this.#d.recorder.event(asObject(sb, 'Sandbox'), 'Normal', 'Terminating', 'removing the forked services');
    }
    for (const res of [Deployments, Services]) {
      for (const child of await this.#owned(res, sb, this.#d.reader)) await this.#deleteQuietly(res, child);
    }
    ctx.logger.info('forks removed; releasing the sandbox');
    removeFinalizer(asObject(sb, 'Sandbox'), SANDBOX_FINALIZER);
    await this.#writeFinalizers(sb);
  }

  /**
   * Writes metadata.finalizers alone: a merge patch guarded by the resourceVersion, so it neither
   * races another writer nor resends the spec.
   */
  async #writeFinalizers(sb: Sandbox): Promise<Sandbox> {
    const meta = sb.metadata ?? {};
    return this.#d.client.patch(Sandboxes, { namespace: meta.namespace, name: meta.name ?? '' },
      { metadata: { finalizers: meta.finalizers ?? [], resourceVersion: meta.resourceVersion } }, { type: 'merge' });
  }

  /** Objects of res in the sandbox's namespace that this sandbox controls. */
  async #owned(res: typeof Deployments, sb: Sandbox, reader: Pick<Client, 'list'>): Promise<KubeObject[]> {
    const list = await reader.list(res, { namespace: sb.metadata?.namespace, labelSelector: `${LABEL_SANDBOX}=${sb.metadata?.name}` });
    return list.items.filter((o) => o.metadata.ownerReferences?.some((r) => r.controller && r.uid === sb.metadata?.uid));
  }

  /** The live object from the cache, confirmed with the API server when the cache has none. */
  async #current(res: typeof Deployments, namespace: string, name: string): Promise<KubeObject | undefined> {
    for (const reader of [this.#d.client, this.#d.reader]) {
      try {
        return await reader.get(res, { namespace, name });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return undefined;
  }

  async #deleteQuietly(res: typeof Deployments, obj: KubeObject): Promise<void> {
    try {
      await this.#d.client.delete(res, { namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' }, { preconditions: { uid: obj.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Patches the status when it changed; returns the updated sandbox then. */
  async #writeStatus(sb: Sandbox, status: SandboxStatus): Promise<Sandbox | undefined> {
    const patch = createMergePatch({ status: sb.status ?? {} }, { status });
    if (patch === undefined) return undefined;
    return this.#d.client.patchStatus(Sandboxes, { namespace: sb.metadata?.namespace, name: sb.metadata?.name ?? '' }, patch, { type: 'merge' });
  }

  #now(): Date {
    return this.#d.now?.() ?? new Date();
  }
}

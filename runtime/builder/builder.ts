/**
 * The controller builder: a controller is a reconcile function plus a few lines naming the kind it
 * reconciles, the kinds it owns, and anything else it watches.
 *
 *   controllerFor(mgr, Widgets).owns(ConfigMaps).withOptions({ maxConcurrentReconciles: 4 }).complete(reconcile)
 */
import type { KubeObject } from '../core/meta.ts';
import type { ApiObject } from '../client/resource.ts';
import type { Resource } from '../client/resource.ts';
import type { InformerScope } from '../cache/informer-cache.ts';
import type { SharedInformer } from '../cache/informer.ts';
import { Controller, type ControllerOptions } from '../controller/controller.ts';
import type { ReconcileFunc, Reconciler } from '../controller/reconcile.ts';
import { kindSource } from '../controller/kind-source.ts';
import type { Source } from '../controller/source.ts';
import { enqueueRequestForObject, enqueueRequestForOwner, enqueueRequestsFromMapFunc, type EventHandler, type MapFunc } from '../handler/handler.ts';
import type { Predicate } from '../predicate/predicate.ts';

/** What a builder needs from its host (the Manager implements it). */
export interface ControllerHost {
  /** The shared informer of a kind. */
  informerFor<T extends ApiObject>(res: Resource<T>, scope?: InformerScope): SharedInformer<T>;
  /** Registers the controller so it runs with the host. */
  addController(ctl: Controller): void;
  /** Defaults for every controller (logger, metrics, rate limiter...), merged under the builder's. */
  controllerDefaults(name: string): Partial<ControllerOptions>;
}

/** Per-watch options. */
export interface WatchOptions<T extends ApiObject> {
  /** Predicates for this watch only (added to the global event filters). */
  predicates?: Predicate<T>[];
  /** Informer scope (namespace, selectors) for this watch. */
  scope?: InformerScope;
}

/** Options of owns(). */
export interface OwnsOptions<T extends ApiObject> extends WatchOptions<T> {
  /** Enqueue the owner for non-controller owner references too. Default false. */
  includeNonControllerOwners?: boolean;
}

/** Builder options that map onto ControllerOptions. */
export type BuilderOptions = Partial<Omit<ControllerOptions, 'name'>>;

interface WatchSpec {
  res: Resource<ApiObject>;
  handler: EventHandler<ApiObject>;
  predicates: Predicate<ApiObject>[];
  scope?: InformerScope;
  what: string;
}

/** Fluent controller builder; see controllerFor. */
export class ControllerBuilder<T extends ApiObject> {
  private readonly host: ControllerHost;
  private readonly forRes: Resource<T>;
  private readonly watchesList: WatchSpec[] = [];
  private readonly globalPredicates: Predicate<ApiObject>[] = [];
  private options: BuilderOptions = {};
  private name: string;

  constructor(host: ControllerHost, forRes: Resource<T>, opts: WatchOptions<T> = {}) {
    this.host = host;
    this.forRes = forRes;
    this.name = forRes.kind.toLowerCase();
    this.watchesList.push({ res: forRes as Resource<ApiObject>, handler: enqueueRequestForObject(), predicates: (opts.predicates ?? []) as unknown as Predicate<ApiObject>[], scope: opts.scope, what: `kind source: ${forRes.kind}` });
  }

  /** Reconciles the owner when an object of res that it controls changes. */
  owns<C extends ApiObject>(res: Resource<C>, opts: OwnsOptions<C> = {}): this {
    const handler = enqueueRequestForOwner({ group: this.forRes.group, kind: this.forRes.kind, namespaced: this.forRes.namespaced }, { onlyController: !opts.includeNonControllerOwners });
    this.watchesList.push({ res: res as Resource<ApiObject>, handler: handler as EventHandler<ApiObject>, predicates: (opts.predicates ?? []) as unknown as Predicate<ApiObject>[], scope: opts.scope, what: `owned: ${res.kind}` });
    return this;
  }

  /** Watches res, mapping each changed object to requests (a map function or a full handler). */
  watches<C extends ApiObject>(res: Resource<C>, mapOrHandler: MapFunc<C> | EventHandler<C>, opts: WatchOptions<C> = {}): this {
    const handler = typeof mapOrHandler === 'function' ? enqueueRequestsFromMapFunc(mapOrHandler) : mapOrHandler;
    this.watchesList.push({ res: res as Resource<ApiObject>, handler: handler as unknown as EventHandler<ApiObject>, predicates: (opts.predicates ?? []) as unknown as Predicate<ApiObject>[], scope: opts.scope, what: `watches: ${res.kind}` });
    return this;
  }

  /** Adds predicates applied to every watch of this controller. */
  withEventFilter(...predicates: Predicate<ApiObject>[]): this {
    this.globalPredicates.push(...predicates);
    return this;
  }

  /** Sets controller options (maxConcurrentReconciles, rateLimiter, reconcileTimeoutMs...). */
  withOptions(options: BuilderOptions): this {
    this.options = { ...this.options, ...options };
    return this;
  }

  /** Overrides the controller name (default: the lower-cased kind). Names must be unique per manager. */
  named(name: string): this {
    this.name = name;
    return this;
  }

  /** Builds the controller, registers it with the host, and returns it. */
  complete(reconciler: Reconciler | ReconcileFunc): Controller {
    const defaults = this.host.controllerDefaults(this.name);
    const ctl = new Controller(reconciler, {
      ...defaults,
      ...this.options,
      name: this.name,
      logFields: { controllerGroup: this.forRes.group, controllerKind: this.forRes.kind, ...defaults.logFields, ...this.options.logFields },
    });
    for (const w of this.watchesList) ctl.watch(this.sourceFor(w));
    this.host.addController(ctl);
    return ctl;
  }

  private sourceFor(w: WatchSpec): Source {
    const informer = this.host.informerFor(w.res, w.scope);
    return kindSource(informer, w.handler, [...this.globalPredicates, ...w.predicates], w.what);
  }
}

/** Starts a controller builder for kind res on host (usually a Manager). */
export function controllerFor<T extends ApiObject>(host: ControllerHost, res: Resource<T>, opts?: WatchOptions<T>): ControllerBuilder<T> {
  return new ControllerBuilder(host, res, opts);
}

/**
 * The Continuous mode's watches: per mapping, informers on the configured types in the source
 * namespace of the source cluster. Any add, change or delete after the initial list marks the
 * mapping dirty and enqueues it; the reconciler then runs a sync. A mapping whose source changes
 * (other cluster, namespace, types or a reconnected client) gets its watches rebuilt.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { InformerCache, resourceId, type Logger, type Request, type Resource } from '../../runtime/index.ts';

/** What one mapping watches. */
export interface WatchTarget {
  kubeConfig: KubeConfig;
  /** Changes when the source cluster's client is replaced. */
  clusterGeneration: number;
  namespace: string;
  resources: Resource[];
}

interface Running { signature: string; cache: InformerCache }

/** The watches of every Continuous mapping. */
export class SourceWatches {
  readonly #running = new Map<string, Running>();
  readonly #dirty = new Map<string, Date>();
  readonly #trigger: (req: Request) => void;
  readonly #now: () => Date;
  readonly #logger: Logger | undefined;

  constructor(trigger: (req: Request) => void, opts: { now?: () => Date; logger?: Logger } = {}) {
    this.#trigger = trigger;
    this.#now = opts.now ?? (() => new Date());
    this.#logger = opts.logger;
  }

  /** Starts (or rebuilds) the watches of mapping req for target; a no-op when already watching it. */
  ensure(req: Request, target: WatchTarget): void {
    const key = `${req.namespace}/${req.name}`;
    const signature = JSON.stringify([target.kubeConfig.getCurrentCluster()?.server, target.clusterGeneration, target.namespace, target.resources.map(resourceId)]);
    const current = this.#running.get(key);
    if (current?.signature === signature) return;
    if (current) void current.cache.stop();
    const cache = new InformerCache(target.kubeConfig, { namespace: target.namespace, logger: this.#logger });
    const mark = () => {
      this.#dirty.set(key, this.#now());
      this.#trigger(req);
    };
    for (const res of target.resources) {
      cache.informerFor(res, { namespace: target.namespace }).addEventHandler({
        onAdd: (_obj, initial) => { if (!initial) mark(); },
        onUpdate: (o, n) => { if (o.metadata?.resourceVersion !== n.metadata?.resourceVersion) mark(); },
        onDelete: () => mark(),
      });
    }
    cache.start();
    this.#running.set(key, { signature, cache });
    this.#logger?.info({ mapping: key, namespace: target.namespace, kinds: target.resources.map((r) => r.kind) }, 'watching source namespace');
  }

  /** Whether mapping req is being watched. */
  watching(req: Request): boolean {
    return this.#running.has(`${req.namespace}/${req.name}`);
  }

  /** Resolves once the watches of req have listed their initial state. */
  async synced(req: Request, signal?: AbortSignal): Promise<boolean> {
    return (await this.#running.get(`${req.namespace}/${req.name}`)?.cache.waitForSync(signal)) ?? false;
  }

  /** Time of the latest change seen since the last call, clearing it; undefined when none. */
  takeChange(req: Request): Date | undefined {
    const key = `${req.namespace}/${req.name}`;
    const at = this.#dirty.get(key);
    this.#dirty.delete(key);
    return at;
  }

  /** Stops the watches of req. */
  stop(req: Request): void {
    const key = `${req.namespace}/${req.name}`;
    const current = this.#running.get(key);
    this.#running.delete(key);
    this.#dirty.delete(key);
    if (current) void current.cache.stop();
  }

  /** Stops every watch. */
  async stopAll(): Promise<void> {
    const all = [...this.#running.values()];
    this.#running.clear();
    this.#dirty.clear();
    await Promise.all(all.map((r) => r.cache.stop()));
  }
}

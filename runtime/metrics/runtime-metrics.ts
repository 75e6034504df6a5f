/**
 * Prometheus series under controller-runtime's names and labels, so existing dashboards and alerts
 * work unchanged. Each manager owns a Registry; nothing is registered globally.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ControllerMetrics, ReconcileOutcome } from '../controller/controller.ts';
import type { WorkQueue, WorkQueueMetrics } from '../queue/workqueue.ts';

const reconcileBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
  1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];
// client-go's workqueue buckets: 10 ns .. 100 s, factor 10.
const queueBuckets = Array.from({ length: 11 }, (_, i) => Number((1e-8 * 10 ** i).toPrecision(1)));

/** The runtime's metric families on one registry. */
export class RuntimeMetrics {
  readonly registry: Registry;
  private readonly queues = new Map<string, Pick<WorkQueue<string>, 'unfinishedWorkSeconds' | 'longestRunningSeconds'>>();
  private readonly reconcileTotal: Counter<'controller' | 'result'>;
  private readonly reconcileErrors: Counter<'controller'>;
  private readonly terminalErrors: Counter<'controller'>;
  private readonly panics: Counter<'controller'>;
  private readonly reconcileTime: Histogram<'controller'>;
  private readonly maxConcurrent: Gauge<'controller'>;
  private readonly activeWorkers: Gauge<'controller'>;
  private readonly depth: Gauge<'name' | 'controller'>;
  private readonly adds: Counter<'name' | 'controller'>;
  private readonly queueLatency: Histogram<'name' | 'controller'>;
  private readonly workDuration: Histogram<'name' | 'controller'>;
  private readonly retries: Counter<'name' | 'controller'>;
  private readonly leaderStatus: Gauge<'name'>;

  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    const queues = this.queues;
    this.reconcileTotal = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers });
    this.reconcileErrors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers });
    this.terminalErrors = new Counter({ name: 'controller_runtime_terminal_reconcile_errors_total', help: 'Total number of terminal reconciliation errors per controller', labelNames: ['controller'], registers });
    this.panics = new Counter({ name: 'controller_runtime_reconcile_panics_total', help: 'Total number of reconciliation panics per controller', labelNames: ['controller'], registers });
    this.reconcileTime = new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: ['controller'], buckets: reconcileBuckets, registers });
    this.maxConcurrent = new Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: ['controller'], registers });
    this.activeWorkers = new Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: ['controller'], registers });
    this.depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name', 'controller'], registers });
    this.adds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name', 'controller'], registers });
    this.queueLatency = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames: ['name', 'controller'], buckets: queueBuckets, registers });
    this.workDuration = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames: ['name', 'controller'], buckets: queueBuckets, registers });
    this.retries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name', 'controller'], registers });
    new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help: 'How many seconds of work has been done that is in progress and hasn\'t been observed by work_duration. Large values indicate stuck threads.',
      labelNames: ['name', 'controller'], registers,
      collect() { for (const [name, q] of queues) this.set({ name, controller: name }, q.unfinishedWorkSeconds()); },
    });
    new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      labelNames: ['name', 'controller'], registers,
      collect() { for (const [name, q] of queues) this.set({ name, controller: name }, q.longestRunningSeconds()); },
    });
    this.leaderStatus = new Gauge({ name: 'leader_election_master_status', help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. \'name\' is the string used to identify the lease.', labelNames: ['name'], registers });
  }

  /** Callbacks for one controller. */
  controller(name: string): ControllerMetrics {
    const labels = { controller: name };
    for (const result of ['success', 'error', 'requeue', 'requeue_after'] as const) this.reconcileTotal.inc({ controller: name, result }, 0);
    this.reconcileErrors.inc(labels, 0);
    this.terminalErrors.inc(labels, 0);
    this.panics.inc(labels, 0);
    this.activeWorkers.set(labels, 0);
    return {
      maxConcurrent: (n) => this.maxConcurrent.set(labels, n),
      activeWorkers: (delta) => this.activeWorkers.inc(labels, delta),
      reconciled: (outcome: ReconcileOutcome, seconds) => {
        this.reconcileTotal.inc({ controller: name, result: outcome });
        this.reconcileTime.observe(labels, seconds);
      },
      failed: (terminal, panic) => {
        this.reconcileErrors.inc(labels);
        if (terminal) this.terminalErrors.inc(labels);
        if (panic) this.panics.inc(labels);
      },
    };
  }

  /** Callbacks for a controller's queue; the queue is sampled at scrape time for in-flight work. */
  queue(name: string, queue: Pick<WorkQueue<string>, 'unfinishedWorkSeconds' | 'longestRunningSeconds'>): WorkQueueMetrics {
    this.queues.set(name, queue);
    const labels = { name, controller: name };
    this.depth.set(labels, 0);
    this.adds.inc(labels, 0);
    this.retries.inc(labels, 0);
    return {
      added: () => { this.depth.inc(labels); this.adds.inc(labels); },
      started: (ms) => { this.depth.dec(labels); this.queueLatency.observe(labels, ms / 1000); },
      finished: (ms) => this.workDuration.observe(labels, ms / 1000),
      retried: () => this.retries.inc(labels),
      dropped: (n) => this.depth.dec(labels, n),
    };
  }

  /** Sets leader_election_master_status for a lease. */
  leader(name: string, isLeader: boolean): void {
    this.leaderStatus.set({ name }, isLeader ? 1 : 0);
  }

  /** The exposition text of every series. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * The leader-election record kept in a coordination.k8s.io/v1 Lease. Reads and writes use
 * optimistic concurrency (resourceVersion), so two candidates can never both win a write.
 */
import type { KubeObject } from '../core/meta.ts';
import { isNotFound } from '../core/errors.ts';
import type { Client } from '../client/types.ts';
import { Leases } from '../client/builtins.ts';

/** The fields of Lease.spec that leader election uses. */
export interface LeaderRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions: number;
}

/** A Lease as read from the API, with its resourceVersion for the next write. */
export interface LeaseSnapshot {
  record: LeaderRecord;
  resourceVersion: string;
}

/** MicroTime: RFC 3339 with microseconds, as Lease timestamps serialise. */
export function microTime(d: Date = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Reads and writes one Lease. */
export class LeaseLock {
  readonly namespace: string;
  readonly name: string;
  private readonly client: Pick<Client, 'get' | 'create' | 'update'>;

  constructor(client: Pick<Client, 'get' | 'create' | 'update'>, namespace: string, name: string) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** The current record, or undefined when the Lease does not exist. */
  async get(): Promise<LeaseSnapshot | undefined> {
    try {
      const lease = await this.client.get(Leases, { namespace: this.namespace, name: this.name });
      return { record: recordOf(lease), resourceVersion: lease.metadata.resourceVersion ?? '' };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Creates the Lease; rejects with AlreadyExists if another candidate was first. */
  async create(record: LeaderRecord): Promise<LeaseSnapshot> {
    const lease = await this.client.create(Leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace }, spec: specOf(record) });
    return { record: recordOf(lease), resourceVersion: lease.metadata.resourceVersion ?? '' };
  }

  /** Replaces the record; rejects with Conflict if the Lease changed since `resourceVersion`. */
  async update(record: LeaderRecord, resourceVersion: string): Promise<LeaseSnapshot> {
    const lease = await this.client.update(Leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace, resourceVersion }, spec: specOf(record) });
    return { record: recordOf(lease), resourceVersion: lease.metadata.resourceVersion ?? '' };
  }

  /** `namespace/name`, for logs. */
  describe(): string {
    return `${this.namespace}/${this.name}`;
  }
}

function specOf(r: LeaderRecord): Record<string, unknown> {
  const spec: Record<string, unknown> = { holderIdentity: r.holderIdentity, leaseDurationSeconds: r.leaseDurationSeconds, leaseTransitions: r.leaseTransitions };
  if (r.acquireTime) spec.acquireTime = r.acquireTime;
  if (r.renewTime) spec.renewTime = r.renewTime;
  return spec;
}

function recordOf(lease: KubeObject): LeaderRecord {
  const spec = (lease.spec ?? {}) as Partial<LeaderRecord>;
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: spec.acquireTime,
    renewTime: spec.renewTime,
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

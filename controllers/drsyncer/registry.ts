/**
 * The connected remote clusters, shared by the three controllers: the RemoteCluster controller
 * connects and registers a client per RemoteCluster; the mapping controllers look clients up by
 * name. A fresh connection (new kubeconfig) replaces the old one and bumps its generation, so
 * long-lived users (the Continuous mode's watches) can tell they hold a stale client.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ApiClient } from '../../runtime/index.ts';
import { keyOf } from './kinds.ts';

/** One connected cluster. */
export interface RemoteConnection {
  /** `<namespace>/<name>` of the RemoteCluster. */
  key: string;
  client: ApiClient;
  kubeConfig: KubeConfig;
  /** Server URL of the cluster. */
  server: string;
  /** Increases every time the connection of this RemoteCluster is replaced. */
  generation: number;
  /** Fingerprint of the kubeconfig text the connection was built from. */
  fingerprint: string;
}

/** Listener of connection changes (connected, replaced or removed). */
export type ConnectionListener = (key: string, conn: RemoteConnection | undefined) => void;

/** The set of connected remote clusters. */
export class RemoteClusterRegistry {
  readonly #conns = new Map<string, RemoteConnection>();
  readonly #listeners = new Set<ConnectionListener>();
  #generation = 0;

  /** The connection of RemoteCluster namespace/name, if connected. */
  get(namespace: string, name: string): RemoteConnection | undefined {
    return this.#conns.get(keyOf(namespace, name));
  }

  /** Registers (or replaces) the connection of namespace/name; the previous client is closed. */
  set(namespace: string, name: string, conn: Omit<RemoteConnection, 'key' | 'generation'>): RemoteConnection {
    const key = keyOf(namespace, name);
    const prev = this.#conns.get(key);
    if (prev && prev.client !== conn.client) prev.client.transport.close();
    const next: RemoteConnection = { ...conn, key, generation: ++this.#generation };
    this.#conns.set(key, next);
    this.#notify(key, next);
    return next;
  }

  /** Drops (and closes) the connection of namespace/name. */
  delete(namespace: string, name: string): void {
    const key = keyOf(namespace, name);
    const prev = this.#conns.get(key);
    if (!prev) return;
    this.#conns.delete(key);
    prev.client.transport.close();
    this.#notify(key, undefined);
  }

  /** Subscribes to connection changes; returns the unsubscribe function. */
  onChange(listener: ConnectionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes every connection. */
  close(): void {
    for (const c of this.#conns.values()) c.client.transport.close();
    this.#conns.clear();
  }

  #notify(key: string, conn: RemoteConnection | undefined): void {
    for (const l of this.#listeners) {
      try { l(key, conn); } catch { /* a listener's failure must not break registration */ }
    }
  }
}

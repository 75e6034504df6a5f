/**
 * Decoding of a Kubernetes watch stream: newline-delimited JSON events that may be split across
 * (or packed into) network chunks.
 */
import type { KubeObject } from '../core/meta.ts';
import type { ApiObject } from '../client/resource.ts';

/** The event types a watch stream carries. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One watch event as sent by the API server. ERROR events carry a Status object. */
export interface WatchEvent<T extends ApiObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

/**
 * Splits incoming chunks into complete lines and parses each as a watch event. Keeps partial lines
 * as raw buffers so that multi-byte characters split across chunks decode correctly.
 */
export class WatchEventDecoder {
  #pending: Buffer[] = [];

  /** Feeds one chunk and returns the events it completes. Unparsable lines are reported. */
  push(chunk: Buffer, onBadLine?: (line: string) => void): WatchEvent[] {
    const events: WatchEvent[] = [];
    let start = 0;
    let nl = chunk.indexOf(10);
    while (nl >= 0) {
      const part = chunk.subarray(start, nl);
      const line = this.#pending.length ? Buffer.concat([...this.#pending, part]) : part;
      this.#pending = [];
      this.#parse(line, events, onBadLine);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.#pending.push(chunk.subarray(start));
    return events;
  }

  #parse(line: Buffer, out: WatchEvent[], onBadLine?: (line: string) => void): void {
    const text = line.toString('utf8').trim();
    if (!text) return;
    try {
      const ev = JSON.parse(text) as WatchEvent;
      if (ev && typeof ev.type === 'string' && ev.object && typeof ev.object === 'object') out.push(ev);
      else onBadLine?.(text);
    } catch {
      onBadLine?.(text);
    }
  }
}

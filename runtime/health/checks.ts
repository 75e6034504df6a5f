/**
 * Named health checks served the Kubernetes way: `/healthz` and `/readyz` answer `ok` or 500,
 * `?verbose` lists each check as `[+]name ok` / `[-]name failed: reason withheld`, `/healthz/<name>`
 * runs one check, and `?exclude=name` skips checks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A check passes by returning; it fails by throwing (or rejecting). */
export type Checker = () => void | Promise<void>;

/** A set of named checks behind one endpoint (healthz or readyz). */
export class CheckSet {
  readonly endpoint: string;
  private readonly checks = new Map<string, Checker>();

  constructor(endpoint: string) {
    this.endpoint = endpoint;
  }

  /** Adds a named check; names must be unique. */
  add(name: string, check: Checker): void {
    if (this.checks.has(name)) throw new Error(`${this.endpoint} check "${name}" already exists`);
    this.checks.set(name, check);
  }

  /** Runs checks (all, or one by name); the result of each. */
  async run(only?: string, exclude: string[] = []): Promise<{ name: string; ok: boolean; error?: string }[]> {
    const names = [...this.checks.keys()].filter((n) => (only ? n === only : !exclude.includes(n)));
    return Promise.all(names.map(async (name) => {
      try {
        await this.checks.get(name)!();
        return { name, ok: true };
      } catch (err) {
        return { name, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }));
  }

  /** Whether a check of that name exists. */
  has(name: string): boolean {
    return this.checks.has(name);
  }

  /** Serves a request for `/<endpoint>` or `/<endpoint>/<name>`; false if the path is not ours. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://probe');
    const base = `/${this.endpoint}`;
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return false;
    const only = url.pathname.length > base.length + 1 ? decodeURIComponent(url.pathname.slice(base.length + 1)) : undefined;
    if (only && !this.has(only)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`${only} not found\n`);
      return true;
    }
    const exclude = url.searchParams.getAll('exclude').flatMap((e) => e.split(','));
    const results = await this.run(only, exclude);
    const ok = results.every((r) => r.ok);
    const verbose = url.searchParams.has('verbose') || !ok;
    let body: string;
    if (!verbose) body = 'ok';
    else {
      const lines = results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: reason withheld`));
      for (const e of exclude) lines.push(`[+]${e} excluded: ok`);
      lines.push(`${this.endpoint} check ${ok ? 'passed' : 'failed'}`);
      body = `${lines.join('\n')}\n`;
    }
    res.writeHead(ok ? 200 : 500, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(body);
    return true;
  }
}

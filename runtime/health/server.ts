/** A small HTTP server for probes and metrics; each handler claims the paths it serves. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves a request; returns false when the path is not its own. */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** Where to listen. Port 0 picks a free port. */
export interface BindAddress {
  port: number;
  host?: string;
}

/** A started endpoint server. */
export interface EndpointServer {
  /** `http://host:port`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a server dispatching to routes in order; 404 when none claims the path. */
export async function serveEndpoints(addr: BindAddress, routes: Route[]): Promise<EndpointServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        for (const route of routes) if (await route(req, res)) return;
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    })();
  });
  const host = addr.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

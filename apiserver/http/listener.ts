/**
 * The TLS listener: HTTP/2 for clients that negotiate it through ALPN (kubectl and client-go do, and
 * multiplex every request and watch of a process over one connection) and HTTP/1.1 for the rest
 * (client-node, curl). Both reach the same handler.
 */
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { Socket } from 'node:net';
import type { HttpRequest, HttpResponse } from './exchange.ts';

/** A listening server and how to close it with every open connection. */
export interface Listener {
  server: Http2SecureServer;
  /** Stops accepting, ends every connection (watches included) and resolves once closed. */
  close(): Promise<void>;
}

/** Creates the HTTPS server (not yet listening) that hands each request to `handle`. */
export function createListener(tls: { certPem: string; keyPem: string }, handle: (req: HttpRequest, res: HttpResponse) => void): Listener {
  const server = createSecureServer({
    cert: tls.certPem, key: tls.keyPem, allowHTTP1: true,
    // A session carries every watch of a client; the default 10 MB would reset busy ones.
    maxSessionMemory: 64,
  }, handle);
  // HTTP/1.1 connections: keep idle ones long (clients reuse them) and never time a request out
  // (watches live for half an hour or more). The HTTP/1.1 fallback reads these from the server
  // object, which node's http2 typings do not declare.
  Object.assign(server, { keepAliveTimeout: 65_000, requestTimeout: 0 });
  // Small writes (watch events, short responses) must not wait for the peer's delayed ACK; the
  // plain http server disables Nagle by default, the http2 one does not.
  server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  const sockets = new Set<Socket>();
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    server,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

/**
 * The server's listeners and the socket settings they share. The TLS listener speaks HTTP/2 to
 * clients that negotiate it through ALPN (kubectl and client-go do, and multiplex every request
 * and watch of a process over one connection) and HTTP/1.1 to the rest (client-node, curl); the
 * plain-HTTP loopback listener speaks HTTP/1.1. All reach the same handler.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { Socket } from 'node:net';
import type { HttpRequest, HttpResponse } from './exchange.ts';

/** A listening server and how to close it with every open connection. */
export interface Listener<S extends HttpServer | Http2SecureServer = Http2SecureServer> {
  server: S;
  /** Stops accepting, ends every connection (watches included) and resolves once closed. */
  close(): Promise<void>;
}

/** What a listener carries: TLS with its certificate, or plain HTTP (for the loopback port). */
export type ListenerTransport = { tls: { certPem: string; keyPem: string } } | { plain: true };

/**
 * HTTP/1.1 connections of every listener: idle ones are kept long (clients reuse them) and
 * requests are never timed out (watches live for half an hour or more).
 */
const HTTP1_TIMEOUTS = { keepAliveTimeout: 65_000, requestTimeout: 0 };

/**
 * The settings every listener shares: the HTTP/1.1 timeouts, and small writes (watch events,
 * short responses) that do not wait for the peer's delayed ACK. Returns the open sockets, tracked
 * once each is ready to carry requests, so that closing can end them.
 */
function applySocketSettings(server: HttpServer | Http2SecureServer, readyEvent: 'connection' | 'secureConnection'): Set<Socket> {
  // The http2 server's HTTP/1.1 fallback reads these from the server object, which node's
  // http2 typings do not declare.
  Object.assign(server, HTTP1_TIMEOUTS);
  // The plain http server disables Nagle by default, the http2 one does not.
  server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  const sockets = new Set<Socket>();
  server.on(readyEvent, (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

/**
 * Creates a server (not yet listening) over `transport` that hands each request to `handle`,
 * with the shared socket settings.
 */
export function createServerListener(transport: { tls: { certPem: string; keyPem: string } }, handle: (req: HttpRequest, res: HttpResponse) => void): Listener<Http2SecureServer>;
export function createServerListener(transport: { plain: true }, handle: (req: HttpRequest, res: HttpResponse) => void): Listener<HttpServer>;
export function createServerListener(transport: ListenerTransport, handle: (req: HttpRequest, res: HttpResponse) => void): Listener<HttpServer | Http2SecureServer> {
  const server = 'tls' in transport
    ? createSecureServer({
      cert: transport.tls.certPem, key: transport.tls.keyPem, allowHTTP1: true,
      // A session carries every watch of a client; the default 10 MB would reset busy ones.
      maxSessionMemory: 64,
    }, handle)
    : createHttpServer(HTTP1_TIMEOUTS, handle);
  const sockets = applySocketSettings(server, 'tls' in transport ? 'secureConnection' : 'connection');
  return {
    server,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

/**
 * The request and response types the server handles. Clients that negotiate HTTP/2 (kubectl,
 * client-go) get the http2 compatibility objects, HTTP/1.1 clients (client-node) the http ones;
 * handlers use what both offer.
 */
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

/** An incoming request over HTTP/1.1 or HTTP/2. */
export type HttpRequest = IncomingMessage | Http2ServerRequest;

/** A response over HTTP/1.1 or HTTP/2. */
export type HttpResponse = ServerResponse | Http2ServerResponse;

/** Header names HTTP/2 forbids (RFC 9113 8.2.2): the framing does their work. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/**
 * Sends the status line and headers. Over HTTP/2 connection-specific headers are left out (the
 * stream would be reset for them); over HTTP/1.1 they pass as given.
 */
export function writeHead(res: HttpResponse, code: number, headers: OutgoingHttpHeaders): void {
  if (isHttp1(res)) {
    res.writeHead(code, headers);
    return;
  }
  const allowed: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!CONNECTION_HEADERS.has(name.toLowerCase())) allowed[name] = value;
  res.writeHead(code, allowed);
}

/** True for an HTTP/1.1 response, whose socket the response owns alone. */
export function isHttp1(res: HttpResponse): res is ServerResponse {
  return res instanceof ServerResponse;
}

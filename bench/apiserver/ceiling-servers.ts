/**
 * The reference servers the API server is measured against, each run as its own process:
 * `--ceiling` answers every request with a fixed ConfigMap (the request-loop ceiling), `--fanout`
 * copies each POSTed object, as an ADDED event, to every open watch stream (the watch floor).
 * Both listen over HTTPS (HTTP/2 or HTTP/1.1) and plain HTTP and print `ceiling <https url> <base64 CA> <http url>`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServerListener } from '../../apiserver/http/listener.ts';
import { createServingCertificates } from '../../apiserver/tls/cert.ts';

const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'bench', uid: '7a0e6b9e-0000-4000-8000-000000000000', resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z' }, data: { k: 'v' } });

function answerFixed(req: IncomingMessage, res: ServerResponse): void {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}

const streams = new Set<ServerResponse>();

function fanOut(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url?.includes('watch=true')) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    streams.add(res);
    res.on('close', () => streams.delete(res));
    return;
  }
  const parts: Buffer[] = [];
  req.on('data', (d: Buffer) => parts.push(d));
  req.on('end', () => {
    if (req.method === 'POST') {
      const obj = JSON.parse(Buffer.concat(parts).toString());
      const metadata = { ...obj.metadata, namespace: 'kube-public', uid: '7a0e6b9e-0000-4000-8000-000000000000', resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z' };
      const line = Buffer.from(`{"type":"ADDED","object":${JSON.stringify({ ...obj, metadata })}}\n`);
      for (const s of streams) s.write(line);
    }
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}

const certs = createServingCertificates();
const handler = process.argv.includes('--fanout') ? fanOut : answerFixed;
// The API server's own listeners (HTTPS with HTTP/2 and HTTP/1.1, and plain HTTP, with the same
// socket settings), so only the handler differs between the two.
const { server } = createServerListener({ tls: { certPem: certs.server.certPem, keyPem: certs.server.keyPem } }, handler as never);
const { server: plain } = createServerListener({ plain: true }, handler as never);
server.listen(0, '127.0.0.1', () => plain.listen(0, '127.0.0.1', () => {
  const port = (server.address() as { port: number }).port;
  const plainPort = (plain.address() as { port: number }).port;
  process.stdout.write(`ceiling https://127.0.0.1:${port} ${Buffer.from(certs.ca.certPem).toString('base64')} http://127.0.0.1:${plainPort}\n`);
}));

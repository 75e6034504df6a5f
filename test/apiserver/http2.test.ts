/**
 * HTTP/2 on the HTTPS listener. kubectl and client-go negotiate it through ALPN and multiplex every
 * request and watch of a process over one connection; client-node and curl stay on HTTP/1.1. Both
 * reach the same handlers, so these tests check what differs: the negotiation, many watches on one
 * session, errors and limits per stream, and shutdown with streams open.
 */
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';

interface Answer { status: number; headers: IncomingHttpHeaders; json: any }

function open(api: RunningApiServer): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = connect(api.url, { ca: api.caPem });
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

function call(api: RunningApiServer, session: ClientHttp2Session, method: string, path: string, body?: Buffer | object): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const stream = session.request({
      ':method': method, ':path': path, authorization: `Bearer ${api.adminToken}`, accept: 'application/json',
      ...(payload ? { 'content-type': 'application/json' } : {}),
    });
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => { headers = h; });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      resolve({ status: Number(headers[':status']), headers, json: text ? JSON.parse(text) : undefined });
    });
    stream.on('error', reject);
    stream.end(payload);
  });
}

/** A watch as one stream of the session: its events as they arrive, and how it ended. */
function watchStream(api: RunningApiServer, session: ClientHttp2Session, path: string) {
  const events: any[] = [];
  let buffered = '';
  const stream = session.request({ ':path': path, authorization: `Bearer ${api.adminToken}`, accept: 'application/json' });
  const ready = new Promise<IncomingHttpHeaders>((resolve, reject) => { stream.once('response', resolve); stream.once('error', reject); });
  const ended = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line) events.push(JSON.parse(line));
  });
  return { events, ready, ended, stream };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('HTTP/2', () => {
  let api: RunningApiServer;
  let session: ClientHttp2Session;
  before(async () => {
    api = await startApiServer();
    session = await open(api);
  });
  after(async () => {
    session.close();
    await api.stop();
  });

  it('is negotiated through ALPN, and answers without connection-specific headers', async () => {
    assert.equal(session.alpnProtocol, 'h2');
    const ns = await call(api, session, 'GET', '/api/v1/namespaces');
    assert.equal(ns.status, 200);
    assert.equal(ns.json.kind, 'NamespaceList');
    for (const name of ['connection', 'transfer-encoding', 'keep-alive']) assert.equal(ns.headers[name], undefined, name);
  });

  it('clients that offer only HTTP/1.1 (client-node, curl) still get it', async () => {
    const version = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(`${api.url}/version`, { ca: api.caPem }, (res) => { res.resume(); resolve(res.httpVersion); });
      req.on('error', reject);
      req.end();
    });
    assert.equal(version, '1.1');
  });

  it('multiplexes many watches on one connection, each seeing every event in order', async () => {
    await call(api, session, 'POST', '/api/v1/namespaces', { metadata: { name: 'h2-watch' } });
    const watches = Array.from({ length: 20 }, () => watchStream(api, session, '/api/v1/namespaces/h2-watch/configmaps?watch=true'));
    for (const w of await Promise.all(watches.map((w) => w.ready))) assert.equal(w[':status'], 200);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call(api, session, 'POST', '/api/v1/namespaces/h2-watch/configmaps', { metadata: { name: `cm-${i}` }, data: { i: String(i) } });
      assert.equal(r.status, 201);
      created.push(r.json.metadata.resourceVersion);
    }
    // A watch without a resourceVersion starts with the namespace's existing root CA ConfigMap.
    await until(() => watches.every((w) => w.events.length === 6), 'every watch to see five events');
    for (const w of watches) {
      assert.deepEqual(w.events.map((e) => e.type), ['ADDED', 'ADDED', 'ADDED', 'ADDED', 'ADDED', 'ADDED']);
      assert.equal(w.events[0]!.object.metadata.name, 'kube-root-ca.crt');
      assert.deepEqual(w.events.slice(1).map((e) => e.object.metadata.resourceVersion), created);
    }
    // Concurrent creates commit within one turn: their events leave as one shared run per watcher.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => call(api, session, 'POST', '/api/v1/namespaces/h2-watch/configmaps', { metadata: { name: `burst-${i}` } })));
    const burstRvs = burst.map((r) => r.json.metadata.resourceVersion).sort((a, b) => Number(a) - Number(b));
    await until(() => watches.every((w) => w.events.length === 16), 'every watch to see the burst');
    for (const w of watches) assert.deepEqual(w.events.slice(6).map((e) => e.object.metadata.resourceVersion), burstRvs);
    for (const w of watches) w.stream.close();
  });

  it('errors are Status bodies per stream, and an oversized body leaves the connection usable', async () => {
    const missing = await call(api, session, 'GET', '/api/v1/namespaces/default/configmaps/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.reason, 'NotFound');
    const huge = Buffer.from(JSON.stringify({ metadata: { name: 'huge' }, data: { k: 'x'.repeat(3 * 1024 * 1024 + 10) } }));
    const tooLarge = await call(api, session, 'POST', '/api/v1/namespaces/default/configmaps', huge);
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.json.reason, 'RequestEntityTooLarge');
    const after = await call(api, session, 'GET', '/api/v1/namespaces/default');
    assert.equal(after.status, 200);
  });

  it('a watch stream ends at its timeout with the session still open', async () => {
    const w = watchStream(api, session, '/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1');
    assert.equal((await w.ready)[':status'], 200);
    await w.ended;
    assert.equal(session.closed, false);
    assert.equal((await call(api, session, 'GET', '/version')).status, 200);
  });

  it('stopping the server ends open sessions and their watches', async () => {
    const other = await startApiServer();
    const s = await open(other);
    const w = watchStream(other, s, '/api/v1/namespaces/default/configmaps?watch=true');
    await w.ready;
    const closed = new Promise<void>((resolve) => s.once('close', () => resolve()));
    await other.stop();
    await w.ended;
    await closed;
  });
});

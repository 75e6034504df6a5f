/**
 * Stopping the webhook server with clients that never became HTTP connections: a bare TCP socket,
 * one stalled in its TLS handshake, and an idle keep-alive TLS connection. Each must be closed by
 * the stop, so the manager running the server finishes stopping and the process can exit.
 */
import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { connect as tcpConnect, type Socket } from 'node:net';
import { test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { Manager, WebhookServer } from '../../runtime/index.ts';
import { silentLogger } from '../../runtime/log/logger.ts';

/** Without the fix a stop waits for Node's 120 s handshake timeout; this bounds the failure. */
const STOP_BOUND = { timeout: 15_000 };

function closed(socket: Socket): Promise<void> {
  socket.on('error', () => {});
  return new Promise((resolve) => { if (socket.destroyed) resolve(); else socket.once('close', () => resolve()); });
}

async function bareTcp(port: number): Promise<Socket> {
  const socket = tcpConnect(port, '127.0.0.1');
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  return socket;
}

/** A TCP socket that sent the first bytes of a TLS record header and then stalls mid-handshake. */
async function halfHandshake(port: number): Promise<Socket> {
  const socket = await bareTcp(port);
  socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
  return socket;
}

/** A completed TLS handshake that never sends a request. */
async function idleTls(port: number, ca: string): Promise<Socket> {
  const socket = tlsConnect({ port, host: '127.0.0.1', ca, servername: 'localhost' });
  await new Promise((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); });
  return socket;
}

test('stop closes bare, half-handshaken and idle TLS connections and resolves', STOP_BOUND, async () => {
  const server = new WebhookServer({ port: 0, host: '127.0.0.1', logger: silentLogger() });
  server.admission('/allow', async (req) => ({ uid: req.uid, allowed: true }));
  const stop = new AbortController();
  const running = server.start(stop.signal);
  await server.listening();
  const port = server.port!;
  const clients = [await bareTcp(port), await halfHandshake(port), await idleTls(port, server.caPem!)];
  const allClosed = Promise.all(clients.map(closed));
  stop.abort();
  await running;
  await allClosed;
  assert.ok(clients.every((c) => c.destroyed), 'every client socket was closed by the server');
  assert.equal(server.port, undefined, 'the server no longer listens');
});

test('a manager serving webhooks stops with an idle TCP connection open', STOP_BOUND, async () => {
  // Nothing in this manager talks to an API server, so its address is never dialled.
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'none', server: 'https://127.0.0.1:1' }], users: [{ name: 'none' }],
    contexts: [{ name: 'none', cluster: 'none', user: 'none' }], currentContext: 'none',
  });
  const mgr = new Manager({ kubeConfig, logger: silentLogger(), webhookServer: { port: 0, host: '127.0.0.1' } });
  mgr.webhookServer.admission('/allow', async (req) => ({ uid: req.uid, allowed: true }));
  const stop = new AbortController();
  const running = mgr.start(stop.signal);
  await mgr.webhookServer.listening();
  const idle = await bareTcp(mgr.webhookServer.port!);
  const idleClosed = closed(idle);
  stop.abort();
  await running;
  await idleClosed;
  assert.ok(idle.destroyed);
});

// Step 12's port probe from this PC, against real loopback sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { socketProbe } from './network-probe';

test('a listening port is "open", a port nobody listens on is "closed"', async (t) => {
  const server = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  assert.equal(await socketProbe.probeTcp('127.0.0.1', port), 'open');
  const spare = net.createServer();
  await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
  const freePort = (spare.address() as net.AddressInfo).port;
  await new Promise<void>((r) => spare.close(() => r()));
  assert.equal(await socketProbe.probeTcp('127.0.0.1', freePort), 'closed');
});

test('a TLS handshake against a port without TLS fails with a short reason, not a hang', async (t) => {
  const server = net.createServer((s) => s.end('not tls'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const r = await socketProbe.tlsHandshake('127.0.0.1', (server.address() as net.AddressInfo).port, 'AA:'.repeat(31) + 'AA');
  assert.equal(r.ok, false);
  assert.ok(r.error && r.error.length < 40);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectTcp } from './tcp-link';
import { isLinkError } from './link-error';
import { startLoopbackServer, waitUntil } from './testing/loopback-server';

test('a TCP link carries bytes both ways and describes itself as plain Ethernet', async (t) => {
  const server = await startLoopbackServer({ onConnection: (s) => s.on('data', (c) => s.write(Buffer.concat([Buffer.from('echo:'), c]))) });
  t.after(() => server.close());
  const link = await connectTcp({ host: '127.0.0.1', port: server.port });
  t.after(() => link.close());
  assert.equal(link.kind, 'ethernet');
  assert.equal(link.description, `tcp://127.0.0.1:${server.port}`);
  assert.equal(link.virtual, false);
  const received: Buffer[] = [];
  link.onData((c) => received.push(c));
  await link.write(Buffer.from('hello'));
  await waitUntil(() => Buffer.concat(received).toString() === 'echo:hello');
});

test('bytes the device sends before anyone listens are not lost', async (t) => {
  const server = await startLoopbackServer({ onConnection: (s) => s.write('greeting') });
  t.after(() => server.close());
  const link = await connectTcp({ host: '127.0.0.1', port: server.port });
  t.after(() => link.close());
  await new Promise((r) => setTimeout(r, 50));
  const received: Buffer[] = [];
  link.onData((c) => received.push(c));
  await waitUntil(() => Buffer.concat(received).toString() === 'greeting');
});

test('a closed port is reported as refused, with the address in the message', async () => {
  const server = await startLoopbackServer();
  const port = server.port;
  await server.close();
  await assert.rejects(connectTcp({ host: '127.0.0.1', port }), (e: unknown) => {
    assert.ok(isLinkError(e, 'refused'));
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    return true;
  });
});

test('typos in the address or port are refused before any connection is tried', async () => {
  for (const host of ['192.168.1.300', '0x7f.1', '010.0.0.1.', 'bad host!', '', 'fe80::zz', '-lead.example']) {
    await assert.rejects(connectTcp({ host, port: 5000 }), (e: unknown) => isLinkError(e, 'invalid-address'), host);
  }
  for (const port of [0, 65536, 1.5, Number.NaN]) {
    await assert.rejects(connectTcp({ host: '127.0.0.1', port }), (e: unknown) => isLinkError(e, 'invalid-address'), String(port));
  }
});

test('IPv6 literals are accepted with or without brackets', async (t) => {
  // ::1 may be missing on some CI hosts; an address error is the only failure this test may not see.
  try {
    const link = await connectTcp({ host: '[::1]', port: 1, timeoutMs: 1000 });
    await link.close();
  } catch (e) {
    assert.ok(!isLinkError(e, 'invalid-address'));
  }
  t.diagnostic('bracketed IPv6 passed validation');
});

test('a cancelled connect is reported as aborted', async (t) => {
  const server = await startLoopbackServer();
  t.after(() => server.close());
  await assert.rejects(connectTcp({ host: '127.0.0.1', port: server.port, signal: AbortSignal.abort() }), (e: unknown) => isLinkError(e, 'aborted'));
});

test('localAddress binds the source address, so a device IP filter can tell clients apart', async (t) => {
  // The device drops clients other than 127.0.0.2, as an IP filter would.
  const server = await startLoopbackServer({ onConnection: (s) => { if (s.remoteAddress !== '127.0.0.2') s.destroy(); } });
  t.after(() => server.close());
  const allowed = await connectTcp({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.2' });
  t.after(() => allowed.close());
  const blocked = await connectTcp({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.3' });
  const closeError = await new Promise<Error | undefined>((resolve) => blocked.onClose(resolve));
  assert.ok(isLinkError(closeError) && ['closed', 'reset'].includes(closeError.code), String(closeError));
  assert.equal(blocked.closed, true);
  assert.equal(allowed.closed, false);
  assert.equal(server.sockets[0]?.remoteAddress, '127.0.0.2');
});

test('the device closing the connection is reported; our own close is not an error', async (t) => {
  const server = await startLoopbackServer();
  t.after(() => server.close());
  const link = await connectTcp({ host: '127.0.0.1', port: server.port });
  const peer = await server.nextConnection();
  const closed = new Promise<Error | undefined>((resolve) => link.onClose(resolve));
  peer.end();
  const error = await closed;
  assert.ok(isLinkError(error, 'closed'));
  await assert.rejects(link.write(Buffer.from('x')), (e: unknown) => isLinkError(e));

  const second = await connectTcp({ host: '127.0.0.1', port: server.port });
  const ours = new Promise<Error | undefined>((resolve) => second.onClose(resolve));
  await second.close();
  assert.equal(await ours, undefined);
  assert.equal(second.closed, true);
  await assert.rejects(second.write(Buffer.from('x')), (e: unknown) => isLinkError(e, 'closed'));
});

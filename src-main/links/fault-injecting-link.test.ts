import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectTcp } from './tcp-link';
import { injectFaults } from './fault-injecting-link';
import { isLinkError } from './link-error';
import { startLoopbackServer, waitUntil } from './testing/loopback-server';

test('the cable is pulled in the middle of a write: the device gets only the first bytes', async (t) => {
  const server = await startLoopbackServer();
  t.after(() => server.close());
  const link = injectFaults(await connectTcp({ host: '127.0.0.1', port: server.port }), { cutAfterBytesWritten: 7 });
  const closed = new Promise<Error | undefined>((resolve) => link.onClose(resolve));
  await link.write(Buffer.from('12345'));
  await assert.rejects(link.write(Buffer.from('6789abc')), (e: unknown) => isLinkError(e, 'fault-injected'));
  assert.ok(isLinkError(await closed, 'fault-injected'));
  const peer = await server.nextConnection();
  await waitUntil(() => peer.destroyed || peer.readableEnded);
  assert.equal(server.received().toString(), '1234567');
  assert.equal(link.bytesWritten, 7);
  assert.equal(link.cut, true);
  assert.equal(link.closed, true);
  await assert.rejects(link.write(Buffer.from('x')), (e: unknown) => isLinkError(e, 'fault-injected'));
});

test('the cable is pulled in the middle of an answer: only the first bytes arrive', async (t) => {
  const server = await startLoopbackServer({ onConnection: (s) => s.write('ANSWER-FRAME') });
  t.after(() => server.close());
  const link = injectFaults(await connectTcp({ host: '127.0.0.1', port: server.port }), { cutAfterBytesRead: 6 });
  const got: Buffer[] = [];
  link.onData((c) => got.push(c));
  const error = await new Promise<Error | undefined>((resolve) => link.onClose(resolve));
  assert.ok(isLinkError(error, 'fault-injected'));
  assert.equal(Buffer.concat(got).toString(), 'ANSWER');
});

test('without a cut the wrapper is transparent and its own close is not an error', async (t) => {
  const server = await startLoopbackServer({ onConnection: (s) => s.on('data', (c) => s.write(c)) });
  t.after(() => server.close());
  const inner = await connectTcp({ host: '127.0.0.1', port: server.port });
  const link = injectFaults(inner, {});
  assert.equal(link.kind, 'ethernet');
  assert.equal(link.description, inner.description);
  const got: Buffer[] = [];
  link.onData((c) => got.push(c));
  await link.write(Buffer.from('ping'));
  await waitUntil(() => Buffer.concat(got).toString() === 'ping');
  const closed = new Promise<Error | undefined>((resolve) => link.onClose(resolve));
  await link.close();
  assert.equal(await closed, undefined);
  assert.equal(inner.closed, true);
});

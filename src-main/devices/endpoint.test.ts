import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EndpointError, formatEndpointText, openEndpoint, parseEndpoint } from './endpoint';
import { isLinkError } from '../links/link-error';

const FP = 'ab'.repeat(32);
const FP_COLONS = 'AB:'.repeat(31) + 'AB';

test('the three endpoint forms parse, and print back the same', () => {
  assert.deepEqual(parseEndpoint('tcp://192.0.2.10:5010'), { kind: 'tcp', host: '192.0.2.10', port: 5010 });
  assert.deepEqual(parseEndpoint('tls://[2001:db8::1]:5011'), { kind: 'tls', host: '2001:db8::1', port: 5011 });
  assert.deepEqual(parseEndpoint(`tls://plc-1.example:5011#sha256=${FP}`), { kind: 'tls', host: 'plc-1.example', port: 5011, fingerprint256: FP_COLONS });
  assert.deepEqual(parseEndpoint('usb-socket:/tmp/mx.sock'), { kind: 'usb-socket', path: '/tmp/mx.sock' });
  for (const text of ['tcp://192.0.2.10:5010', 'tls://[2001:db8::1]:5011', `tls://plc-1.example:5011#sha256=${FP_COLONS}`, 'usb-socket:/tmp/mx.sock']) {
    assert.equal(formatEndpointText(parseEndpoint(text)), text);
  }
});

test('invalid endpoints get a clear error with the accepted forms', () => {
  const bad = [
    '192.0.2.10:5010', // no scheme
    'http://192.0.2.10:80',
    'tcp://192.0.2.10', // no port
    'tcp://192.0.2.10:70000',
    'tcp://300.1.1.1:5010',
    'tcp://192.0.2.10:5010/path',
    `tcp://192.0.2.10:5010#sha256=${FP}`, // a pin on plain TCP means nothing
    'tls://192.0.2.10:5011#sha256=1234', // not a SHA-256
    'usb-socket:',
  ];
  for (const text of bad) {
    assert.throws(() => parseEndpoint(text), (e: unknown) => e instanceof EndpointError && e.code === 'invalid-endpoint' && e.message.length > 20, text);
  }
  assert.throws(() => parseEndpoint('tcp://admin:Secret-1@192.0.2.10:5010'), (e: unknown) => {
    assert.ok(e instanceof EndpointError);
    assert.match(e.message, /never carries a user name or password/);
    assert.ok(!e.message.includes('Secret-1'), 'the password is not echoed');
    return true;
  });
});

test('openEndpoint reaches a TCP listener and a local socket (the virtual USB cable)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-endpoint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const server = net.createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const usb = net.createServer((s) => s.end());
  const path = join(dir, 'usb.sock');
  await new Promise<void>((r) => usb.listen(path, r));
  t.after(() => new Promise<void>((r) => server.close(() => usb.close(() => r()))));

  const tcp = await openEndpoint(`tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
  assert.equal(tcp.kind, 'ethernet');
  await tcp.close();
  const cable = await openEndpoint(`usb-socket:${path}`);
  assert.equal(cable.kind, 'usb');
  assert.equal(cable.virtual, true);
  await cable.close();
});

test('a tls:// endpoint without a fingerprint and without a pin in the store is refused before trusting anything', async () => {
  await assert.rejects(openEndpoint('tls://127.0.0.1:1'), (e: unknown) => isLinkError(e, 'certificate-unpinned'));
  // The pin store is asked with HOST:PORT.
  const asked: string[] = [];
  await assert.rejects(
    openEndpoint('tls://127.0.0.1:1', { pins: { fingerprintFor: (hp) => (asked.push(hp), undefined) } }),
    (e: unknown) => isLinkError(e, 'certificate-unpinned'),
  );
  assert.deepEqual(asked, ['127.0.0.1:1']);
});

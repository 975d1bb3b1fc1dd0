import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { connectTls, normalizeFingerprint } from './tls-link';
import { isLinkError } from './link-error';
import { startLoopbackServer, waitUntil, type LoopbackServer } from './testing/loopback-server';
import { selfSignedCertificate, type TestCertificate } from './testing/self-signed-certificate';

const DAY = 24 * 3600 * 1000;
let device: TestCertificate;
let impostor: TestCertificate;

before(() => {
  device = selfSignedCertificate({ commonName: 'MXR300-32 device' });
  impostor = selfSignedCertificate({ commonName: 'MXR300-32 device' });
});

async function tlsDevice(t: { after(fn: () => unknown): void }, cert: TestCertificate, extra: object = {}): Promise<LoopbackServer> {
  const server = await startLoopbackServer({
    tls: { key: cert.keyPem, cert: cert.certPem, ...extra },
    onConnection: (s) => s.on('data', (c) => s.write(c)),
  });
  t.after(() => server.close());
  return server;
}

test('the pinned device certificate is accepted and the link carries frames', async (t) => {
  const server = await tlsDevice(t, device);
  const link = await connectTls({ host: '127.0.0.1', port: server.port, pinnedFingerprint256: device.fingerprint256 });
  t.after(() => link.close());
  assert.equal(link.kind, 'ethernet-tls');
  assert.equal(link.pinned, true);
  assert.equal(link.peerCertificate.fingerprint256, device.fingerprint256);
  assert.match(link.peerCertificate.subject, /CN=MXR300-32 device/);
  assert.ok(link.peerCertificate.der.length > 100);
  assert.match(link.description, /^tls:\/\/127\.0\.0\.1:\d+ \(TLSv1\.[23], certificate pinned\)$/);
  const got: Buffer[] = [];
  link.onData((c) => got.push(c));
  await link.write(Buffer.from('frame'));
  await waitUntil(() => Buffer.concat(got).toString() === 'frame');
});

test('the pin may be written lower-case or without colons', async (t) => {
  const server = await tlsDevice(t, device);
  const bare = device.fingerprint256.replace(/:/g, '').toLowerCase();
  const link = await connectTls({ host: '127.0.0.1', port: server.port, pinnedFingerprint256: bare });
  await link.close();
  assert.throws(() => normalizeFingerprint('abcd'), (e: unknown) => isLinkError(e, 'invalid-address'));
});

test('a different certificate at the same address is refused as a mismatch and nothing is sent', async (t) => {
  const server = await tlsDevice(t, impostor);
  await assert.rejects(
    connectTls({ host: '127.0.0.1', port: server.port, pinnedFingerprint256: device.fingerprint256 }),
    (e: unknown) => {
      assert.ok(isLinkError(e, 'certificate-mismatch'));
      assert.match(e.message, /different certificate/);
      return true;
    },
  );
  // The handshake is torn down before the server side completes it: no application byte ever flows.
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(server.received().length, 0);
});

test('without a pin the connection is refused unless reading the certificate is asked for', async (t) => {
  const server = await tlsDevice(t, device);
  await assert.rejects(connectTls({ host: '127.0.0.1', port: server.port }), (e: unknown) => isLinkError(e, 'certificate-unpinned'));
  assert.equal(server.sockets.length, 0, 'no connection is even attempted');
  const link = await connectTls({ host: '127.0.0.1', port: server.port, allowUnpinned: true });
  t.after(() => link.close());
  assert.equal(link.pinned, false);
  assert.match(link.description, /NOT pinned/);
  assert.equal(link.peerCertificate.fingerprint256, device.fingerprint256);
});

test('an expired or not-yet-valid certificate is refused even when pinned', async (t) => {
  const expired = selfSignedCertificate({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
  const future = selfSignedCertificate({ notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) });
  const s1 = await tlsDevice(t, expired);
  const s2 = await tlsDevice(t, future);
  await assert.rejects(
    connectTls({ host: '127.0.0.1', port: s1.port, pinnedFingerprint256: expired.fingerprint256 }),
    (e: unknown) => isLinkError(e, 'certificate-expired') && /2\.4\.7\.3/.test(e.message),
  );
  await assert.rejects(
    connectTls({ host: '127.0.0.1', port: s2.port, pinnedFingerprint256: future.fingerprint256 }),
    (e: unknown) => isLinkError(e, 'certificate-not-yet-valid'),
  );
});

test('a device offering only TLS 1.1 is refused (minimum TLS 1.2)', async (t) => {
  const server = await tlsDevice(t, device, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
  await assert.rejects(
    connectTls({ host: '127.0.0.1', port: server.port, pinnedFingerprint256: device.fingerprint256 }),
    (e: unknown) => isLinkError(e, 'tls-failed') && /TLS 1.2/.test(e.message),
  );
});

test('a device that accepts TCP but never answers the handshake times out', async (t) => {
  const silent = await startLoopbackServer();
  t.after(() => silent.close());
  const started = Date.now();
  await assert.rejects(
    connectTls({ host: '127.0.0.1', port: silent.port, pinnedFingerprint256: device.fingerprint256, timeoutMs: 200 }),
    (e: unknown) => isLinkError(e, 'timeout'),
  );
  assert.ok(Date.now() - started < 2000);
});

test('with a CA given, the chain is verified as well as the pin', async (t) => {
  const server = await tlsDevice(t, device);
  const link = await connectTls({ host: '127.0.0.1', port: server.port, ca: device.certPem, pinnedFingerprint256: device.fingerprint256 });
  await link.close();
  await assert.rejects(
    connectTls({ host: '127.0.0.1', port: server.port, ca: impostor.certPem, allowUnpinned: true }),
    (e: unknown) => isLinkError(e, 'certificate-untrusted'),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createHash, generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import {
  certificateMatchesKey,
  certificateStatus,
  createSelfSignedCertificate,
  parseCertificate,
  toDer,
  toPem,
} from './certificate';
import { CryptoError } from './crypto-error';

const DAY = 24 * 60 * 60 * 1000;
const deviceClock = new Date('2026-04-01T08:00:00.250Z');

test('a new certificate is valid for one year from the device clock by default', async () => {
  const cert = await createSelfSignedCertificate({ commonName: '192.168.3.39', notBefore: deviceClock });
  assert.equal(cert.notBefore.toISOString(), '2026-04-01T08:00:00.000Z');
  assert.equal(cert.notAfter.getTime() - cert.notBefore.getTime(), 365 * DAY);
  const parsed = parseCertificate(cert.certificatePem);
  assert.equal(parsed.notBefore.getTime(), cert.notBefore.getTime());
  assert.equal(parsed.notAfter.getTime(), cert.notAfter.getTime());
  assert.equal(parsed.publicKeyType, 'rsa-2048');
  assert.equal(parsed.subject, 'CN=192.168.3.39');
  assert.equal(parsed.subjectAltName, 'IP Address:192.168.3.39');
  assert.equal(parsed.selfSigned, true);
});

test('the fingerprint shown is the SHA-256 of the DER, upper-case with colons, as Node and OpenSSL print it', async () => {
  const cert = await createSelfSignedCertificate({ commonName: 'mxr-line3', keyType: 'ec-p256' });
  const expected = createHash('sha256').update(cert.certificateDer).digest('hex').toUpperCase().match(/../g)!.join(':');
  assert.equal(cert.fingerprint256, expected);
  assert.equal(parseCertificate(cert.certificateDer).fingerprint256, expected);
  assert.equal(new X509Certificate(cert.certificatePem).fingerprint256, expected);
});

test('an EC P-256 certificate is signed with ECDSA and its signature verifies', async () => {
  const cert = await createSelfSignedCertificate({ commonName: 'mxr-line3', keyType: 'ec-p256' });
  const x509 = new X509Certificate(cert.certificatePem);
  assert.ok(x509.verify(x509.publicKey));
  assert.equal(parseCertificate(cert.certificatePem).publicKeyType, 'ec-p256');
  assert.match(x509.toLegacyObject().asn1Curve ?? '', /prime256v1/);
  assert.ok(certificateMatchesKey(cert.certificatePem, cert.privateKeyPem));
});

test('a client that trusts the exported certificate connects over TLS, for both key types', async (t) => {
  for (const keyType of ['rsa-2048', 'ec-p256'] as const) {
    const cert = await createSelfSignedCertificate({ commonName: 'MXR300-32 practice', keyType, subjectAltNames: [{ ip: '127.0.0.1' }, { dns: 'localhost' }] });
    const server = tls.createServer({ key: cert.privateKeyPem, cert: cert.certificatePem }, (socket) => socket.end('ok'));
    t.after(() => server.close());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    // The HMI imports the DER export; converting it back to PEM is what a client's trust store holds.
    const socket = tls.connect({ host: '127.0.0.1', port, ca: toPem(toDer(cert.certificatePem)), timeout: 5000 });
    await once(socket, 'secureConnect');
    assert.equal(socket.authorized, true, `${keyType}: ${String(socket.authorizationError)}`);
    assert.equal(socket.getPeerCertificate().fingerprint256, cert.fingerprint256);
    socket.destroy();
    server.close();
  }
});

test('a client refuses the certificate when the device address is not in it', async (t) => {
  const cert = await createSelfSignedCertificate({ commonName: 'other-device', subjectAltNames: [{ ip: '192.0.2.7' }] });
  const server = tls.createServer({ key: cert.privateKeyPem, cert: cert.certificatePem }, (socket) => socket.end());
  t.after(() => server.close());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const socket = tls.connect({ host: '127.0.0.1', port, ca: cert.certificatePem, timeout: 5000 });
  const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
  assert.equal(error.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  socket.destroy();
});

test('a certificate within 90 days of expiry on the device clock is expiring-soon', async () => {
  const cert = await createSelfSignedCertificate({ commonName: 'mxr', notBefore: deviceClock, keyType: 'ec-p256' });
  const parsed = parseCertificate(cert.certificatePem);
  const notAfter = cert.notAfter.getTime();
  assert.equal(certificateStatus(parsed, new Date(notAfter - 91 * DAY)), 'valid');
  assert.equal(certificateStatus(parsed, new Date(notAfter - 90 * DAY)), 'expiring-soon');
  assert.equal(certificateStatus(cert.certificatePem, new Date(notAfter - 1 * DAY)), 'expiring-soon');
  assert.equal(certificateStatus(cert.certificateDer, new Date(notAfter)), 'expiring-soon');
});

test('a certificate is expired after its last day and not yet valid when the device clock is behind', async () => {
  const cert = await createSelfSignedCertificate({ commonName: 'mxr', notBefore: deviceClock, keyType: 'ec-p256' });
  assert.equal(certificateStatus(cert.certificatePem, new Date(cert.notAfter.getTime() + 1000)), 'expired');
  // A device whose clock was never set (2.4.7.3) sees the new certificate as not yet valid.
  assert.equal(certificateStatus(cert.certificatePem, new Date('2000-01-01T00:00:00Z')), 'not-yet-valid');
  assert.equal(certificateStatus(cert.certificatePem, new Date(deviceClock.getTime() + DAY)), 'valid');
});

test('validity beyond 2049 is encoded as GeneralizedTime and read back right', async () => {
  const cert = await createSelfSignedCertificate({ commonName: 'mxr', notBefore: new Date('2049-06-01T00:00:00Z'), keyType: 'ec-p256' });
  assert.equal(parseCertificate(cert.certificatePem).notAfter.toISOString(), '2050-06-01T00:00:00.000Z');
});

test('a key from another certificate does not match', async () => {
  const a = await createSelfSignedCertificate({ commonName: 'a', keyType: 'ec-p256' });
  const b = await createSelfSignedCertificate({ commonName: 'b', keyType: 'ec-p256' });
  assert.equal(certificateMatchesKey(a.certificatePem, a.privateKeyPem), true);
  assert.equal(certificateMatchesKey(a.certificatePem, b.privateKeyPem), false);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.equal(certificateMatchesKey(a.certificateDer, rsa), false);
  assert.throws(() => certificateMatchesKey(a.certificatePem, 'not a key'), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-key');
});

test('PEM and DER exports carry the same certificate', async () => {
  const cert = await createSelfSignedCertificate({ commonName: 'mxr', keyType: 'ec-p256' });
  assert.ok(toDer(cert.certificatePem).equals(cert.certificateDer));
  assert.equal(toPem(cert.certificateDer), cert.certificatePem);
  assert.ok(toDer(toPem(cert.certificateDer)).equals(cert.certificateDer));
  assert.ok(new X509Certificate(toPem(cert.certificateDer)).verify(new X509Certificate(cert.certificateDer).publicKey));
});

test('names with underscores and non-ASCII characters are kept exactly', async () => {
  const cert = await createSelfSignedCertificate({ commonName: 'Línea_3 MXR300', keyType: 'ec-p256' });
  const parsed = parseCertificate(cert.certificatePem);
  assert.equal(parsed.subject, 'CN=Línea_3 MXR300');
  assert.equal(parsed.subjectAltName, undefined, 'a name that is neither an IP nor a host name gets no SAN');
});

test('two certificates made the same second have different serial numbers', async () => {
  const a = parseCertificate((await createSelfSignedCertificate({ commonName: 'mxr', notBefore: deviceClock, keyType: 'ec-p256' })).certificatePem);
  const b = parseCertificate((await createSelfSignedCertificate({ commonName: 'mxr', notBefore: deviceClock, keyType: 'ec-p256' })).certificatePem);
  assert.notEqual(a.serialNumber, b.serialNumber);
  assert.equal(a.serialNumber.length, 32);
});

test('garbage instead of a certificate, or bad options, give a typed error', async () => {
  assert.throws(() => parseCertificate('hello'), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-certificate');
  assert.throws(() => parseCertificate(Buffer.from([1, 2, 3])), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-certificate');
  await assert.rejects(createSelfSignedCertificate({ commonName: 'x', validityDays: 0 }), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-input');
  await assert.rejects(createSelfSignedCertificate({ commonName: 'x', subjectAltNames: [{ ip: '999.1.1.1' }] }), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-input');
  await assert.rejects(createSelfSignedCertificate({ commonName: '' }), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-input');
});

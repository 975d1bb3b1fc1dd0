// SLMP over TLS over real sockets: served with the certificate in effect, on the TLS version set, not
// served outside the certificate's validity on the device clock, and every start, end and failure recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { eventually } from '../testing/security-client';
import { cryptoHarnessesForTests, type CryptoHarness } from './testing/crypto-harness';
import { CERTIFICATE_RECORD } from './certificate-store';
import { controllerCertificate, days } from './testing/test-certificates';
import { describeHandshakeFailure, tlsVersionRange } from './tls-listener';

const start = cryptoHarnessesForTests('mxc-tls-');

/** Writes a certificate (made on the device clock) and restarts so it is in effect; returns its PEM. */
async function withCertificate(h: CryptoHarness, options: { startedDaysAgo?: number; validityDays?: number } = {}): Promise<string> {
  const cert = await controllerCertificate(h.security.now(), options);
  const c = await h.connect();
  await c.ok(C.Certificate, Op.Certificate.Write, { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, trustBoundaryAttested: true });
  c.close();
  await h.restart();
  return cert.certificatePem;
}

test('Table 17 row 7: a client trusting another controller\'s certificate fails and the device records \'TLS could not be performed\'', async () => {
  const h = await start();
  await withCertificate(h);
  const other = await controllerCertificate(h.security.now());
  await assert.rejects(h.connectTls({ ca: other.certificatePem }), /certificate/i);
  await eventually(() => h.events('tls-failure').length > 0);
  const failure = h.events('tls-failure')[0]!;
  assert.equal(failure.transport, 'tls');
  assert.equal((failure as { peerAddress?: string }).peerAddress, '127.0.0.1', `the event names the peer: ${JSON.stringify(failure)}`);
  assert.match(failure.detail ?? '', /trust/);
  assert.equal(h.events('tls-start').length, 0, 'no TLS communication started');
});

test('Table 17 row 7: a client holding this controller\'s certificate communicates; TLS start and end are recorded, as transport "tls"', async () => {
  const h = await start();
  const pem = await withCertificate(h);
  const c = await h.connectTls({ ca: pem });
  const caps = await c.ok(C.Capabilities, Op.Capabilities.Read);
  assert.equal(caps.model, 'MXR300-32');
  assert.equal((c.socket as import('node:tls').TLSSocket).getProtocol(), 'TLSv1.3', 'MX-R factory setting: TLS 1.3');
  await eventually(() => h.events('tls-start').length === 1);
  c.close();
  await eventually(() => h.events('tls-end').length === 1);
  assert.equal(h.events('tls-start')[0]!.transport, 'tls');
});

test('TLS counts as a protected link: a private key is accepted over TLS without the trust-boundary attestation', async () => {
  const h = await start();
  const pem = await withCertificate(h);
  const c = await h.connectTls({ ca: pem });
  const next = await controllerCertificate(h.security.now());
  const written = await c.ok(C.Certificate, Op.Certificate.Write, { certificatePem: next.certificatePem, privateKeyPem: next.privateKeyPem });
  assert.equal(written.fingerprint256, next.fingerprint256);
});

test('TLS version setting honoured: a TLS 1.2-only client fails against "1.3", and is served after the setting says "1.2"', async () => {
  const h = await start();
  const pem = await withCertificate(h);
  await assert.rejects(h.connectTls({ ca: pem, maxVersion: 'TLSv1.2' }));
  await eventually(() => h.events('tls-failure').some((e) => /TLS version/.test(e.detail ?? '')));
  h.writeBlocks({ encryptedCommunication: { tlsVersion: '1.2' } });
  await h.restart();
  const c = await h.connectTls({ ca: pem, maxVersion: 'TLSv1.2' });
  assert.equal((c.socket as import('node:tls').TLSSocket).getProtocol(), 'TLSv1.2');
  c.close();
  await assert.rejects(h.connectTls({ ca: pem, minVersion: 'TLSv1.3' }), 'a TLS 1.3-only client fails against "1.2"');
});

test('MX-F "1.2/1.3" serves both versions; MX-R cannot be set to both', async () => {
  const h = await start('MXF100-16-N32');
  const pem = await withCertificate(h);
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    const c = await h.connectTls({ ca: pem, minVersion: version, maxVersion: version });
    assert.equal((c.socket as import('node:tls').TLSSocket).getProtocol(), version);
    c.close();
  }
  assert.deepEqual(tlsVersionRange('MX-R', '1.2/1.3'), { setting: '1.3', minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
});

test('a stored certificate whose private key was damaged since does not stop the boot: TLS stays closed and the history says why', async () => {
  const h = await start();
  await withCertificate(h);
  const other = await controllerCertificate(h.security.now(), {});
  const stored = h.controller.stateDir.read<Record<string, unknown>>(CERTIFICATE_RECORD)!;
  h.controller.stateDir.write(CERTIFICATE_RECORD, { ...stored, privateKeyPem: other.privateKeyPem });
  await h.restart();
  assert.equal(h.tlsPort(), undefined, 'SLMP over TLS is not served');
  const failure = h.events('tls-failure').at(-1)?.detail ?? '';
  assert.match(failure, /cannot be used together .*create a new one/);
  assert.doesNotMatch(failure, /PRIVATE KEY/);
  const c = await h.connect();
  assert.ok((await c.ok(C.Diagnostics, Op.Diagnostics.Read)).flags, 'the controller answers on its other services');
  c.close();
});

test('expired certificate not served: the TLS service stays closed, the failure is recorded and flagged', async () => {
  const h = await start();
  await withCertificate(h, { startedDaysAgo: 400, validityDays: 365 });
  assert.equal(h.tlsPort(), undefined);
  assert.equal(h.events('certificate-expired').length, 1);
  assert.ok(h.events('tls-failure').some((e) => /expired/.test(e.detail ?? '')));
  const c = await h.connect();
  const flags = (await c.ok(C.Diagnostics, Op.Diagnostics.Read)).flags as Record<string, boolean>;
  assert.equal(flags.certificateExpired, true);
  const read = await c.ok(C.Certificate, Op.Certificate.Read);
  assert.equal(read.status, 'expired');
});

test('a certificate that expires while the controller runs (device clock moved) is no longer served', async () => {
  const h = await start();
  const pem = await withCertificate(h, { validityDays: 30 });
  const before = await h.connectTls({ ca: pem });
  before.close();
  h.security.setClock(new Date(h.security.now().getTime() + days(31)));
  await h.scheduler.tick();
  assert.equal(h.tlsPort(), undefined, 'the service closed when the device clock passed the end of validity');
  assert.equal(h.events('certificate-expired').length, 1);
});

test('90-day warning: within 90 days of expiry an event is recorded once and the certificateExpiringSoon flag is raised', async () => {
  const h = await start();
  const pem = await withCertificate(h, { startedDaysAgo: 300, validityDays: 365 });
  assert.ok(h.tlsPort(), 'a certificate about to expire is still served');
  const c = await h.connectTls({ ca: pem });
  const flags = (await c.ok(C.Diagnostics, Op.Diagnostics.Read)).flags as Record<string, boolean>;
  assert.equal(flags.certificateExpiringSoon, true);
  assert.equal(flags.certificateExpired, false);
  await h.scheduler.tick();
  await h.scheduler.tick();
  const warnings = h.events('certificate-expiring');
  assert.equal(warnings.length, 1, 'one warning, not one per check');
  assert.match(warnings[0]!.detail ?? '', /2\.4\.7\.3/);
});

test('a certificate not yet valid on the device clock is not served (check the clock)', async () => {
  const h = await start();
  await withCertificate(h, { startedDaysAgo: -10 });
  assert.equal(h.tlsPort(), undefined);
  assert.ok(h.events('tls-failure').some((e) => /device clock/.test(e.detail ?? '')));
});

test('handshake failures are described in the technician\'s words', () => {
  assert.match(describeHandshakeFailure(new Error('tlsv1 alert unknown ca'), '1.3'), /does not trust/);
  assert.match(describeHandshakeFailure(new Error('unsupported protocol'), '1.3'), /TLS 1\.3/);
  assert.match(describeHandshakeFailure(new Error('wrong version number'), '1.2'), /does not speak TLS/);
});

test('Table 17 row 7 with TLS 1.2: an OpenSSL client holding another controller\'s certificate aborts the handshake and the device records it', async (t) => {
  const h = await start();
  h.writeBlocks({ encryptedCommunication: { tlsVersion: '1.2' } });
  await withCertificate(h);
  const other = await controllerCertificate(h.security.now());
  const caFile = `${start.folder()}-other.pem`;
  writeFileSync(caFile, other.certificatePem);
  const args = ['s_client', '-connect', `127.0.0.1:${h.tlsPort()}`, '-tls1_2', '-CAfile', caFile, '-verify_return_error', '-brief'];
  const exit = await new Promise<number | string>((resolve) => {
    const child = execFile('openssl', args, { timeout: 5000 }, (error) => resolve(error ? ((error as NodeJS.ErrnoException).code ?? 1) : 0));
    child.stdin?.end();
  });
  if (exit === 'ENOENT') return t.skip('no openssl command on this machine');
  assert.notEqual(exit, 0, 'the client refused the certificate');
  await eventually(() => h.events('tls-failure').length > 0);
  assert.match(h.events('tls-failure')[0]!.detail ?? '', /does not trust/);
  assert.equal(h.events('tls-start').length, 0);
});

test('the IP filter acts at the door: a TLS client from a filtered address receives no byte, so no certificate, and the refusal is recorded', async () => {
  const h = await start();
  h.writeBlocks({ ipFilter: { enabled: true, mode: 'deny', entries: [{ address: '127.0.0.9' }] } });
  const pem = await withCertificate(h);
  // The client's own TCP socket, bound to the filtered address, counts every byte the device sends.
  const raw = net.connect({ host: '127.0.0.1', port: h.tlsPort()!, localAddress: '127.0.0.9' });
  await once(raw, 'connect');
  const client = tls.connect({ socket: raw, ca: pem, servername: 'x' });
  let secured = false;
  client.once('secureConnect', () => (secured = true));
  const [error] = (await once(client, 'error')) as [Error];
  assert.match(String((error as NodeJS.ErrnoException).code ?? error.message), /ECONNRESET|EPIPE|socket disconnected/i);
  assert.equal(secured, false);
  assert.equal(raw.bytesRead, 0, 'not one byte of the handshake (no ServerHello, no certificate) reached the refused client');
  assert.ok(!client.getPeerCertificate()?.raw, 'the client holds no certificate of the device');
  await eventually(() => h.events('ip-filter-refused').some((e) => e.transport === 'tls' && e.peerAddress === '127.0.0.9'));
  assert.equal(h.events('tls-start').length, 0);
  assert.equal(h.events('tls-failure').length, 0, JSON.stringify(h.events('tls-failure')));

  // Plain SLMP on the same device: refused at accept as well.
  const slmp = h.controller.listeners.list().find((l) => l.service === 'slmp');
  assert.ok(slmp && slmp.transport === 'tcp');
  const tcp = net.connect({ host: '127.0.0.1', port: slmp.port, localAddress: '127.0.0.9' });
  await once(tcp, 'close');
  assert.equal(tcp.bytesRead, 0);

  const allowed = await h.connectTls({ ca: pem });
  assert.equal((await allowed.ok(C.Capabilities, Op.Capabilities.Read)).model, 'MXR300-32');
});

// 7E06 Certificate over real sockets: the key goes in and never comes out, only on a protected link, only
// with its certificate, and takes effect at the restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SecurityCommand as C, SecurityEndCode, SecurityOperation as Op } from '../../slmp/security-commands';
import { cryptoHarnessesForTests } from './testing/crypto-harness';
import { controllerCertificate } from './testing/test-certificates';

const start = cryptoHarnessesForTests('mxc-cert-cmd-');

test('7E06: the certificate written with its key is read back without the key; the key is stored 0600 in the state directory only', async () => {
  const h = await start();
  const c = await h.connect();
  const cert = await controllerCertificate(h.security.now());
  const written = await c.ok(C.Certificate, Op.Certificate.Write, { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, trustBoundaryAttested: true });
  assert.equal(written.fingerprint256, cert.fingerprint256);
  const read = await c.ok(C.Certificate, Op.Certificate.Read);
  assert.equal(read.fingerprint256, cert.fingerprint256);
  assert.equal(read.status, 'valid');
  assert.equal(read.pendingRestart, true, 'a written certificate takes effect at the restart');
  assert.equal(read.notAfter, cert.notAfter.toISOString());
  const answer = JSON.stringify(read);
  assert.ok(!answer.includes('PRIVATE KEY'), 'the read answer never carries the key');
  const file = join(h.controller.stateDir.path, 'server-certificate.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(readFileSync(file, 'utf8').includes('PRIVATE KEY'));
  const events = h.events('certificate-written');
  assert.equal(events.length, 1);
  assert.ok(!JSON.stringify(h.events()).includes('PRIVATE KEY'), 'no event carries the key');
  assert.equal(h.tlsPort(), undefined, 'no TLS service before the restart');
  await h.restart();
  assert.ok(h.tlsPort(), 'the certificate in effect after the restart opens SLMP over TLS');
  const again = await h.connect();
  assert.equal((await again.ok(C.Certificate, Op.Certificate.Read)).pendingRestart, false);
});

test('7E06: a private key over plain Ethernet without the trust-boundary attestation is refused (CF21) and nothing is stored', async () => {
  const h = await start();
  const c = await h.connect();
  const cert = await controllerCertificate(h.security.now());
  const reply = await c.call(C.Certificate, Op.Certificate.Write, { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem });
  assert.equal(reply.endCode, SecurityEndCode.secretOnPlainLink);
  assert.deepEqual((await c.ok(C.Certificate, Op.Certificate.Read)).certificatePem, null);
});

test('7E06: a key that does not belong to the certificate is refused with CF22 and nothing is stored', async () => {
  const h = await start();
  const c = await h.connect();
  const a = await controllerCertificate(h.security.now());
  const b = await controllerCertificate(h.security.now());
  const reply = await c.call(C.Certificate, Op.Certificate.Write, { certificatePem: a.certificatePem, privateKeyPem: b.privateKeyPem, trustBoundaryAttested: true });
  assert.equal(reply.endCode, SecurityEndCode.certificateKeyMismatch);
  const garbage = await c.call(C.Certificate, Op.Certificate.Write, { certificatePem: 'not a certificate', privateKeyPem: b.privateKeyPem, trustBoundaryAttested: true });
  assert.equal(garbage.endCode, SecurityEndCode.certificateKeyMismatch);
  assert.deepEqual((await c.ok(C.Certificate, Op.Certificate.Read)).certificatePem, null);
});

test('7E06: delete removes the certificate; the TLS service closes at the restart', async () => {
  const h = await start();
  const c = await h.connect();
  const cert = await controllerCertificate(h.security.now());
  await c.ok(C.Certificate, Op.Certificate.Write, { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, trustBoundaryAttested: true });
  await h.restart();
  assert.ok(h.tlsPort());
  const again = await h.connect();
  await again.ok(C.Certificate, Op.Certificate.Delete);
  assert.equal((await again.ok(C.Certificate, Op.Certificate.Read)).certificatePem, null);
  assert.equal(h.events('certificate-deleted').length, 1);
  await h.restart();
  assert.equal(h.tlsPort(), undefined);
});

test('7E06: with user authentication on, a user of the Users group may not write a certificate (C816)', async () => {
  const h = await start();
  const c = await h.connect();
  await c.ok(C.Users, Op.Users.Write, {
    users: [
      { name: 'admin', group: 'Administrators', password: 'Adm1n-Pass!' },
      { name: 'viewer', group: 'Users', password: 'V1ew-only#' },
    ],
    trustBoundaryAttested: true,
  });
  const viewer = await h.connect();
  await viewer.logon('viewer', 'V1ew-only#');
  const cert = await controllerCertificate(h.security.now());
  const reply = await viewer.call(C.Certificate, Op.Certificate.Write, { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, trustBoundaryAttested: true });
  assert.equal(reply.endCode, 0xc816);
});

test('7E09: initialization of all information deletes the certificate and closes TLS; the SD card backups and the firmware stay', async () => {
  const h = await start();
  const c = await h.connect();
  const cert = await controllerCertificate(h.security.now());
  await c.ok(C.Certificate, Op.Certificate.Write, { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, trustBoundaryAttested: true });
  const backup = await c.ok(C.Backup, Op.Backup.Create, { destination: 'sd-card', password: 'Backup-Pass#2026', trustBoundaryAttested: true });
  await h.restart();
  assert.ok(h.tlsPort());
  const admin = await h.connect();
  const restarted = new Promise<void>((resolve) => {
    const off = h.controller.onEvent((e) => {
      if (e.type === 'booted') {
        off();
        resolve();
      }
    });
  });
  await admin.ok(C.Initialize, Op.Initialize.All, { confirmModel: 'MXR300-32' });
  await restarted;
  assert.equal(h.tlsPort(), undefined, 'no certificate, no TLS service');
  const after = await h.connect();
  assert.equal((await after.ok(C.Certificate, Op.Certificate.Read)).certificatePem, null);
  const list = (await after.ok(C.Backup, Op.Backup.List)).backups as Array<{ name: string }>;
  assert.deepEqual(list.map((b) => b.name), [backup.name]);
  assert.equal((await after.ok(C.Firmware, Op.Firmware.ReadVersion)).firmwareVersion, '1.000');
  assert.equal(existsSync(join(h.controller.stateDir.path, 'backup-password.json')), false, 'the automatic-backup password is forgotten');
});

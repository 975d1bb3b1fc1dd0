// The driver against the virtual MX controller (in-process, with its security functions), over real
// sockets: the virtual USB cable and SLMP over TCP/TLS on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSelfSignedCertificate } from '../../crypto/certificate';
import { createFirmwarePackage } from '../../crypto/firmware-package';
import { PRACTICE_VENDOR_PRIVATE_KEY_PEM } from '../../crypto/practice-vendor-key';
import { inspectBackupFile } from '../../crypto/backup-file';
import { DeviceOperationError } from '../device-error';
import { ADMIN, commissionUsers, startFixture, TEST_USERS, VIEWER } from './testing/virtual-controller-fixture';
import { waitForDevice } from './testing/periodic-verification-cases';

const code = (expected: string) => (e: unknown) => {
  assert.ok(e instanceof DeviceOperationError, `expected DeviceOperationError, got ${String(e)}`);
  assert.equal(e.code, expected, e.message);
  return true;
};

test('factory device: anyone may act; writing user information turns authentication on; logon needs the right password', async (t) => {
  const f = await startFixture(t);
  await commissionUsers(f);
  const tcp = await f.tcp();
  await assert.rejects(tcp.readParameters(), code('not-logged-on'));
  await assert.rejects(tcp.logon(ADMIN.name, 'Wrong-Pass-999'), code('wrong-credentials'));
  await assert.rejects(tcp.logon('nobody', ADMIN.password), code('wrong-credentials'));
  const result = await tcp.logon(ADMIN.name, ADMIN.password);
  assert.equal(result.group, 'Administrators');
  assert.equal(tcp.loggedOnUser, ADMIN.name);
  assert.equal((await tcp.readUserAuthentication()).enabled, true);
  await tcp.logoff();
  await assert.rejects(tcp.readParameters(), code('not-logged-on'));
});

test('user information, then parameters, then restart: the parameters are in effect and read back', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  const blocks = { lockout: { failures: 3, minutes: 1 }, logonMessage: { enabled: true, text: 'Authorized personnel only. Activity is logged.' } };
  assert.deepEqual(await admin.writeParameters(blocks), []);
  const before = await admin.readParameters();
  assert.equal(before.pendingRestart, true);
  assert.deepEqual(before.written.lockout, blocks.lockout);
  assert.equal(before.inEffect.lockout, undefined);

  await admin.restart();
  const after = await f.usb();
  const logon = await after.logon(ADMIN.name, ADMIN.password);
  assert.equal(logon.logonMessage, blocks.logonMessage.text);
  const reading = await after.readParameters();
  assert.equal(reading.pendingRestart, false);
  assert.deepEqual(reading.inEffect.lockout, blocks.lockout);
  assert.deepEqual(reading.inEffect.logonMessage, blocks.logonMessage);

  // An invalid block is rejected with its path, and nothing of the write is stored.
  const rejected = await after.writeParameters({ lockout: { failures: 99, minutes: 1 } });
  assert.ok(rejected.some((r) => r.path.includes('lockout')));
  assert.deepEqual((await after.readParameters()).written.lockout, blocks.lockout);
});

test('secrets over plain TCP need the trust-boundary attestation; the USB cable does not', async (t) => {
  const f = await startFixture(t);
  await commissionUsers(f);
  const tcp = await f.tcp();
  await tcp.logon(ADMIN.name, ADMIN.password);
  // Only the changed password travels: an existing user without one keeps theirs.
  const passwords = new Map([[VIEWER.name, 'Nw5-Other-Secret']]);
  await assert.rejects(tcp.writeUserInformation(TEST_USERS, passwords), code('secret-needs-protected-link'));
  assert.deepEqual(await tcp.writeUserInformation(TEST_USERS, passwords, { trustBoundaryAttested: true }), []);
  const viewer = await f.tcp();
  await viewer.logon(VIEWER.name, 'Nw5-Other-Secret');
});

test('authority and lockout refusals are typed: no-authority for the Users group, locked-out after repeated failures', async (t) => {
  const f = await startFixture(t);
  await commissionUsers(f);
  const viewer = await f.tcp();
  await viewer.logon(VIEWER.name, VIEWER.password);
  await assert.rejects(viewer.writeParameters({ lockout: { failures: 3, minutes: 1 } }), code('no-authority'));
  const guesser = await f.tcp();
  let error: unknown;
  for (let i = 0; i < 12 && !(error instanceof DeviceOperationError && error.code === 'locked-out'); i++) {
    error = await guesser.logon(VIEWER.name, `Guess-${i}-Wrong`).then(
      () => undefined,
      (e: unknown) => e,
    );
  }
  assert.ok(error instanceof DeviceOperationError && error.code === 'locked-out', String(error));
  assert.ok((error.details.retryAfterMinutes ?? 0) >= 1);
  assert.match(error.details.endCode ?? '', /^C81[1-5]$/);
});

test('certificate written over USB; after restart a TLS link pinned to the read fingerprint works', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  const other = await createSelfSignedCertificate({ commonName: '127.0.0.1', keyType: 'ec-p256' });
  const cert = await createSelfSignedCertificate({ commonName: '127.0.0.1', keyType: 'ec-p256' });
  await assert.rejects(admin.writeCertificate(cert.certificatePem, other.privateKeyPem), code('certificate-key-mismatch'));
  const written = await admin.writeCertificate(cert.certificatePem, cert.privateKeyPem);
  const read = await admin.readCertificate();
  assert.ok(read);
  assert.equal(read.fingerprint256, written.fingerprint256);
  assert.ok(!JSON.stringify(read).includes('PRIVATE KEY'), 'the key is never read back');

  await admin.restart();
  const tls = await f.tls(read.fingerprint256);
  assert.equal(tls.link.kind, 'ethernet-tls');
  await tls.logon(ADMIN.name, ADMIN.password);
  // Over TLS a secret needs no attestation (2.4.7.1).
  const withOperator = { ...TEST_USERS, users: [...TEST_USERS.users, { name: 'op2', group: 'Users' }] };
  assert.deepEqual(await tls.writeUserInformation(withOperator, new Map([['op2', 'Tq4-Shift-Night']])), []);
  // A pin of another certificate is refused before any byte of SLMP.
  await assert.rejects(f.tls(other.fingerprint256), { code: 'certificate-mismatch' });
});

test('backup to the PC and restoration: wrong password refused and nothing changed, right password restores', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  await admin.writeParameters({ lockout: { failures: 4, minutes: 2 } });
  const progress: number[] = [];
  const backup = await admin.createBackup({ destination: 'pc', password: 'Bk9-Restore-Key', onProgress: (p) => progress.push(p.done) });
  assert.ok(backup.file && backup.file.length > 0);
  assert.equal(inspectBackupFile(backup.file).encrypted, true);
  assert.equal(progress.at(-1), backup.file.length);

  await admin.writeParameters({ lockout: { failures: 9, minutes: 9 } });
  await assert.rejects(admin.restoreBackup({ file: backup.file }, { password: 'Bk9-Restore-Key' }), code('requires-stop'));
  await admin.remoteStop();
  const tampered = Buffer.from(backup.file);
  tampered[tampered.length - 40]! ^= 0x01;
  await assert.rejects(admin.restoreBackup({ file: tampered }, { password: 'Bk9-Restore-Key' }), code('backup-integrity-failed'));
  await assert.rejects(admin.restoreBackup({ file: backup.file }, { password: 'Wrong-Restore-1' }), code('backup-wrong-password'));
  assert.deepEqual((await admin.readParameters()).written.lockout, { failures: 9, minutes: 9 });

  // The password retyped: the device still holds the uploaded file, the driver commits it again.
  const restored = await admin.restoreBackup({ file: backup.file }, { password: 'Bk9-Restore-Key' });
  assert.ok(restored.restored.length > 0);
  const check = await waitForDevice(f);
  await check.logon(ADMIN.name, ADMIN.password);
  assert.deepEqual((await check.readParameters()).written.lockout, { failures: 4, minutes: 2 });
});

test('a restoration cancelled between chunks leaves the device unchanged', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  await admin.writeParameters({ lockout: { failures: 4, minutes: 2 } });
  const backup = await admin.createBackup({ destination: 'pc' });
  await admin.writeParameters({ lockout: { failures: 9, minutes: 9 } });
  await admin.remoteStop();
  const controller = new AbortController();
  await assert.rejects(
    admin.restoreBackup({ file: backup.file! }, { signal: controller.signal, onProgress: (p) => p.done > 0 && controller.abort() }),
    code('cancelled'),
  );
  assert.deepEqual((await admin.readParameters()).written.lockout, { failures: 9, minutes: 9 });
});

test('firmware: a package for another model is refused and the version is unchanged; the right one installs', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  const before = await admin.readVersions();
  const payload = Buffer.alloc(10_000, 0x5a);
  const wrong = await createFirmwarePackage({ kind: 'firmware', targetModels: ['MXF100-16-N32'], version: '9.999', payload }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const right = await createFirmwarePackage({ kind: 'firmware', targetModels: [f.model], version: '1.100', payload }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  await admin.remoteStop();
  await assert.rejects(admin.updateFirmware(wrong), code('package-refused'));
  assert.equal((await admin.readVersions()).firmwareVersion, before.firmwareVersion);
  const progress: number[] = [];
  const installed = await admin.updateFirmware(right, { onProgress: (p) => progress.push(p.done) });
  assert.equal(installed.version, '1.100');
  assert.deepEqual(progress, [0, 4096, 8192, right.length]);
});

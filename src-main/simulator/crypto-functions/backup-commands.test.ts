// 7E07 Backup and restoration over real sockets: to the SD card and the PC, encrypted or not; a wrong
// password or a modified file changes nothing; a restoration brings back the state at the time of backup,
// except the backup encryption setting (2.4.6.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SecurityCommand as C, SecurityEndCode, SecurityOperation as Op } from '../../slmp/security-commands';
import type { SecurityClient } from '../testing/security-client';
import { cryptoHarnessesForTests, type CryptoHarness } from './testing/crypto-harness';
import { downloadBackup, uploadChunks } from './testing/bulk-transfer';
import { readD, remoteStop, writeD } from './testing/device-words';

const start = cryptoHarnessesForTests('mxc-backup-');

const PASSWORD = 'Backup-Pass#2026';

function booted(h: CryptoHarness): Promise<void> {
  return new Promise((resolve) => {
    const off = h.controller.onEvent((e) => {
      if (e.type === 'booted') {
        off();
        resolve();
      }
    });
  });
}

/** Commits a restoration that succeeds: the device answers, then restarts; resolves after the boot. */
async function commitAndRestart(h: CryptoHarness, c: SecurityClient, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const restarted = booted(h);
  const reply = await c.ok(C.Backup, Op.Backup.RestoreCommit, body);
  await restarted;
  return reply;
}

async function uploadRestore(c: SecurityClient, file: Buffer): Promise<{ restoreId: string; endCode: number }> {
  const { restoreId } = (await c.ok(C.Backup, Op.Backup.RestoreBegin, { source: 'pc', size: file.length })) as { restoreId: string };
  const endCode = await uploadChunks(file, async (offset, dataB64) => (await c.call(C.Backup, Op.Backup.RestoreChunk, { restoreId, offset, dataB64 })).endCode);
  return { restoreId, endCode };
}

test('Table 17 row 5: a backup to the SD card creates a file there', async () => {
  const h = await start();
  const c = await h.connect();
  const made = await c.ok(C.Backup, Op.Backup.Create, { destination: 'sd-card' });
  const file = join(h.security.sdCardDir, made.name as string);
  assert.ok(existsSync(file), 'the backup file is on the SD memory card');
  assert.equal(statSync(file).size, made.size);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const list = (await c.ok(C.Backup, Op.Backup.List)).backups as Array<{ name: string; size: number; createdAt: string }>;
  assert.deepEqual(list.map((b) => b.name), [made.name]);
  assert.equal(h.events('backup-success').length, 1);
  // The same backup can be read by the PC; its checksum is what the device announced.
  const bytes = await downloadBackup(c, made.backupId as string);
  assert.deepEqual(bytes, readFileSync(file));
});

test('Table 17 row 6: a wrong backup password fails with a decryption error and changes nothing', async () => {
  const h = await start();
  const c = await h.connect();
  await writeD(c, 100, 42);
  const made = await c.ok(C.Backup, Op.Backup.Create, { destination: 'sd-card', password: PASSWORD, trustBoundaryAttested: true });
  await writeD(c, 100, 99);
  await remoteStop(c);
  const { restoreId } = (await c.ok(C.Backup, Op.Backup.RestoreBegin, { source: 'sd-card', name: made.name })) as { restoreId: string };
  const wrong = await c.call(C.Backup, Op.Backup.RestoreCommit, { restoreId, password: 'Not-the-pass#1', trustBoundaryAttested: true });
  assert.equal(wrong.endCode, SecurityEndCode.backupWrongPassword);
  assert.equal(await readD(c, 100), 99, 'nothing changed');
  const failure = h.events('restore-failure');
  assert.equal(failure.length, 1);
  assert.match(failure[0]!.detail ?? '', /decryption failed/);
  assert.ok(!JSON.stringify(h.events()).includes(PASSWORD), 'no password in the event history');
  // The right password on the same transfer restores the state at the time of backup.
  const reply = await commitAndRestart(h, c, { restoreId, password: PASSWORD, trustBoundaryAttested: true });
  assert.equal(reply.restarting, true);
  assert.ok((reply.restored as string[]).includes('device-memory'));
  const again = await h.connect();
  assert.equal(await readD(again, 100), 42, 'D100 is back to its value at the time of backup, also after the restart');
  assert.equal(h.events('restore-success').length, 1);
});

test('7E07: a modified backup is refused with CF24 (integrity) and nothing changes', async () => {
  const h = await start();
  const c = await h.connect();
  await writeD(c, 7, 1234);
  const made = await c.ok(C.Backup, Op.Backup.Create, { destination: 'pc', password: PASSWORD, trustBoundaryAttested: true });
  const file = await downloadBackup(c, made.backupId as string);
  const modified = Buffer.from(file);
  modified[modified.length - 40]! ^= 0x01;
  await writeD(c, 7, 5);
  await remoteStop(c);
  const { restoreId, endCode } = await uploadRestore(c, modified);
  assert.equal(endCode, 0);
  const reply = await c.call(C.Backup, Op.Backup.RestoreCommit, { restoreId, password: PASSWORD, trustBoundaryAttested: true });
  assert.equal(reply.endCode, SecurityEndCode.backupIntegrityFailed);
  assert.equal(await readD(c, 7), 5);
  assert.match(h.events('restore-failure')[0]!.detail ?? '', /integrity/);
});

test('7E07: restoration needs the CPU in STOP (CF20); a backup password needs a protected link (CF21)', async () => {
  const h = await start();
  const c = await h.connect();
  const made = await c.ok(C.Backup, Op.Backup.Create, { destination: 'sd-card' });
  assert.equal((await c.call(C.Backup, Op.Backup.RestoreBegin, { source: 'sd-card', name: made.name })).endCode, SecurityEndCode.requiresStop);
  assert.equal((await c.call(C.Backup, Op.Backup.Create, { destination: 'sd-card', password: PASSWORD })).endCode, SecurityEndCode.secretOnPlainLink);
  assert.equal((await c.call(C.Backup, Op.Backup.RestoreBegin, { source: 'sd-card', name: '../../etc/passwd' })).endCode, SecurityEndCode.requiresStop);
  await remoteStop(c);
  assert.equal((await c.call(C.Backup, Op.Backup.RestoreBegin, { source: 'sd-card', name: '../secret.mxcbak' })).endCode, 0xc05c, 'no path outside the card');
});

test('7E07: with backup encryption on, a backup without a password is refused; a restoration keeps the current encryption setting (2.4.6.1)', async () => {
  const h = await start();
  h.writeBlocks({ backupEncryption: { enabled: false }, lockout: { failures: 3, minutes: 2 } });
  await h.restart();
  let c = await h.connect();
  await writeD(c, 0, 0);
  const made = await c.ok(C.Backup, Op.Backup.Create, { destination: 'pc' });
  const file = await downloadBackup(c, made.backupId as string);
  // Afterwards the technician turns encryption on and changes the lockout.
  h.writeBlocks({ backupEncryption: { enabled: true }, lockout: { failures: 5, minutes: 10 } });
  await h.restart();
  c = await h.connect();
  assert.equal((await c.call(C.Backup, Op.Backup.Create, { destination: 'sd-card' })).endCode, SecurityEndCode.backupPasswordRequired);
  assert.match(h.events('backup-failure')[0]!.detail ?? '', /encryption is on/);
  await remoteStop(c);
  const { restoreId } = await uploadRestore(c, file);
  await commitAndRestart(h, c, { restoreId });
  const blocks = h.security.activeBlocks();
  assert.deepEqual(blocks.lockout, { failures: 3, minutes: 2 }, 'the parameters at the time of backup are back');
  assert.deepEqual(blocks.backupEncryption, { enabled: true }, 'the encryption setting is not restored');
});

test('7E07: a backup made before any parameter was written restores without switching backup encryption off (2.4.6.1)', async () => {
  const h = await start();
  let c = await h.connect();
  const made = await c.ok(C.Backup, Op.Backup.Create, { destination: 'pc' });
  const file = await downloadBackup(c, made.backupId as string);
  h.writeBlocks({ backupEncryption: { enabled: true }, lockout: { failures: 5, minutes: 10 } });
  await h.restart();
  c = await h.connect();
  await remoteStop(c);
  const { restoreId } = await uploadRestore(c, file);
  await commitAndRestart(h, c, { restoreId });
  const blocks = h.security.activeBlocks();
  assert.equal(blocks.lockout, undefined, 'the state at the time of backup: nothing written');
  assert.deepEqual(blocks.backupEncryption, { enabled: true }, 'the encryption setting is not restored');
});

test('7E07: a restoration of an encrypted backup brings the user information back to the time of backup; an unencrypted one never carries it', async () => {
  const h = await start();
  let c = await h.connect();
  const made = await c.ok(C.Backup, Op.Backup.Create, { destination: 'sd-card', password: PASSWORD, trustBoundaryAttested: true });
  await c.ok(C.Users, Op.Users.Write, { users: [{ name: 'admin', group: 'Administrators', password: 'Adm1n-Pass!' }], trustBoundaryAttested: true });
  c = await h.connect();
  await c.logon('admin', 'Adm1n-Pass!');
  await remoteStop(c);
  const plain = await downloadBackup(c, (await c.ok(C.Backup, Op.Backup.Create, { destination: 'pc' })).backupId as string);
  assert.ok(!plain.includes('verifier') && !plain.includes('"admin"'), 'no user information in an unencrypted backup');
  const { restoreId } = (await c.ok(C.Backup, Op.Backup.RestoreBegin, { source: 'sd-card', name: made.name })) as { restoreId: string };
  const reply = await commitAndRestart(h, c, { restoreId, password: PASSWORD, trustBoundaryAttested: true });
  assert.ok((reply.restored as string[]).includes('users'));
  const after = await h.connect();
  const status = await after.ok(C.Session, Op.Session.Status);
  assert.equal(status.authenticationEnabled, false, 'at the time of backup no user was registered');
});

test('7E07: an unencrypted backup never carries the private key; an encrypted one restores the certificate', async () => {
  const h = await start();
  const c = await h.connect();
  const { controllerCertificate } = await import('./testing/test-certificates');
  const cert = await controllerCertificate(h.security.now());
  await c.ok(C.Certificate, Op.Certificate.Write, { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, trustBoundaryAttested: true });
  const plain = await downloadBackup(c, (await c.ok(C.Backup, Op.Backup.Create, { destination: 'pc' })).backupId as string);
  assert.ok(!plain.includes('PRIVATE KEY'), 'no private key in an unencrypted backup');
  const sealed = await c.ok(C.Backup, Op.Backup.Create, { destination: 'sd-card', password: PASSWORD, trustBoundaryAttested: true });
  await c.ok(C.Certificate, Op.Certificate.Delete);
  await remoteStop(c);
  const { restoreId } = (await c.ok(C.Backup, Op.Backup.RestoreBegin, { source: 'sd-card', name: sealed.name })) as { restoreId: string };
  const reply = await commitAndRestart(h, c, { restoreId, password: PASSWORD, trustBoundaryAttested: true });
  assert.ok((reply.restored as string[]).includes('certificate'));
  assert.ok(h.tlsPort(), 'the restored certificate is in effect after the restart');
});

// Table 17 row 6 and 2.4.6.1 through the app against a virtual MXR300-32: a wrong password is refused on
// the PC (nothing sent); with the correct one the state at backup comes back, and the backup encryption
// setting — not restored by the device — is set again by the app and read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, commissionUsers, startFixture } from '../devices/mx-controller/testing/virtual-controller-fixture';
import { restoreWithPassword } from './restoration';

test('restoration with the correct password; backup encryption set again and read back', async (t) => {
  const f = await startFixture(t);
  let admin = await commissionUsers(f);
  const reconnect = async () => {
    const d = await f.usb();
    await d.logon(ADMIN.name, ADMIN.password);
    return d;
  };
  assert.deepEqual(await admin.writeParameters({ backupEncryption: { enabled: true }, lockout: { failures: 4, minutes: 5 } }), []);
  await admin.restart().catch(() => undefined);
  for (let i = 0; i < 40; i++) {
    try {
      admin = await reconnect();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const backup = (await admin.createBackup({ destination: 'pc', password: 'Rs7-Restore-Pass' })).file!;
  // After the backup: encryption switched off (say, a replacement controller) and another setting changed.
  assert.deepEqual(await admin.writeParameters({ backupEncryption: { enabled: false }, lockout: { failures: 6, minutes: 5 } }), []);
  await admin.restart().catch(() => undefined);
  admin = await (async () => {
    for (let i = 0; i < 40; i++) {
      try {
        return await reconnect();
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error('no device');
  })();
  assert.equal((await admin.readParameters()).inEffect.backupEncryption?.enabled, false);

  await assert.rejects(restoreWithPassword({ driver: admin, file: backup, password: 'Rs7-Restore-Pass', encryption: { enabled: true }, reconnect }), /stop the system/);
  await admin.remoteStop();
  await assert.rejects(restoreWithPassword({ driver: admin, file: backup, password: 'Wrong-Pass-99', encryption: { enabled: true }, reconnect }), /password|decrypt/i);
  assert.equal((await admin.readParameters()).inEffect.lockout?.failures, 6, 'a wrong password changes nothing');

  const r = await restoreWithPassword({ driver: admin, file: backup, password: 'Rs7-Restore-Pass', encryption: { enabled: true }, reconnect });
  assert.equal(r.encryptionAfterRestore, false, 'the device does not restore the encryption setting');
  assert.equal(r.encryptionNow, true);
  assert.match(r.message, /set it on again and read it back/);
  assert.equal(r.reminder.status, 'satisfied');
  const after = await reconnect();
  assert.equal((await after.readParameters()).inEffect.lockout?.failures, 4, 'the state at backup is back');
  await after.close();
});

// The app's firmware, users and restoration (what firmware:run, users:* and restoration:run call) against a
// virtual MXR300-32 commissioned with `mxc commission` into the same data directory, over the pinned TLS
// link: every guard answers in main (not an Administrator, not confirmed, RUN, a tampered package, the
// last Administrator, an unacknowledged warning, a password the device's rule refuses, a wrong backup
// password), and the operations themselves succeed and are read back from the device.
import { LifecycleLinks } from './lifecycle-links';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { connectVirtual, startLifecycleController } from '../../cli/testing/lifecycle-controller';
import { runCommission } from '../../cli/commission-command';
import { readyProfile, TEST_PASSWORDS } from '../../commissioning/engine/testing/engine-fixture';
import { installationStore } from '../../store/conf-store';
import { DeviceRegistry } from '../../commissioning/engine/device-registry';
import { createFirmwarePackage } from '../../crypto/firmware-package';
import { PRACTICE_VENDOR_PRIVATE_KEY_PEM } from '../../crypto/practice-vendor-key';
import { DeviceCareService } from './device-care-service';

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;
const b64 = (b: Buffer) => ({ name: 'file.bin', base64: b.toString('base64') });

test('app device care: firmware update, users over time and restoration, each guarded in main', { timeout: 300_000 }, async (t) => {
  const { dir, usbSocket, tlsPort, admin, adminPassword, write } = await startLifecycleController(t, 'mxc-app-care-');
  const data = join(dir, 'data');
  const io = { stdout: () => undefined, stderr: () => undefined };
  await runCommission(['--profile', write('profile.json', readyProfile('MXR300-32')), '--secrets', write('s.json', { version: 1, users: Object.fromEntries(TEST_PASSWORDS) }), '--target', `usb-socket:${usbSocket}`, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'c'), '--data-dir', data, '--operator', 'T. Tester'], io, { connect: connectVirtual, reconnect: { attempts: 40, delayMs: 100 } });
  const store = installationStore(data);
  const [record] = new DeviceRegistry(store).all();
  assert.ok(record);
  // The header's link indicator: main counts the links the users screen holds open (lifecycle-links.ts).
  const links = new LifecycleLinks();
  const care = new DeviceCareService({ store, dataDir: data, links });
  t.after(() => care.close());
  const logon = { deviceId: record.deviceId, userName: admin, password: adminPassword };
  const usb = async () => {
    const d = await connectVirtual({ kind: 'usb-socket', path: usbSocket });
    await d.logon(admin, adminPassword);
    return d;
  };

  // ---- Firmware (2.4.2) ----
  const good = await createFirmwarePackage({ kind: 'firmware', targetModels: ['MXR300-32'], version: '1.300', payload: Buffer.alloc(4096, 0x5a) }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const tampered = Buffer.from(good);
  tampered[tampered.length - 10]! ^= 0xff;
  const fw = { ...logon, confirmedStoppedAndDisconnected: true, package: b64(good) };
  await assert.rejects(care.updateFirmware({ ...fw, confirmedStoppedAndDisconnected: false }), code('step-locked'));
  const d = await usb();
  await d.remoteRun();
  await assert.rejects(care.updateFirmware(fw), (e: Error & { code?: string }) => e.code === 'step-locked' && /in RUN/.test(e.message));
  await d.remoteStop();
  const before = (await d.readVersions()).firmwareVersion;
  await assert.rejects(care.updateFirmware({ ...fw, package: b64(tampered) }), code('invalid-setting'));
  assert.equal((await d.readVersions()).firmwareVersion, before, 'a tampered package changes nothing');
  const done = await care.updateFirmware(fw);
  assert.deepEqual({ before: done.before, after: done.after, ok: done.ok }, { before, after: '1.300', ok: true });
  assert.match(done.packageSha256, /^[0-9a-f]{64}$/);

  // ---- Users (2.4.4.3) ----
  await assert.rejects(care.addUser({ name: 'op9', group: 'Users', password: 'x', confirmation: 'x' }), code('no-session'));
  const [otherAdmin, otherPassword] = [...TEST_PASSWORDS.entries()][1]!;
  let view = await care.openUsers(logon);
  assert.equal(view.loggedOnAs, admin);
  assert.equal(links.current?.kind, 'ethernet-tls', 'while the users screen is open, its TLS link is shown');
  assert.equal(view.users.find((u) => u.you)?.removal.allowed, false, 'nobody removes themselves');
  const other = view.users.find((u) => u.name === otherAdmin)!;
  assert.ok(other.administrator && other.removal.allowed && other.removal.warning, 'removing the second Administrator warns first');
  const userGroup = view.groups.find((g) => !g.administrators)!.name;
  await assert.rejects(care.addUser({ name: 'op9', group: userGroup, password: 'short', confirmation: 'short' }), code('password-rejected'));
  view = await care.addUser({ name: 'op9', group: userGroup, password: 'Nt5-Late-Shift-Crew', confirmation: 'Nt5-Late-Shift-Crew' });
  assert.ok(view.users.some((u) => u.name === 'op9') && view.done);
  // op9 locks itself out with wrong passwords; the Administrator releases it.
  for (let i = 0; i < 12; i++) {
    const x = await connectVirtual({ kind: 'usb-socket', path: usbSocket });
    const r = await x.logon('op9', 'Wrong-Password-1').then(() => 'ok', (e: { code?: string }) => e.code);
    await x.close().catch(() => undefined);
    if (r === 'locked-out') break;
  }
  view = await care.openUsers(logon);
  assert.equal(view.users.find((u) => u.name === 'op9')?.locked, true);
  view = await care.unlockUser({ name: 'op9' });
  assert.equal(view.users.find((u) => u.name === 'op9')?.locked, false);
  view = await care.removeUser({ name: 'op9', acknowledgedWarning: false });
  assert.ok(!view.users.some((u) => u.name === 'op9'));
  await assert.rejects(care.removeUser({ name: otherAdmin, acknowledgedWarning: false }), code('step-locked'));
  assert.ok((await care.openUsers(logon)).users.some((u) => u.name === otherAdmin), 'nothing removed without the acknowledgement');
  view = await care.removeUser({ name: otherAdmin, acknowledgedWarning: true });
  assert.ok(view.warning, 'one Administrator left: register a second');
  assert.equal(view.users.find((u) => u.you)?.removal.refused !== undefined, true);
  await assert.rejects(care.changeOwnPassword({ current: adminPassword, next: adminPassword, confirmation: adminPassword }), (e: { code?: string }) => e.code !== undefined);
  await care.closeUsers();
  void otherPassword;
  assert.equal(links.current, null, 'logged off: no link open');

  // ---- Restoration (Table 17 row 6, 2.4.6.1) ----
  const backup = (await d.createBackup({ destination: 'pc', password: 'Rs7-Restore-Pass' })).file!;
  assert.deepEqual(await d.writeParameters({ backupEncryption: { enabled: false } }), []);
  await d.restart().catch(() => undefined);
  await d.close().catch(() => undefined);
  let again;
  for (let i = 0; i < 40 && !again; i++) again = await usb().catch(() => new Promise<undefined>((res) => setTimeout(() => res(undefined), 250)));
  assert.ok(again, 'the controller answers after its restart');
  const restoreReq = { ...logon, backup: b64(backup), backupPassword: 'Rs7-Restore-Pass' };
  await assert.rejects(care.restore(restoreReq), (e: Error & { code?: string }) => e.code === 'step-locked' && /in RUN/.test(e.message), 'restored only while the system is stopped');
  await again.remoteStop();
  await again.close();
  await assert.rejects(care.restore({ ...restoreReq, backupPassword: 'Wrong-Pass-99' }), code('password-rejected'));
  const restored = await care.restore(restoreReq);
  assert.equal(restored.encryptionExpected, true);
  assert.equal(restored.encryptionAfterRestore, false, 'the device does not restore the encryption setting');
  assert.equal(restored.setAgain, true);
  assert.equal(restored.encryptionNow, true);
  assert.match(restored.message.en, /not restored \(2\.4\.6\.1\)\. The app set it again/);
  const after = await usb();
  assert.equal((await after.readParameters()).inEffect.backupEncryption?.enabled, true);
  await after.close();
});

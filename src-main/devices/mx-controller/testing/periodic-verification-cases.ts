// The operation verification items of the security functions (Table 17 for MX-R, Table 35 for MX-F;
// src-main/commissioning/guideline/tables/periodic-verification.ts), each driven through the DRIVER
// against a virtual controller over real sockets. Table 35 repeats Table 17's checks and adds some; both
// test files call these functions, with their model, and add the MX-F extras themselves.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSelfSignedCertificate } from '../../../crypto/certificate';
import { createFirmwarePackage } from '../../../crypto/firmware-package';
import { PRACTICE_VENDOR_PRIVATE_KEY_PEM } from '../../../crypto/practice-vendor-key';
import { connectTcp } from '../../../links/tcp-link';
import { isLinkError } from '../../../links/link-error';
import type { EventRecordView } from '../../controller-security-driver';
import { DeviceOperationError } from '../../device-error';
import type { MxControllerDriver } from '../mx-controller-driver';
import { ADMIN, commissionUsers, OPERATOR, startFixture, VIEWER, type VirtualControllerFixture, type FixtureOptions } from './virtual-controller-fixture';

/** Event codes of the virtual devices (simulator/security/device-choices.ts, EVENT_DEFINITIONS). */
export const EVENT = {
  logonSuccess: 0x1001,
  logonFailure: 0x1002,
  lockout: 0x1003,
  operationRefused: 0x100a,
  ipFilterRefused: 0x2001,
  bandwidthLimited: 0x2003,
  tlsStart: 0x3001,
  tlsEnd: 0x3002,
  parameterWrite: 0x4001,
  backupSuccess: 0x5001,
  restoreFailure: 0x5004,
  initializeAll: 0x5009,
} as const;

export const isCode = (expected: string) => (e: unknown) => {
  assert.ok(e instanceof DeviceOperationError, `expected a DeviceOperationError, got ${String(e)}`);
  assert.equal(e.code, expected, e.message);
  return true;
};

/** The whole event history, page by page (a page holds at most 50 records). */
export async function readAllEvents(driver: MxControllerDriver): Promise<EventRecordView[]> {
  const all: EventRecordView[] = [];
  let from = 0;
  for (let page = 0; page < 200; page++) {
    const { records } = await driver.readEventHistory({ from, max: 50 });
    if (records.length === 0) break;
    all.push(...records);
    from = records[records.length - 1]!.seq + 1;
  }
  return all;
}

async function restartAndLogOn(f: VirtualControllerFixture, driver: MxControllerDriver): Promise<MxControllerDriver> {
  await driver.restart();
  const usb = await f.usb();
  await usb.logon(ADMIN.name, ADMIN.password);
  return usb;
}

// ---------------------------------------------------------------------------------------------------
// Row 1: initialization of all information (2.4.1 / 3.4.1)

export async function verifyInitialization(t: TestContext, model: string): Promise<void> {
  const f = await startFixture(t, model);
  const admin = await commissionUsers(f);
  assert.deepEqual(await admin.writeParameters({ lockout: { failures: 3, minutes: 1 } }), []);
  // The model named for confirmation must be this device's (2.6).
  await assert.rejects(admin.initializeAll(model === 'MXR300-32' ? 'MXF100-16-N32' : 'MXR300-32'), isCode('confirmation-mismatch'));
  await admin.initializeAll(model);
  // The device restarts; afterwards the written settings and users are gone and no logon is needed.
  const after = await waitForDevice(f);
  const users = await after.readUserAuthentication();
  assert.equal(users.enabled, false);
  assert.deepEqual(users.users, []);
  const parameters = await after.readParameters();
  assert.equal(parameters.written.lockout, undefined);
  const events = await readAllEvents(after);
  assert.ok(events.some((e) => e.code === EVENT.initializeAll), 'the first record says the device was initialized');
}

/** A driver over USB once the device answers again after a restart (initialization, restoration). */
export async function waitForDevice(f: VirtualControllerFixture): Promise<MxControllerDriver> {
  let last: unknown;
  for (let i = 0; i < 50; i++) {
    try {
      const d = await f.usb();
      await d.capabilities();
      return d;
    } catch (e) {
      last = e;
      await sleep(50);
    }
  }
  throw last;
}

// ---------------------------------------------------------------------------------------------------
// Row 2: firmware update (2.4.2 / 3.4.2)

export async function verifyFirmwareUpdate(t: TestContext, model: string): Promise<{ f: VirtualControllerFixture; admin: MxControllerDriver; before: string }> {
  const f = await startFixture(t, model);
  const admin = await commissionUsers(f);
  const before = (await admin.readVersions()).firmwareVersion;
  const payload = Buffer.alloc(9000, 0x3c);
  const otherModel = model.startsWith('MXR') ? 'MXF100-16-N32' : 'MXR300-32';
  const forOther = await createFirmwarePackage({ kind: 'firmware', targetModels: [otherModel], version: '9.900', payload }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  await admin.remoteStop();
  await assert.rejects(admin.updateFirmware(forOther), isCode('package-refused'));
  assert.equal((await admin.readVersions()).firmwareVersion, before, 'a refused package leaves the version unchanged');
  const forThis = await createFirmwarePackage({ kind: 'firmware', targetModels: [model], version: '1.200', payload }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  assert.equal((await admin.updateFirmware(forThis)).version, '1.200');
  assert.equal((await admin.readVersions()).firmwareVersion, '1.200');
  return { f, admin, before };
}

// ---------------------------------------------------------------------------------------------------
// Row 3: user authentication (2.4.4 / 3.4.4)

export async function verifyUserAuthentication(t: TestContext, model: string): Promise<VirtualControllerFixture> {
  const f = await startFixture(t, model);
  const admin = await commissionUsers(f);
  assert.deepEqual(await admin.writeParameters({ lockout: { failures: 3, minutes: 1 } }), []);
  await restartAndLogOn(f, admin);

  // Only the right combination of user name and password logs on.
  const tcp = await f.tcp();
  await assert.rejects(tcp.logon(VIEWER.name, ADMIN.password), isCode('wrong-credentials'));
  await assert.rejects(tcp.logon('nobody', VIEWER.password), isCode('wrong-credentials'));
  await tcp.logon(VIEWER.name, VIEWER.password);

  // Operations only within the authority of the user's group: the Users group views, does not write.
  await tcp.readIdentity();
  await assert.rejects(tcp.writeParameters({ lockout: { failures: 4, minutes: 1 } }), isCode('no-authority'));
  await assert.rejects(tcp.remoteStop(), isCode('no-authority'));

  // Locked out after repeated wrong combinations (3 set above), even for the right password afterwards;
  // an Administrator can release the lockout (2.4.4.3).
  const guesser = await f.tcp();
  for (let i = 0; i < 3; i++) await assert.rejects(guesser.logon(OPERATOR.name, `Wrong-${i}-Guess`), (e: unknown) => e instanceof DeviceOperationError);
  await assert.rejects(guesser.logon(OPERATOR.name, OPERATOR.password), isCode('locked-out'));
  const usb = await f.usb();
  await usb.logon(ADMIN.name, ADMIN.password);
  assert.equal((await usb.readUserAuthentication()).users.find((u) => u.name === OPERATOR.name)?.locked, true);
  await usb.unlockUser(OPERATOR.name);
  await guesser.logon(OPERATOR.name, OPERATOR.password);
  return f;
}

// ---------------------------------------------------------------------------------------------------
// Row 4: event history (2.4.5 / 3.4.5)

export async function verifyEventHistory(t: TestContext, model: string): Promise<{ f: VirtualControllerFixture; admin: MxControllerDriver }> {
  const f = await startFixture(t, model);
  const admin = await commissionUsers(f);
  // The clock first (2.4.7.3 / Table 9 row 12): event times are only as right as the device clock.
  await admin.writeClock(new Date());
  const deviceNow = await admin.readClock();
  assert.ok(Math.abs(deviceNow.getTime() - Date.now()) < 5000);
  const from = Date.now() - 2000;
  const tcp = await f.tcp();
  await assert.rejects(tcp.logon(VIEWER.name, 'Wrong-Pass-77'), isCode('wrong-credentials'));
  await tcp.logon(VIEWER.name, VIEWER.password);
  await assert.rejects(tcp.writeParameters({ lockout: { failures: 4, minutes: 1 } }), isCode('no-authority'));
  assert.deepEqual(await admin.writeParameters({ lockout: { failures: 4, minutes: 1 } }), []);
  const to = Date.now() + 2000;

  const events = await readAllEvents(admin);
  for (const code of [EVENT.logonFailure, EVENT.logonSuccess, EVENT.operationRefused, EVENT.parameterWrite]) {
    const found = events.filter((e) => e.code === code);
    assert.ok(found.length > 0, `event ${code.toString(16)} saved`);
    const at = new Date(found[found.length - 1]!.at).getTime();
    assert.ok(at >= from && at <= to, `event ${code.toString(16)} at ${found[found.length - 1]!.at} is the time it happened`);
  }
  const failure = events.filter((e) => e.code === EVENT.logonFailure).at(-1)!;
  assert.equal(failure.user, VIEWER.name);
  assert.deepEqual(await admin.verifyEventHistory(), { ok: true });
  return { f, admin };
}

// ---------------------------------------------------------------------------------------------------
// Row 5: backup (2.4.6 / 3.4.6)

export async function verifyBackupToSdCard(t: TestContext, model: string, options: FixtureOptions = {}): Promise<{ f: VirtualControllerFixture; admin: MxControllerDriver }> {
  const f = await startFixture(t, model, options);
  const admin = await commissionUsers(f);
  const before = await admin.listSdCardBackups();
  const made = await admin.createBackup({ destination: 'sd-card' });
  const after = await admin.listSdCardBackups();
  assert.equal(after.length, before.length + 1);
  const file = after.find((b) => b.name === made.name);
  assert.ok(file && file.size > 0, 'a backup file is generated on the SD card');
  assert.ok((await readAllEvents(admin)).some((e) => e.code === EVENT.backupSuccess));
  return { f, admin };
}

// ---------------------------------------------------------------------------------------------------
// Row 6: restoration (2.4.6 / 3.4.6)

export async function verifyRestoration(t: TestContext, model: string): Promise<{ f: VirtualControllerFixture; admin: MxControllerDriver }> {
  const f = await startFixture(t, model);
  const admin = await commissionUsers(f);
  assert.deepEqual(await admin.writeParameters({ lockout: { failures: 4, minutes: 2 } }), []);
  const backup = await admin.createBackup({ destination: 'pc', password: 'Rs7-Backup-Key' });
  assert.deepEqual(await admin.writeParameters({ lockout: { failures: 8, minutes: 8 } }), []);
  await admin.remoteStop();
  // An invalid password: decryption failure, nothing restored, and the failure is in the history.
  await assert.rejects(admin.restoreBackup({ file: backup.file! }, { password: 'Not-The-Key-1' }), isCode('backup-wrong-password'));
  assert.deepEqual((await admin.readParameters()).written.lockout, { failures: 8, minutes: 8 });
  assert.ok((await readAllEvents(admin)).some((e) => e.code === EVENT.restoreFailure));
  // The correct password: the state at backup is back.
  const restored = await admin.restoreBackup({ file: backup.file! }, { password: 'Rs7-Backup-Key' });
  assert.ok(restored.restored.length > 0);
  const check = await waitForDevice(f);
  await check.logon(ADMIN.name, ADMIN.password);
  assert.deepEqual((await check.readParameters()).written.lockout, { failures: 4, minutes: 2 });
  return { f, admin: check };
}

// ---------------------------------------------------------------------------------------------------
// Row 7: encrypted communication (2.4.7 / 3.4.7)

export async function verifyEncryptedCommunication(t: TestContext, model: string): Promise<void> {
  const f = await startFixture(t, model);
  const admin = await commissionUsers(f);
  await admin.writeClock(new Date());
  const own = await createSelfSignedCertificate({ commonName: '127.0.0.1', keyType: 'ec-p256' });
  await admin.writeCertificate(own.certificatePem, own.privateKeyPem);
  const pinned = (await admin.readCertificate())!.fingerprint256;
  const usb = await restartAndLogOn(f, admin);

  // A client that imported this controller's certificate communicates; start and end are recorded.
  const tls = await f.tls(pinned);
  await tls.logon(ADMIN.name, ADMIN.password);
  await tls.readIdentity();
  // A close request stops the communication.
  await tls.close();
  await assert.rejects(tls.readIdentity());
  // A client that imported another controller's certificate cannot communicate.
  const another = await createSelfSignedCertificate({ commonName: '127.0.0.1', keyType: 'ec-p256' });
  await assert.rejects(f.tls(another.fingerprint256), (e: unknown) => isLinkError(e, 'certificate-mismatch'));

  let events: EventRecordView[] = [];
  for (let i = 0; i < 40; i++) {
    events = await readAllEvents(usb);
    if (events.some((e) => e.code === EVENT.tlsEnd)) break;
    await sleep(25);
  }
  assert.ok(events.some((e) => e.code === EVENT.tlsStart), 'TLS connection communication start recorded');
  assert.ok(events.some((e) => e.code === EVENT.tlsEnd), 'TLS connection communication end recorded');
}

// ---------------------------------------------------------------------------------------------------
// Row 8: IP filter (2.4.8 / 3.4.8)

/** true when the device serves SLMP to a client bound to `localAddress`. */
async function servedFrom(f: VirtualControllerFixture, localAddress: string): Promise<boolean> {
  let driver: MxControllerDriver;
  try {
    driver = await f.tcp({ localAddress });
  } catch {
    return false;
  }
  try {
    await driver.readIdentity();
    return true;
  } catch {
    return false;
  } finally {
    await driver.close().catch(() => undefined);
  }
}

export async function verifyIpFilter(t: TestContext, model: string): Promise<void> {
  const f = await startFixture(t, model);
  let admin = await commissionUsers(f);
  // Deny mode: the address set to be denied is denied, other addresses are not.
  assert.deepEqual(await admin.writeParameters({ ipFilter: { enabled: true, mode: 'deny', entries: [{ address: '127.0.0.2' }] } }), []);
  admin = await restartAndLogOn(f, admin);
  assert.equal(await servedFrom(f, '127.0.0.2'), false, 'denied address refused');
  assert.equal(await servedFrom(f, '127.0.0.1'), true, 'other address served');
  // Allow mode: the allowed address is served, other addresses are denied.
  assert.deepEqual(await admin.writeParameters({ ipFilter: { enabled: true, mode: 'allow', entries: [{ address: '127.0.0.3' }] } }), []);
  admin = await restartAndLogOn(f, admin);
  assert.equal(await servedFrom(f, '127.0.0.3'), true, 'allowed address served');
  assert.equal(await servedFrom(f, '127.0.0.1'), false, 'other address refused');
  assert.ok((await readAllEvents(admin)).some((e) => e.code === EVENT.ipFilterRefused));
}

// ---------------------------------------------------------------------------------------------------
// Row 9: default open ports (2.4.9 / 3.4.9)

async function accepts(port: number): Promise<boolean> {
  try {
    const link = await connectTcp({ host: '127.0.0.1', port, timeoutMs: 2000 });
    await link.close();
    return true;
  } catch {
    return false;
  }
}

export async function verifyDefaultOpenPorts(t: TestContext, model: string, networkPort: 'port2' | 'port3'): Promise<void> {
  const f = await startFixture(t, model);
  const admin = await commissionUsers(f);
  const port = f.portOf('melsoft-tcp');
  assert.ok(port !== undefined, 'the MELSOFT TCP port is open at the factory');
  assert.equal(await accepts(port), true);
  assert.deepEqual(await admin.writeParameters({ defaultOpenPorts: { [networkPort]: { 'melsoft-tcp': 'closed' } } }), []);
  await restartAndLogOn(f, admin);
  assert.equal(f.portOf('melsoft-tcp'), undefined);
  assert.equal(await accepts(port), false, 'a port set "closed" cannot be accessed');
}

// ---------------------------------------------------------------------------------------------------
// Row 10: bandwidth limitation against DoS attack (2.4.10 / 3.4.10)

export async function verifyBandwidthLimitation(t: TestContext, model: string): Promise<void> {
  const f = await startFixture(t, model);
  let admin = await commissionUsers(f);
  // 64 kbit/s = 8000 bytes/s each way, the lowest limit: a few kilobytes cross it.
  assert.deepEqual(await admin.writeParameters({ bandwidthLimit: { enabled: true, sendKbps: 64, receiveKbps: 64 } }), []);
  admin = await restartAndLogOn(f, admin);
  const count = async () => (await readAllEvents(admin)).filter((e) => e.code === EVENT.bandwidthLimited).length;
  const base = await count();
  // Below the threshold: a few small requests, no access restriction event.
  const tcp = await f.tcp();
  await tcp.logon(ADMIN.name, ADMIN.password);
  for (let i = 0; i < 3; i++) await tcp.readIdentity();
  await sleep(100);
  assert.equal(await count(), base, 'no restriction below the threshold');
  // Above the threshold: about 16 KB each way in a burst (twice the one-second bucket).
  const text = 'A'.repeat(960);
  await Promise.all(Array.from({ length: 16 }, () => tcp.client.selfTest(text)));
  let after = base;
  for (let i = 0; i < 40 && after === base; i++) {
    after = await count();
    if (after === base) await sleep(50);
  }
  assert.ok(after > base, 'an access restriction event above the threshold');
}

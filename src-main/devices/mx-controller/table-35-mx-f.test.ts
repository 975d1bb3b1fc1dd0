// Table 35 "Operation verification item of the security function" (MX-F, 3.5.2): one test per row, driven
// through the driver against a virtual MXF100-16-N32 over real sockets. Each row runs Table 17's checks
// (shared with table-17-mx-r.test.ts) and then the MX-F's additional items of that row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TABLE_35_MX_F } from '../../commissioning/guideline/tables/periodic-verification';
import { ADMIN, VIEWER } from './testing/virtual-controller-fixture';
import {
  isCode,
  readAllEvents,
  verifyBackupToSdCard,
  verifyBandwidthLimitation,
  verifyDefaultOpenPorts,
  verifyEncryptedCommunication,
  verifyEventHistory,
  verifyFirmwareUpdate,
  verifyInitialization,
  verifyIpFilter,
  verifyRestoration,
  verifyUserAuthentication,
  waitForDevice,
} from './testing/periodic-verification-cases';
import { ManualScheduler } from '../../simulator/crypto-functions/scheduler';
import type { MxControllerDriver } from './mx-controller-driver';

const MODEL = 'MXF100-16-N32';
const title = (row: number): string => `Table 35 row ${row}: ${TABLE_35_MX_F[row - 1]!.item.en}`;
const MINUTE = 60_000;

test(title(1), (t) => verifyInitialization(t, MODEL));

test(title(2), async (t) => {
  const { f, admin } = await verifyFirmwareUpdate(t, MODEL);
  // The firmware is not changed unintendedly: a restart keeps the installed version.
  await admin.restart();
  const after = await f.usb();
  await after.logon(ADMIN.name, ADMIN.password);
  assert.equal((await after.readVersions()).firmwareVersion, '1.200');
});

test(title(3), async (t) => {
  const f = await verifyUserAuthentication(t, MODEL);
  const admin = await f.usb();
  await admin.logon(ADMIN.name, ADMIN.password);
  const message = 'Authorized personnel only. All activity is logged.';
  assert.deepEqual(
    await admin.writeParameters({
      logonMessage: { enabled: true, text: message },
      sessionTimers: { logoffTimeoutMinutes: 1, ethernetAliveCheckSeconds: 60, ftpSessionTimeoutSeconds: 60 },
    }),
    [],
  );
  await admin.restart();
  // The set warning message is displayed at logon.
  const viewer = await f.tcp();
  assert.equal((await viewer.logon(VIEWER.name, VIEWER.password)).logonMessage, message);
  // Logoff after the logoff timeout: an idle Administrator session on another connection, then the
  // device clock moves 2 minutes on (the timeout is 1 minute).
  const idle = await f.tcp();
  await idle.logon(ADMIN.name, ADMIN.password);
  await idle.readParameters();
  const clockSetter = await f.usb();
  await clockSetter.logon(ADMIN.name, ADMIN.password);
  await clockSetter.writeClock(new Date((await clockSetter.readClock()).getTime() + 2 * MINUTE));
  await assert.rejects(idle.readParameters(), isCode('session-expired'));
});

test(title(4), async (t) => {
  const { f, admin } = await verifyEventHistory(t, MODEL);
  // The event history is saved in the specified save destination.
  const onCard = join(f.sdCardDir, 'event-history-records.jsonl');
  assert.deepEqual(
    await admin.writeParameters({ eventHistory: { enabled: true, destination: 'sd-card', sizeKb: 128, tamperCheck: true, backupIntervalDays: 30 } }),
    [],
  );
  await admin.restart();
  const usb = await f.usb();
  await usb.logon(ADMIN.name, ADMIN.password);
  assert.equal((await usb.readParameters()).inEffect.eventHistory?.destination, 'sd-card');
  assert.ok(existsSync(onCard), 'records on the SD card');
  const sizeBefore = statSync(onCard).size;
  await assert.rejects((await f.tcp()).logon(VIEWER.name, 'Wrong-Pass-55'), isCode('wrong-credentials'));
  // Records reach the file in batches within 50 ms (simulator/controller-security.ts).
  for (let i = 0; i < 50 && statSync(onCard).size <= sizeBefore; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(statSync(onCard).size > sizeBefore, 'a new event lands on the SD card');

  assert.deepEqual(
    await usb.writeParameters({ eventHistory: { enabled: true, destination: 'data-memory', sizeKb: 128, tamperCheck: true, backupIntervalDays: 30 } }),
    [],
  );
  await usb.restart();
  const again = await f.usb();
  await again.logon(ADMIN.name, ADMIN.password);
  assert.equal((await again.readParameters()).inEffect.eventHistory?.destination, 'data-memory');
  const cardSize = existsSync(onCard) ? statSync(onCard).size : 0;
  await assert.rejects((await f.tcp()).logon(VIEWER.name, 'Wrong-Pass-56'), isCode('wrong-credentials'));
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(existsSync(onCard) ? statSync(onCard).size : 0, cardSize, 'the SD card is no longer written');
  assert.ok((await readAllEvents(again)).some((e) => e.code === 0x1002 && e.at > new Date(Date.now() - MINUTE).toISOString()));
});

test(title(5), async (t) => {
  // The device's periodic check is driven by the test (a manual scheduler standing in for its 15 s
  // timer), so the row runs in moments instead of half a minute of real time.
  const scheduler = new ManualScheduler();
  const { f, admin } = await verifyBackupToSdCard(t, MODEL, { scheduler });
  // Automatic backup at the specified time (device clock, UTC): set one minute ahead, then move the
  // clock past it. Not covered here: the retry while another exclusive function runs and the upper
  // limit of kept backups (the simulator's automatic-backup tests cover both).
  const now = await admin.readClock();
  const due = new Date(now.getTime() + MINUTE);
  const hhmm = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
  assert.deepEqual(
    await admin.writeParameters({ automaticBackup: { enabled: true, trigger: 'time', time: hhmm, retryCount: 3, retryIntervalSeconds: 5, maxKept: 2 } }),
    [],
  );
  await admin.restart();
  const usb = await waitForDevice(f);
  await usb.logon(ADMIN.name, ADMIN.password);
  await scheduler.tick(); // the device looks at its clock before the set time
  assert.deepEqual(readdirSync(f.sdCardDir).filter((n) => n.startsWith('AUTO-')), [], 'nothing before the set time');
  await usb.writeClock(new Date(due.getTime() + MINUTE));
  await scheduler.tick(); // and after it
  const automatic = readdirSync(f.sdCardDir).filter((n) => n.startsWith('AUTO-'));
  assert.ok(automatic.length > 0, 'an automatic backup file is generated at the specified time');
  assert.ok((await usb.listSdCardBackups()).some((b) => b.name.startsWith('AUTO-')));
});

test(title(6), async (t) => {
  const { f, admin } = await verifyRestoration(t, MODEL);
  const restartAndLogOn = async (driver: MxControllerDriver): Promise<MxControllerDriver> => {
    await driver.restart();
    const usb = await waitForDevice(f);
    await usb.logon(ADMIN.name, ADMIN.password);
    return usb;
  };
  const r0 = async (d: MxControllerDriver): Promise<number> => (await d.client.readWords('R', 0, 1))[0]!;
  const restorations = async (d: MxControllerDriver, name: 'restore-success' | 'restore-failure') => (await readAllEvents(d)).filter((e) => e.name === name);
  const atBackup = { failures: 4, minutes: 2 };
  const changed = { failures: 6, minutes: 6 };


  // Automatic restoration: at the controller's start, from the SD memory card, with the backup password the
  // device keeps (that of the last encrypted backup made by hand). R is a file register (kept by a restart),
  // SD1500 a special register.
  const AUTO_KEY = 'Auto-Restore-Key1';
  await admin.client.writeWords('R', 0, [0x1111]);
  await admin.client.writeWords('SD', 1500, [0x2222]);
  const { name } = await admin.createBackup({ destination: 'sd-card', password: AUTO_KEY });
  const setting = { enabled: true, backup: name, timing: 'once', restoreSpecialDevices: true, initializeOtherDrives: false } as const;
  assert.deepEqual(await admin.writeParameters({ lockout: changed, automaticRestoration: setting }), []);
  await admin.client.writeWords('R', 0, [0x3333]);
  let usb = await restartAndLogOn(admin);
  const parameters = await usb.readParameters();
  assert.deepEqual(parameters.written.lockout, atBackup, 'the state at the time of backup is back');
  assert.deepEqual(parameters.inEffect.lockout, atBackup, 'and in effect');
  assert.deepEqual(parameters.inEffect.automaticRestoration, setting);
  assert.equal(await r0(usb), 0x1111);
  assert.equal((await usb.client.readWords('SD', 1500, 1))[0], 0x2222, 'special registers restored when set');
  const succeeded = await restorations(usb, 'restore-success');
  assert.match(succeeded.at(-1)?.detail ?? '', /^Automatic restoration from the SD memory card/);

  // "once": a later start does not restore the same backup again.
  await usb.client.writeWords('R', 0, [0x4444]);
  usb = await restartAndLogOn(usb);
  assert.equal(await r0(usb), 0x4444, 'changed after the restoration, kept');
  assert.equal((await restorations(usb, 'restore-success')).length, succeeded.length);

  // A kept password that is not the backup's: decryption failure, nothing changes, the controller runs.
  await usb.createBackup({ destination: 'sd-card', password: 'Other-Backup-Key2' });
  assert.deepEqual(await usb.writeParameters({ lockout: changed, automaticRestoration: { ...setting, timing: 'every-start' } }), []);
  usb = await restartAndLogOn(usb);
  assert.match((await restorations(usb, 'restore-failure')).at(-1)?.detail ?? '', /^Automatic restoration .* decryption failed/);
  assert.deepEqual((await usb.readParameters()).written.lockout, changed, 'nothing restored');
  assert.equal(await r0(usb), 0x4444);

  // Initialization for automatic restoration: with only the parameters as target, device memory (a drive
  // outside the target) is kept when it is off and initialized when it is on.
  await usb.createBackup({ destination: 'sd-card', password: AUTO_KEY }); // the kept password is the backup's again
  const onlyParameters = { ...setting, timing: 'every-start', restoreSpecialDevices: false, targets: ['parameters'] } as const;
  assert.deepEqual(await usb.writeParameters({ automaticRestoration: { ...onlyParameters, targets: [...onlyParameters.targets] } }), []);
  usb = await restartAndLogOn(usb);
  assert.deepEqual((await usb.readParameters()).written.lockout, atBackup);
  assert.equal(await r0(usb), 0x4444, 'not initialized when not set');
  assert.deepEqual(await usb.writeParameters({ lockout: changed, automaticRestoration: { ...onlyParameters, targets: [...onlyParameters.targets], initializeOtherDrives: true } }), []);
  usb = await restartAndLogOn(usb);
  assert.deepEqual((await usb.readParameters()).written.lockout, atBackup);
  assert.equal(await r0(usb), 0, 'the drive outside the restoration target is initialized');
  assert.match((await restorations(usb, 'restore-success')).at(-1)?.detail ?? '', /other drives initialized: device-memory/);
  // Users are never initialized by it: the same Administrator still logs on (restartAndLogOn did).

  // Manual restoration with "restore special relays and registers": SD/SM come back only when asked
  // (automatic restoration off, so the restarts restore nothing by themselves).
  assert.deepEqual(await usb.writeParameters({ automaticRestoration: { ...setting, enabled: false } }), []);
  usb = await restartAndLogOn(usb);
  const MANUAL_KEY = 'Manual-Restore-Key3';
  await usb.client.writeWords('SD', 1501, [0x5555]);
  const manual = await usb.createBackup({ destination: 'pc', password: MANUAL_KEY });
  await usb.client.writeWords('SD', 1501, [0x6666]);
  await usb.remoteStop();
  await usb.restoreBackup({ file: manual.file! }, { password: MANUAL_KEY });
  let check = await waitForDevice(f);
  await check.logon(ADMIN.name, ADMIN.password);
  assert.notEqual((await check.client.readWords('SD', 1501, 1))[0], 0x5555, 'special registers are not restored unless asked');
  await check.client.writeWords('SD', 1501, [0x6666]);
  await check.remoteStop();
  await check.restoreBackup({ file: manual.file! }, { password: MANUAL_KEY, restoreSpecialDevices: true });
  check = await waitForDevice(f);
  await check.logon(ADMIN.name, ADMIN.password);
  assert.equal((await check.client.readWords('SD', 1501, 1))[0], 0x5555, 'special registers restored when asked');
});
test(title(7), (t) => verifyEncryptedCommunication(t, MODEL));
test(title(8), (t) => verifyIpFilter(t, MODEL));
// The MX-F's Ethernet port is port 2 (CC-Link IE TSN on port 1).
test(title(9), (t) => verifyDefaultOpenPorts(t, MODEL, 'port2'));
test(title(10), (t) => verifyBandwidthLimitation(t, MODEL));

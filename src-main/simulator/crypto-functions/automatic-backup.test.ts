// Automatic backup (Table 35 row 5) over the real controller: the device clock is moved and the scheduler
// ticked by hand, so the test runs in milliseconds while the device lives through weeks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectBackupFile } from '../../crypto/backup-file';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { cryptoHarnessesForTests, type CryptoHarness } from './testing/crypto-harness';
import { remoteStop } from './testing/device-words';
import { dueBetween, type AutomaticBackupSetting } from './automatic-backup';
import { SdCard } from './sd-card';
import { exclusiveFunctionsOf } from './exclusive-functions';
import { eventually } from '../testing/security-client';

const harness = cryptoHarnessesForTests('mxc-auto-backup-');
async function start(setting: Partial<AutomaticBackupSetting>): Promise<CryptoHarness> {
  const h = await harness();
  h.writeBlocks({ automaticBackup: { enabled: true, trigger: 'time', time: '01:00', retryCount: 0, retryIntervalSeconds: 60, maxKept: 10, ...setting } });
  await h.restart();
  return h;
}

/** Sets the device clock and lets the controller look at it. */
async function at(h: CryptoHarness, iso: string): Promise<void> {
  h.security.setClock(new Date(iso));
  await h.scheduler.tick();
}

const automaticBackups = (h: CryptoHarness): string[] => new SdCard(h.security.sdCardDir).list().map((b) => b.name).filter((name) => name.startsWith('AUTO-'));

test('Table 35 row 5: automatic backup at the set day-of-week and time; upper limit', async () => {
  // Mondays at 03:00, keep at most 2. 2026-03-02 is a Monday.
  const h = await start({ trigger: 'day-of-week', time: '03:00', daysOfWeek: [1], maxKept: 2 });
  await at(h, '2026-03-02T02:59:00Z');
  assert.deepEqual(automaticBackups(h), [], 'not before the time');
  await at(h, '2026-03-02T03:00:30Z');
  assert.deepEqual(automaticBackups(h), ['AUTO-20260302-030030.mxcbak']);
  await at(h, '2026-03-03T03:00:30Z');
  assert.equal(automaticBackups(h).length, 1, 'Tuesday is not a backup day');
  await at(h, '2026-03-09T03:05:00Z');
  assert.equal(automaticBackups(h).length, 2);
  // A backup made by hand does not count against the automatic upper limit and is never deleted by it.
  const c = await h.connect();
  const manual = await c.ok(C.Backup, Op.Backup.Create, { destination: 'sd-card' });
  await at(h, '2026-03-16T03:01:00Z');
  assert.deepEqual(automaticBackups(h), ['AUTO-20260309-030500.mxcbak', 'AUTO-20260316-030100.mxcbak'], 'at the limit the oldest is deleted');
  assert.ok(new SdCard(h.security.sdCardDir).list().some((b) => b.name === manual.name));
  const last = h.events('backup-success').at(-1)!;
  assert.match(last.detail ?? '', /upper limit reached, deleted AUTO-20260302-030030/);
  // The backup carries the device clock time it was made at.
  const info = inspectBackupFile(readFileSync(join(h.security.sdCardDir, 'AUTO-20260316-030100.mxcbak')));
  assert.equal(info.createdAt.toISOString().slice(0, 16), '2026-03-16T03:01');
});

test('Table 35 row 5: while a function that cannot run at the same time is running, the automatic backup retries', async () => {
  const h = await start({ trigger: 'time', time: '01:00', retryCount: 1, retryIntervalSeconds: 60 });
  await at(h, '2026-04-01T00:59:00Z');
  // A firmware upload in progress holds the controller (2.4.2: update in STOP).
  const c = await h.connect();
  await remoteStop(c);
  await c.ok(C.Firmware, Op.Firmware.Begin, { size: 100 });
  await at(h, '2026-04-01T01:00:10Z');
  assert.deepEqual(automaticBackups(h), [], 'busy: not made yet');
  c.close();
  // The device abandons the upload when it sees the connection close.
  await eventually(() => exclusiveFunctionsOf(h.controller).busyWith === undefined);
  await at(h, '2026-04-01T01:00:40Z');
  assert.deepEqual(automaticBackups(h), [], 'the retry waits for its interval');
  await at(h, '2026-04-01T01:01:15Z');
  assert.deepEqual(automaticBackups(h), ['AUTO-20260401-010115.mxcbak'], 'the retry made it');
});

test('Table 35 row 5: when every retry finds the controller busy, the failure is recorded', async () => {
  const h = await start({ trigger: 'time', time: '01:00', retryCount: 1, retryIntervalSeconds: 30 });
  await at(h, '2026-04-01T00:59:00Z');
  const c = await h.connect();
  await remoteStop(c);
  await c.ok(C.Firmware, Op.Firmware.Begin, { size: 100 });
  await at(h, '2026-04-01T01:00:10Z');
  await at(h, '2026-04-01T01:00:45Z');
  assert.deepEqual(automaticBackups(h), []);
  const failure = h.events('backup-failure');
  assert.equal(failure.length, 1);
  assert.match(failure[0]!.detail ?? '', /firmware update was running through 1 retries/);
});

test('Table 35 row 5: automatic backup at a stop error', async () => {
  const h = await start({ trigger: 'stop-error' });
  await h.scheduler.tick();
  assert.deepEqual(automaticBackups(h), []);
  h.security.raiseError(0x3100, 'practice stop error');
  await h.scheduler.tick();
  assert.equal(automaticBackups(h).length, 1);
  await h.scheduler.tick();
  assert.equal(automaticBackups(h).length, 1, 'one backup per stop error');
});

test('automatic backups are encrypted while backup encryption is on, with the password of the last encrypted backup made by hand', async () => {
  const h = await start({ trigger: 'time', time: '02:00' });
  h.writeBlocks({ backupEncryption: { enabled: true } });
  await h.restart();
  await at(h, '2026-05-01T01:59:00Z');
  await at(h, '2026-05-01T02:00:05Z');
  assert.deepEqual(automaticBackups(h), [], 'no password known yet');
  assert.match(h.events('backup-failure').at(-1)!.detail ?? '', /no backup password/);
  const c = await h.connect();
  await c.ok(C.Backup, Op.Backup.Create, { destination: 'pc', password: 'Backup-Pass#2026', trustBoundaryAttested: true });
  await at(h, '2026-05-02T02:00:05Z');
  const [name] = automaticBackups(h);
  assert.ok(name);
  assert.equal(inspectBackupFile(readFileSync(join(h.security.sdCardDir, name))).encrypted, true);
});

test('dueBetween: daily and weekly moments on the device clock (UTC)', () => {
  const daily: AutomaticBackupSetting = { enabled: true, trigger: 'time', time: '23:30', retryCount: 0, retryIntervalSeconds: 1, maxKept: 1 };
  assert.equal(dueBetween(daily, new Date('2026-01-01T23:29:00Z'), new Date('2026-01-01T23:31:00Z')), true);
  assert.equal(dueBetween(daily, new Date('2026-01-01T23:30:00Z'), new Date('2026-01-01T23:31:00Z')), false, 'a moment is due once');
  assert.equal(dueBetween(daily, new Date('2026-01-02T00:00:00Z'), new Date('2026-01-01T00:00:00Z')), false, 'clock set back');
  const weekly: AutomaticBackupSetting = { ...daily, trigger: 'day-of-week', daysOfWeek: [0] };
  assert.equal(dueBetween(weekly, new Date('2026-01-03T23:00:00Z'), new Date('2026-01-03T23:59:00Z')), false, 'Saturday');
  assert.equal(dueBetween(weekly, new Date('2026-01-04T23:00:00Z'), new Date('2026-01-04T23:59:00Z')), true, 'Sunday');
});

// Table 17 row 4 (event history): "each event for which no filter settings have been made shall be saved
// in the event history". The filter is the eventHistory block's `excludedEvents`, written through the
// driver to a virtual MXR300-32 over real sockets; after the restart the filtered event is no longer
// saved and every other one still is. Events whose hiding would hide an attack cannot be filtered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParameterBlocks } from '../controller-security-driver';
import { readAllEvents } from './testing/periodic-verification-cases';
import { ADMIN, commissionUsers, startFixture, VIEWER } from './testing/virtual-controller-fixture';
import { DeviceOperationError } from '../device-error';

const HISTORY: NonNullable<ParameterBlocks['eventHistory']> = { enabled: true, destination: 'data-memory', sizeKb: 128, tamperCheck: true, backupIntervalDays: 30 };

test('Table 17 row 4: a filtered event is not saved after the restart; events without a filter setting still are', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  assert.deepEqual(await admin.writeParameters({ eventHistory: { ...HISTORY, excludedEvents: ['remote-run'] } }), []);
  // Before the restart the filter is written, not in effect: a remote RUN is still saved.
  await admin.remoteStop();
  await admin.remoteRun();
  const before = await readAllEvents(admin);
  assert.ok(before.some((e) => e.name === 'remote-run'), 'written parameters take effect only at the restart');

  await admin.restart();
  const usb = await f.usb();
  await usb.logon(ADMIN.name, ADMIN.password);
  assert.deepEqual((await usb.readParameters()).inEffect.eventHistory?.excludedEvents, ['remote-run'], 'read parameters shows the filter in effect');
  const from = (await readAllEvents(usb)).at(-1)!.seq + 1;

  await usb.remoteStop(); // no filter setting: saved
  await usb.remoteRun(); // filtered: not saved
  const tcp = await f.tcp();
  await assert.rejects(tcp.logon(VIEWER.name, 'Wrong-Pass-77'), (e: unknown) => e instanceof DeviceOperationError); // unfilterable anyway
  await usb.remoteStop();

  const since = (await readAllEvents(usb)).filter((e) => e.seq >= from);
  const names = since.map((e) => e.name);
  assert.equal(names.filter((n) => n === 'remote-stop').length, 2, `remote STOP saved each time: ${names.join(', ')}`);
  assert.ok(!names.includes('remote-run'), `the filtered remote RUN is not saved: ${names.join(', ')}`);
  assert.ok(names.includes('logon-failure'), 'the failed logon is saved');
  // The history of the filter change itself is kept, and the chain is intact.
  assert.ok((await readAllEvents(usb)).some((e) => e.name === 'event-history-settings-changed' && /excluded=\["remote-run"\]/.test(e.detail ?? '')));
  assert.deepEqual(await usb.verifyEventHistory(), { ok: true });

  // Removing the filter (no excludedEvents) saves remote RUN again after the next restart.
  assert.deepEqual(await usb.writeParameters({ eventHistory: HISTORY }), []);
  await usb.restart();
  const again = await f.usb();
  await again.logon(ADMIN.name, ADMIN.password);
  assert.equal((await again.readParameters()).inEffect.eventHistory?.excludedEvents, undefined);
  const mark = (await readAllEvents(again)).at(-1)!.seq + 1;
  await again.remoteStop();
  await again.remoteRun();
  assert.ok((await readAllEvents(again)).some((e) => e.seq >= mark && e.name === 'remote-run'));
});

test('events whose hiding would hide an attack, and names the device does not have, are refused with their path', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  const rejected = await admin.writeParameters({ eventHistory: { ...HISTORY, excludedEvents: ['file-read', 'logon-failure', 'no-such-event', 'event-history-cleared'] } });
  assert.deepEqual(
    rejected.map((r) => r.path),
    ['blocks.eventHistory.excludedEvents.1', 'blocks.eventHistory.excludedEvents.2', 'blocks.eventHistory.excludedEvents.3'],
  );
  assert.match(rejected[0]!.message, /"Logon failed" cannot be filtered out: hiding it would hide an attack/);
  assert.match(rejected[1]!.message, /"no-such-event" is not an event of this controller/);
  assert.match(rejected[2]!.message, /"Event history cleared" cannot be filtered out/);
  // An invalid block rejects the whole write: nothing was stored.
  assert.equal((await admin.readParameters()).written.eventHistory, undefined);
});

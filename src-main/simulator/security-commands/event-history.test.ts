// Event history over real sockets (2.4.5, Table 17 row 4 / Table 35 row 4, Table 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Subcommand } from '../../slmp/commands';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { EVENT_RECORDS_FILE } from '../controller-security';
import { readHistoryFile } from '../security/history-file';
import { eventually } from '../testing/security-client';
import { securedControllersForTests } from '../testing/security-client';

const start = securedControllersForTests('mxc-sec-events-');

type Rec = { seq: number; at: string; code: string; name: string; user?: string; peer?: string; transport?: string; detail?: string };
const ADMIN = { name: 'admin', password: 'Adm1n-Pass!' };

test('Table 17 row 4: events are saved with the device time, including remote operations and the clock change', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  const deviceTime = '2031-03-04T05:06:07.000Z';
  const previous = await usb.ok(C.Clock, Op.Clock.Write, { time: deviceTime });
  assert.ok(Math.abs(Date.parse(previous.previousTime as string) - Date.now()) < 5000);
  const tcp = await r.connect();
  assert.equal((await tcp.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]))).endCode, 0);
  assert.equal((await tcp.request(Command.RemoteRun, Subcommand.None, Buffer.from([1, 0, 0, 0]))).endCode, 0);
  const { records, total, settings } = await usb.ok(C.EventHistory, Op.EventHistory.Read);
  const list = records as Rec[];
  assert.equal(total, list.length);
  assert.deepEqual(settings, { enabled: true, destination: 'sd-card', sizeKb: 128, tamperCheck: false, capacity: 1365 });
  const clock = list.find((e) => e.name === 'clock-change')!;
  assert.equal(clock.code, '4005');
  assert.match(clock.detail!, /to 2031-03-04T05:06:07.000Z/);
  const stop = list.find((e) => e.name === 'remote-stop')!;
  assert.equal(stop.code, '4007');
  assert.equal(stop.peer, '127.0.0.1');
  assert.equal(stop.transport, 'tcp');
  const at = Date.parse(stop.at);
  assert.ok(at >= Date.parse(deviceTime) && at < Date.parse(deviceTime) + 60_000, `device time, not PC time: ${stop.at}`);
  assert.ok(list.some((e) => e.name === 'remote-run'));
  const time = await usb.ok(C.Clock, Op.Clock.Read);
  assert.ok((time.deviceTime as string).startsWith('2031-03-04'));
});

test('Table 35 row 4 (MX-F): events are saved in the chosen destination, the SD card folder or data memory', async () => {
  const r = await start('MXF100-16-N32');
  const usb = await r.connectUsb();
  await usb.ok(C.Session, Op.Session.Status);
  await usb.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]));
  // Records reach the file in batches within 50 ms (controller-security.ts).
  await eventually(() => existsSync(join(r.sdCardDir, EVENT_RECORDS_FILE)));
  assert.ok(!existsSync(join(r.stateDir, EVENT_RECORDS_FILE)));
  const blocks = { eventHistory: { enabled: true, destination: 'data-memory', sizeKb: 64, tamperCheck: true, backupIntervalDays: 30 } };
  assert.deepEqual((await usb.ok(C.Parameters, Op.Parameters.Write, { blocks })).rejected, []);
  await r.controller.restart();
  const again = await r.connectUsb();
  await again.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]));
  await eventually(() => readHistoryFile(join(r.stateDir, EVENT_RECORDS_FILE)).filter((e) => e.name === 'remote-stop').length === 2);
  const inState = readHistoryFile(join(r.stateDir, EVENT_RECORDS_FILE)) as unknown as Rec[];
  assert.ok(inState.some((e) => e.name === 'event-history-settings-changed'));
  assert.ok(inState.filter((e) => e.name === 'remote-stop').length === 2, 'earlier records moved with the history');
  assert.ok(!existsSync(join(r.sdCardDir, EVENT_RECORDS_FILE)), 'no copy left on the SD card');
  const { settings } = await again.ok(C.EventHistory, Op.EventHistory.Read);
  assert.deepEqual(settings, { enabled: true, destination: 'data-memory', sizeKb: 64, tamperCheck: true, capacity: 682 });
});

test('Table 9 row 13: the manipulation check reports the first edited record', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { eventHistory: { enabled: true, destination: 'data-memory', sizeKb: 128, tamperCheck: true } } });
  await r.controller.restart();
  const c = await r.connectUsb();
  for (let i = 0; i < 3; i++) await c.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]));
  assert.deepEqual(await c.ok(C.EventHistory, Op.EventHistory.Verify), { ok: true });
  const file = join(r.stateDir, EVENT_RECORDS_FILE);
  const records = readHistoryFile(file) as unknown as Rec[];
  const index = records.findIndex((e) => e.name === 'remote-stop');
  records[index]!.detail = 'nothing happened here';
  writeFileSync(file, JSON.stringify(records));
  const verdict = await c.ok(C.EventHistory, Op.EventHistory.Verify);
  assert.deepEqual(verdict, { ok: false, firstBadIndex: index, reason: 'edited' });
  const after = (await c.ok(C.EventHistory, Op.EventHistory.Read)).records as Rec[];
  assert.ok(after.some((e) => e.name === 'event-history-tampered'));
});

test('Table 9 row 13: a record the device already verified, edited in place (same size, same file format), is still found', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { eventHistory: { enabled: true, destination: 'data-memory', sizeKb: 128, tamperCheck: true } } });
  await r.controller.restart();
  const c = await r.connectUsb();
  for (let i = 0; i < 60; i++) await c.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]));
  // Verified once, then read page by page (each page reuses what was verified, issue 11 export speed).
  assert.deepEqual(await c.ok(C.EventHistory, Op.EventHistory.Verify), { ok: true });
  const first = await c.ok(C.EventHistory, Op.EventHistory.Read, { from: 0, max: 20 });
  assert.equal((first.records as Rec[]).length, 20);
  const file = join(r.stateDir, EVENT_RECORDS_FILE);
  const text = readFileSync(file, 'utf8');
  const records = readHistoryFile(file) as unknown as Rec[];
  const index = records.findIndex((e) => e.name === 'remote-stop') + 5;
  const line = JSON.stringify(records[index]);
  // One character of the time changed: the file keeps its size and its one-record-per-line format.
  const edited = line.replace(/"at":"(\d)/, (_m, d: string) => `"at":"${d === '1' ? '2' : '1'}`);
  assert.notEqual(edited, line);
  writeFileSync(file, text.replace(line, edited));
  assert.equal(readFileSync(file).length, Buffer.byteLength(text));
  assert.deepEqual(await c.ok(C.EventHistory, Op.EventHistory.Verify), { ok: false, firstBadIndex: index, reason: 'edited' });
});

test('Table 12 row 4: only an Administrator clears the event history, and the clearing is its first record', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  await usb.ok(C.Users, Op.Users.Write, { users: [{ name: ADMIN.name, group: 'Administrators', password: ADMIN.password }, { name: 'viewer', group: 'Users', password: 'V1ew-only#' }] });
  const viewer = await r.connect();
  await viewer.logon('viewer', 'V1ew-only#');
  assert.equal((await viewer.call(C.EventHistory, Op.EventHistory.Clear)).endCode, 0xc816);
  await usb.logon(ADMIN.name, ADMIN.password);
  const before = (await usb.ok(C.EventHistory, Op.EventHistory.Read)).total as number;
  assert.ok(before >= 3);
  await usb.ok(C.EventHistory, Op.EventHistory.Clear);
  const { records, total } = await usb.ok(C.EventHistory, Op.EventHistory.Read);
  assert.equal(total, 1);
  const first = (records as Rec[])[0]!;
  assert.equal(first.name, 'event-history-cleared');
  assert.equal(first.user, ADMIN.name);
  assert.deepEqual(await usb.ok(C.EventHistory, Op.EventHistory.Verify), { ok: true }, 'the chain continues across the clearing');
});

test('2.4.5: the history is read in pages that each fit a frame', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  for (let i = 0; i < 70; i++) await usb.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]));
  const seen: number[] = [];
  let from = 0;
  for (let page = 0; page < 10; page++) {
    const { records, total } = await usb.ok(C.EventHistory, Op.EventHistory.Read, { from, max: 50 });
    const list = records as Rec[];
    assert.ok(list.length <= 50);
    seen.push(...list.map((e) => e.seq));
    if (seen.length >= (total as number) || list.length === 0) break;
    from = list.at(-1)!.seq + 1;
  }
  assert.equal(seen.length, 70);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
});
